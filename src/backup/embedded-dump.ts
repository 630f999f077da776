// Node-only: a copy of the embedded database while the server runs. PGlite lives inside the server
// process and no other process may open its files (server.lock), so `npm run backup` asks the server
// over a Unix socket in DATA_DIR (only whoever may read DATA_DIR can connect), and the server answers
// with PGlite's own dump (dumpDataDir), taken between two queries: a crash-consistent image that
// PostgreSQL recovers like after a power cut, preceded by a checkpoint so there is little to replay.
import { chmodSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from '../lib/logger.js';
import { describeError } from '../lib/logger.js';

export const DUMP_SOCKET = 'backup.sock';
/** A Unix socket path is limited to ≈ 107 bytes on Linux (103 on macOS). */
const MAX_SOCKET_PATH = 100;

export const dumpSocketPath = (dataDir: string) => join(resolve(dataDir), DUMP_SOCKET);

/**
 * Serves dumps on DATA_DIR/backup.sock. Returns null (and says why) where a socket cannot be made: then
 * a backup needs the server stopped.
 */
export function serveDumps(dataDir: string, dump: () => Promise<Uint8Array>, logger: Logger): { close(): Promise<void> } | null {
  const path = dumpSocketPath(dataDir);
  if (process.platform === 'win32' || Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    logger.warn('backups while running are not available here; stop the server to run npm run backup', { socket: path });
    return null;
  }
  // We hold DATA_DIR's lock, so a socket file left there is a dead server's.
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    socket.once('data', async (request) => {
      if (request.toString().trim() !== 'dump') return socket.end('error unknown request\n');
      try {
        const bytes = await dump();
        socket.write(`ok ${bytes.length}\n`);
        socket.end(bytes);
        logger.info('backup dump sent', { bytes: bytes.length });
      } catch (err) {
        logger.error('backup dump failed', describeError(err));
        socket.end(`error ${describeError(err).error}\n`);
      }
    });
    socket.on('error', () => {});
  });
  server.listen(path, () => chmodSync(path, 0o600));
  server.on('error', (err) => logger.warn('backup socket failed', describeError(err)));
  return {
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        rmSync(path, { force: true });
      }),
  };
}

/** Asks the running server for a dump of its embedded database (gzip tar, PGlite's dumpDataDir). */
export function requestDump(dataDir: string): Promise<Uint8Array> {
  return new Promise((resolvePromise, reject) => {
    const socket = createConnection(dumpSocketPath(dataDir));
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.write('dump\n'));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (err) => reject(new Error(`could not reach the running server at ${dumpSocketPath(dataDir)}: ${err.message}`)));
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const eol = all.indexOf(10);
      const status = all.subarray(0, eol).toString();
      const ok = /^ok (\d+)$/.exec(status);
      if (!ok) return reject(new Error(`the running server could not dump its database: ${status.replace(/^error /, '')}`));
      const body = all.subarray(eol + 1);
      if (body.length !== Number(ok[1])) return reject(new Error(`the dump was cut short (${body.length} of ${ok[1]} bytes)`));
      resolvePromise(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    });
  });
}
