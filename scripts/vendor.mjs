// Copies browser libraries from node_modules into public/vendor so that both the Node server and the
// Worker's static assets serve them from our own origin (never a CDN).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'public/vendor'), { recursive: true });
copyFileSync(join(root, 'node_modules/htmx.org/dist/htmx.min.js'), join(root, 'public/vendor/htmx.min.js'));
