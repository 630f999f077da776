// Node-only: opens the configured database (embedded PGlite or a PostgreSQL server) and migrates it.
import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { databaseTimeouts, type Config } from '../config.js';
import { StartupProblem } from '../lib/errors.js';
import { lockDataDir } from './data-dir-lock.js';
import { migrateEmbedded, prepareServerDatabase } from './migrate.js';
import { openPglite, type PgliteHandle } from './pglite.js';
import { frozenPathGuard } from './answer-watchdog.js';
import { openPostgres } from './postgres.js';
import type { Db } from './types.js';

export interface OpenDatabase {
  db: Db;
  kind: 'embedded' | 'server';
  /** where the data lives, for the start-up message */
  location: string;
  /** embedded only: PGlite's own dump of the data directory (gzip tar), taken after a checkpoint */
  dump?: () => Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** false: the caller knows the database is migrated already (a second server process) */
  migrate?: boolean;
  /** 'owner': connect as MIGRATION_DATABASE_URL's role (operator commands such as bulk loads); default the app's */
  as?: 'app' | 'owner';
  log?: (line: string) => void;
}

/**
 * Opens the database the config names and applies pending migrations (on a server: see
 * prepareServerDatabase for which role migrates). The app connects with DATABASE_URL.
 */
export async function openDatabase(config: Config, options: OpenOptions = {}): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    if (options.migrate !== false) await prepareServerDatabase(config.databaseUrl, config.migrationDatabaseUrl, options.log ?? (() => {}));
    const connectTo = options.as === 'owner' ? (config.migrationDatabaseUrl ?? config.databaseUrl) : config.databaseUrl;
    const handle = openPostgres(connectTo, { preparedStatements: config.databasePreparedStatements, timeouts: databaseTimeouts(config), guardSockets: frozenPathGuard });
    const url = new URL(connectTo);
    return { db: handle.db, kind: 'server', location: `${url.hostname}:${url.port || 5432}${url.pathname}`, close: handle.close };
  }
  mkdirSync(config.dataDir, { recursive: true });
  // One process per embedded database: a second one refuses here, before it opens anything.
  const lock = lockDataDir(config.dataDir);
  if (lock.replaced) console.warn(`Removed a stale lock file ${lock.file} (pid ${lock.replaced.pid} is not running).`);
  const dir = join(config.dataDir, 'pgdata');
  let handle: PgliteHandle | undefined;
  const close = async () => {
    try {
      await handle?.close();
    } finally {
      lock.release();
    }
  };
  try {
    assertFreeSpace(config.dataDir);
    handle = await openPglite(dir, undefined, { fsync: config.embeddedFsync }).catch((err: unknown) => {
      throw openingProblem(dir, err);
    });
    if (!handle.durable && config.embeddedFsync) console.warn(`The embedded database in ${dir} runs without fsync: a power cut may lose the last acknowledged writes.`);
    await migrateEmbedded(handle);
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  const client = handle.client;
  const dump = async () => {
    await client.exec('CHECKPOINT');
    return new Uint8Array(await (await client.dumpDataDir('gzip')).arrayBuffer());
  };
  return { db: handle.db, kind: 'embedded', location: dir, dump, close };
}

/**
 * The embedded database needs room to start: a new one writes ≈ 40 MB (the catalogue and a 16 MB WAL
 * segment), an existing one a new WAL segment. Below this PGlite fails with a screen of minified code.
 */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

export function assertFreeSpace(dataDir: string, minBytes = MIN_FREE_BYTES): void {
  const fs = statfsSync(dataDir);
  const free = fs.bavail * fs.bsize;
  if (free >= minBytes) return;
  const mb = (n: number) => `${Math.floor(n / (1024 * 1024))} MB`;
  throw new StartupProblem(
    `Only ${mb(free)} free on the disk of ${dataDir}: the embedded database needs at least ${mb(minBytes)} to start.\n` +
      'Free some space on that disk (old backups, logs), or set DATA_DIR to a disk with more room.',
  );
}

/** PGlite's own errors come from minified code: say plainly what failed, keep the original as the cause. */
function openingProblem(dir: string, err: unknown): StartupProblem {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  const full = /ENOSPC|No space left/i.test(String(err instanceof Error ? `${err.message} ${(err as { code?: string }).code ?? ''}` : err));
  const problem = new StartupProblem(
    full
      ? `The disk of ${dir} is full: the embedded database cannot start. Free some space, or set DATA_DIR to a disk with more room.`
      : `The embedded database in ${dir} could not be opened: ${message}\nIf this follows a crash and persists, restore the latest backup into a new DATA_DIR (npm run restore).`,
  );
  problem.cause = err;
  return problem;
}
