// The Worker bundle must not reach Node-only code (PGlite, migrations, the Node entry, seeds, node:fs…).
// A clean `wrangler deploy --dry-run` alone does not prove it: most of these would bundle without error
// and only fail (or bloat the upload) at run time.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(tmpdir(), 'cs-worker-bundle-'));

interface Metafile {
  outputs: Record<string, { bytes: number; inputs?: Record<string, unknown>; imports?: Array<{ path: string; external?: boolean }> }>;
}

let bundle: { bytes: number; inputs: string[]; externals: string[] };

beforeAll(async () => {
  await promisify(execFile)(
    process.execPath,
    [join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', outDir, '--metafile', join(outDir, 'meta.json')],
    { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' } },
  );
  const meta = JSON.parse(readFileSync(join(outDir, 'meta.json'), 'utf8')) as Metafile;
  const [, out] = Object.entries(meta.outputs).find(([name]) => name.endsWith('worker.js'))!;
  bundle = {
    bytes: out.bytes,
    inputs: Object.keys(out.inputs ?? {}),
    externals: (out.imports ?? []).filter((i) => i.external).map((i) => i.path),
  };
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the Worker bundle', () => {
  it('contains the app and no Node-only module', () => {
    expect(bundle.inputs).toContain('src/app.ts');
    const forbidden = [
      /@electric-sql\/pglite/,
      /^src\/db\/(pglite|migrate|node|app-role)\.ts$/,
      /^src\/server\.ts$/,
      /^seeds\//,
      /^scripts\//,
      /^tests\//,
      /drizzle-orm\/.*migrator/,
      /@hono\/node-server/,
    ];
    expect(bundle.inputs.filter((input) => forbidden.some((re) => re.test(input)))).toEqual([]);
  });

  it('imports no Node built-in that Workers lack or that means file/process access', () => {
    const forbidden = /^(node:)?(fs|fs\/promises|child_process|worker_threads|cluster|os|net|http|https|http2|dgram|module|readline|repl|vm|v8)$/;
    expect(bundle.externals.filter((path) => forbidden.test(path))).toEqual([]);
  });

  it('stays well under the Workers size limit', () => {
    // 3 MiB compressed is the Free plan limit; uncompressed we stay far below 10 MiB.
    expect(bundle.bytes).toBeLessThan(10 * 1024 * 1024);
  });
});
