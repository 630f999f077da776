// Node-only: opens the configured database (embedded PGlite or a PostgreSQL server) and migrates it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { migrateEmbedded, prepareServerDatabase } from './migrate.js';
import { openPglite } from './pglite.js';
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
    const handle = openPostgres(connectTo, { preparedStatements: config.databasePreparedStatements });
    const url = new URL(connectTo);
    return { db: handle.db, kind: 'server', location: `${url.hostname}:${url.port || 5432}${url.pathname}`, close: handle.close };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const dir = join(config.dataDir, 'pgdata');
  const handle = await openPglite(dir);
  await migrateEmbedded(handle);
  return { db: handle.db, kind: 'embedded', location: dir, close: handle.close };
}
