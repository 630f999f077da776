// `npm run bench:static -- [--duration 10] [--connections 10] [--root <another checkout>]`
// Serves the stylesheet the way a browser asks for it (Accept-Encoding: gzip, deflate, br) from the real
// Node server (one process, embedded database in a temporary directory) and measures it with autocannon,
// next to /healthz (the ceiling). No PostgreSQL needed. Prints req/s, p50/p99 and bytes per response.
// --root runs the server of another checkout (e.g. an older commit from `git archive`, with this
// node_modules linked in) for a before/after comparison on the same machine at the same time.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '3998' },
    root: { type: 'string' },
  },
});
const root = values.root ?? fileURLToPath(new URL('..', import.meta.url));
const base = `http://127.0.0.1:${values.port}`;
const headers = { 'accept-encoding': 'gzip, deflate, br' };

async function startServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: values.port, LOG_LEVEL: 'warn', SEED_DEMO: 'false', WEB_CONCURRENCY: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 120_000;
  while (!output.includes('running at')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

/** The stylesheet's URL as the pages link it (with its version, when the pages give one). */
async function stylesheetUrl(): Promise<string> {
  const page = await (await fetch(`${base}/login`)).text();
  const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page)?.[1];
  if (!href) throw new Error('no stylesheet link on /login');
  return base + href.replace(/&amp;/g, '&');
}

async function measure(name: string, url: string): Promise<void> {
  await autocannon({ url, connections: 10, duration: 3, headers });
  const r = await autocannon({ url, connections: Number(values.connections), duration: Number(values.duration), headers });
  const bytes = Math.round(r.throughput.total / Math.max(1, r.requests.total));
  console.log(`${name.padEnd(12)} ${String(Math.round(r.requests.average)).padStart(7)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  ${bytes} B/response  non-2xx ${r.non2xx}`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'cs-bench-static-'));
const server = await startServer(dataDir);
try {
  const css = await stylesheetUrl();
  console.log(`GET ${css.slice(base.length)}, ${values.connections} connections, ${values.duration} s, loopback`);
  await measure('/healthz', `${base}/healthz`);
  await measure('stylesheet', css);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
