import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

/**
 * WEB_CONCURRENCY on a PostgreSQL server: the Node entry serves from several processes on one port,
 * replaces one that dies, and stops cleanly. Needs the server (PGlite lives in a single process).
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function waitFor(output: () => string, text: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!output().includes(text)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no "${text}" in:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('several server processes', () => {
  it('share the port, replace a process that dies and stop cleanly', { timeout: 120_000 }, async (test) => {
    if (database.kind !== 'postgres') test.skip();
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), WEB_CONCURRENCY: '2', LOG_LEVEL: 'warn', SEED_DEMO: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor(() => out, 'Serving from 2 processes.', child);
      const base = `http://127.0.0.1:${port}`;
      const pages = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/login`)));
      expect(pages.map((r) => r.status)).toEqual(Array(20).fill(200));

      // A worker killed outright is replaced, and the port keeps answering meanwhile.
      process.kill(workerOf(child.pid!), 'SIGKILL');
      await waitFor(() => out, 'starting another', child);
      const again = await Promise.all(Array.from({ length: 10 }, () => fetch(`${base}/healthz`)));
      expect(again.map((r) => r.status)).toEqual(Array(10).fill(200));
    } finally {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code, out).toBe(0);
    }
    expect(out).not.toMatch(/EPIPE|Unhandled|TypeError/);
  });
});

/** One of the primary's two workers: its child processes running the server (tsx may start others). */
function workerOf(primary: number): number {
  const pids = execFileSync('pgrep', ['-P', String(primary), '-f', 'src/server.ts']).toString().trim().split('\n').map(Number);
  expect(pids.length).toBe(2);
  return pids[0]!;
}
