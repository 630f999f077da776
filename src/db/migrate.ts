// Node-only: drizzle's migrator reads the SQL files with node:fs, so migrations never run inside a Worker.
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import postgres from 'postgres';
import type { PgliteHandle } from './pglite.js';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export async function migrateEmbedded(handle: PgliteHandle): Promise<void> {
  await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
}

/** Applies pending migrations on a PostgreSQL server through one dedicated connection. */
export async function migrateServer(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}
