// Patches postgres.js 3.4.9's write scheduler (docs/decisions/0024-postgres-js-patch.md): a write that
// goes out after its connection closed crashes the process (porsager/postgres#1154, an uncaught
// TypeError from a setImmediate), and a connection that closed with a write pending never flushes again
// (its startup message waits until the connect timeout). Run by `npm install` (postinstall) and safe to
// run again; it fails loudly when the text it patches is not there, e.g. after an upgrade of postgres:
// then check whether the new version fixes both and drop this script, or adapt it.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MARK = '/* campus-safety patch 0024 */';
const VERSION = '3.4.9';
// The ESM build (Node), the CommonJS build and the Cloudflare build (Workers) carry the same code.
const builds = ['src', 'cjs/src', 'cf/src'].map((dir) => join(root, 'node_modules/postgres', dir, 'connection.js'));

const edits = [
  {
    why: 'a write whose connection has closed settles its queries with CONNECTION_CLOSED instead of throwing',
    find: '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)\n',
    count: 1,
    replace:
      '  function nextWrite(fn) {\n' +
      `    if (!socket) { ${MARK}\n` +
      '      chunk = nextWriteTimer = null\n' +
      "      error(Errors.connection('CONNECTION_CLOSED', options))\n" +
      '      return true\n' +
      '    }\n' +
      '    const x = socket.write(chunk, fn)\n',
  },
  {
    why: 'closing (terminate, closed) forgets the pending write, so the next socket flushes its own',
    find: '    clearImmediate(nextWriteTimer)\n    ',
    count: 2,
    replace: `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null ${MARK}\n    `,
  },
];

const { version } = JSON.parse(readFileSync(join(root, 'node_modules/postgres/package.json'), 'utf8'));
if (version !== VERSION) fail(`postgres is ${version}, this patch is for ${VERSION}`);

for (const file of builds) {
  let text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) continue; // patched already
  for (const edit of edits) {
    const found = text.split(edit.find).length - 1;
    if (found !== edit.count) fail(`${file}: expected ${edit.count} × the text to patch (${edit.why}), found ${found}`);
    text = text.split(edit.find).join(edit.replace);
  }
  writeFileSync(file, text);
  console.log(`patched ${file.slice(root.length + 1)} (docs/decisions/0024-postgres-js-patch.md)`);
}

function fail(message) {
  console.error(`scripts/patch-postgres.mjs: ${message}.\nSee docs/decisions/0024-postgres-js-patch.md.`);
  process.exit(1);
}
