// Node-only: opens the configured database (embedded PGlite or a PostgreSQL server) and migrates it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { databaseTimeouts, type Config } from '../config.js';
import { lockDataDir } from './data-dir-lock.js';
import { migrateEmbedded, prepareServerDatabase } from './migrate.js';
import { openPglite, type PgliteHandle } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Db } from './types.js';

export interface OpenDatabase {
  db: Db;
  kind: 'embedded' | 'server';
  /** where the data lives, for the start-up message */
  location: string;
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
    const handle = openPostgres(connectTo, { preparedStatements: config.databasePreparedStatements, timeouts: databaseTimeouts(config) });
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
    handle = await openPglite(dir);
    await migrateEmbedded(handle);
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  return { db: handle.db, kind: 'embedded', location: dir, close };
}
