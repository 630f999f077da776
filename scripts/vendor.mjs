// Copies browser libraries from node_modules into public/vendor so that both the Node server and the
// Worker's static assets serve them from our own origin (never a CDN), then records the version (a
// content hash) of every file in public/ for the Worker's links (src/assets/versions.generated.json).
// The Node server hashes public/ itself when it starts (src/assets/node-files.ts), so an edited
// stylesheet is never served under an old version there; `npm run build:worker` runs this script first.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const publicDir = join(root, 'public');
mkdirSync(join(publicDir, 'vendor'), { recursive: true });
copyFileSync(join(root, 'node_modules/htmx.org/dist/htmx.min.js'), join(publicDir, 'vendor/htmx.min.js'));

// Same hash as contentVersion() in src/assets/node-files.ts.
const version = (path) => createHash('sha256').update(readFileSync(path)).digest('base64url').slice(0, 12);
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
const versions = Object.fromEntries(files(publicDir).sort().map((path) => [relative(publicDir, path).split(sep).join('/'), version(path)]));
writeFileSync(join(root, 'src/assets/versions.generated.json'), JSON.stringify(versions, null, 2) + '\n');
