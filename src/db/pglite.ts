// Node-only: the embedded database. Never imported by the Worker bundle.
import { fsyncSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from './schema/index.js';
import type { Db } from './types.js';

export interface PgliteHandle {
  db: Db;
  client: PGlite;
  /** whether commits reach the disk (fsync) before they are acknowledged; false in memory */
  durable: boolean;
  close(): Promise<void>;
}

/**
 * Opens (creating when missing) an embedded PostgreSQL in `dataDir`, or in memory when dataDir is
 * undefined. On disk it runs with fsync on (see enableFsync), so an acknowledged write survives a power
 * cut, at ≈ 3–4 ms per commit here (docs/decisions/0022).
 */
export async function openPglite(dataDir?: string, loadDataDir?: Blob, options: { fsync?: boolean } = {}): Promise<PgliteHandle> {
  const fsync = dataDir !== undefined && options.fsync !== false;
  const startParams = fsync ? durableStartParams() : undefined;
  const client = await PGlite.create({ dataDir, loadDataDir, extensions: { pg_trgm }, ...(startParams ? { startParams } : {}) });
  const durable = fsync ? await enableFsync(client) : false;
  await client.exec(`SET TIME ZONE 'UTC'`);
  return { db: drizzle(client, { schema }) as unknown as Db, client, durable, close: () => client.close() };
}

/**
 * PGlite starts PostgreSQL with `-F` (fsync off). Without it, and with wal_sync_method=fsync: PGlite's
 * fdatasync() is a no-op, while fsync() goes to the file system's stream operations.
 */
function durableStartParams(): string[] | undefined {
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams;
  if (!Array.isArray(defaults)) return undefined;
  return [...defaults.filter((p) => p !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];
}

interface EmscriptenStream {
  nfd?: number;
  stream_ops: Record<string, unknown>;
}
interface EmscriptenModule {
  ENV?: { PGDATA?: string };
  FS: { lookupPath(path: string): { node: { stream_ops?: Record<string, unknown> } }; ErrnoError: new (errno: number) => Error };
}

/**
 * Emscripten's Node file system (NODEFS) has no fsync: PostgreSQL's fsync() returns at once and the
 * data stays in the OS cache. This gives its stream operations one that calls the real fsync, then
 * checks that a commit reaches it. Relies on PGlite internals (pinned version): when they change, the
 * check fails and the start-up log says durability is off rather than pretending.
 */
async function enableFsync(client: PGlite): Promise<boolean> {
  let calls = 0;
  try {
    const module = (client as unknown as { Module: EmscriptenModule }).Module;
    const ops = module.FS.lookupPath(`${module.ENV?.PGDATA ?? '/pglite/data'}/PG_VERSION`).node.stream_ops;
    if (!ops) return false;
    ops.fsync = (stream: EmscriptenStream) => {
      calls++;
      if (stream.nfd === undefined) return 0;
      try {
        fsyncSync(stream.nfd);
      } catch (e) {
        // A directory or special file that cannot be synced is not a failed write; an I/O error is.
        if (['EINVAL', 'EBADF', 'EROFS'].includes((e as NodeJS.ErrnoException).code ?? '')) return 0;
        throw new module.FS.ErrnoError(29 /* EIO */);
      }
      return 0;
    };
    // A checkpoint always syncs at least the control file.
    await client.exec('CHECKPOINT');
  } catch {
    return false;
  }
  return calls > 0;
}
