// Starts `wrangler dev` (the Worker in a local workerd) as a child process for a test, and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const wranglerBin = join(root, 'node_modules/wrangler/bin/wrangler.js');

export interface WranglerDev {
  /** e.g. http://127.0.0.1:43121 */
  origin: string;
  /** everything wrangler and the Worker printed so far (for assertions and failure messages) */
  output(): string;
  stop(): Promise<void>;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Adds a password when the URL has none: wrangler refuses a Hyperdrive local connection string without one. */
export function withPassword(url: string, password = 'x'): string {
  const u = new URL(url);
  if (!u.password) u.password = password;
  return u.toString();
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const pid = child.pid;
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      // wrangler's workerd children share the group; make sure none outlives its parent.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/**
 * Runs `wrangler dev` on a free port with the Hyperdrive binding pointed at `databaseUrl`, and resolves
 * once it is ready. wrangler (and the workerd processes it starts) run in their own process group,
 * which stop() ends — also when the test process exits early.
 */
export async function startWranglerDev(databaseUrl: string, options: { readyTimeoutMs?: number } = {}): Promise<WranglerDev> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const persistDir = mkdtempSync(join(tmpdir(), 'cs-wrangler-'));
  const child = spawn(
    process.execPath,
    [
      wranglerBin,
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      persistDir,
      '--show-interactive-dev-session=false',
      '--log-level',
      'info',
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: withPassword(databaseUrl),
        FORCE_COLOR: '0',
        NO_COLOR: '1',
      },
    },
  );
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));

  // If the test process ends without stop() (a crash, Ctrl-C, vitest killing its worker), take wrangler
  // and workerd with it: they run detached and would otherwise keep the port and the database busy.
  const killOnExit = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const killOnSignal = (signal: NodeJS.Signals) => {
    killOnExit();
    process.off('SIGINT', killOnSignal);
    process.off('SIGTERM', killOnSignal);
    process.kill(process.pid, signal);
  };
  process.once('exit', killOnExit);
  process.once('SIGINT', killOnSignal);
  process.once('SIGTERM', killOnSignal);

  const stop = async () => {
    process.off('exit', killOnExit);
    process.off('SIGINT', killOnSignal);
    process.off('SIGTERM', killOnSignal);
    await stopGroup(child);
    rmSync(persistDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/Ready on http/.test(log)) {
          clearInterval(timer);
          resolve();
        } else if (child.exitCode !== null || /The Workers runtime failed to start/.test(log)) {
          clearInterval(timer);
          reject(new Error(`wrangler dev did not start:\n${log}`));
        } else if (Date.now() > deadline) {
          clearInterval(timer);
          reject(new Error(`wrangler dev was not ready in time:\n${log}`));
        }
      }, 100);
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { origin: `http://127.0.0.1:${port}`, output: () => log, stop };
}
