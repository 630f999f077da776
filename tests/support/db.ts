import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';
import type { Db } from '../../src/db/types.js';
import { databaseUrl } from './global-setup.js';

export interface TestDatabase {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** connection string of this file's own database (PostgreSQL only) */
  url?: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a PGlite loaded from the run's dump, or a new database
 * copied from the run's template on the PostgreSQL server (dropped again by close()).
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const config = inject('testDb');
  if (config.kind === 'pglite') {
    const handle = await openPglite(undefined, new Blob([readFileSync(config.dumpPath)]));
    return { db: handle.db, kind: 'pglite', close: handle.close };
  }
  const name = `cs_test_${config.runId}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(config.serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${config.template}"`);
  const url = databaseUrl(config.serverUrl, name);
  const handle = openPostgres(url, { max: 10 });
  return {
    db: handle.db,
    kind: 'postgres',
    url,
    close: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
