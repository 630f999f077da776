// Node-only: drizzle's migrator reads the SQL files with node:fs, so migrations never run inside a Worker.
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import postgres from 'postgres';
import type { PgliteHandle } from './pglite.js';
import { grantAppRole, mayMigrate, pendingMigrations } from './app-role.js';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export async function migrateEmbedded(handle: PgliteHandle): Promise<void> {
  await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
}

export interface MigrateOptions {
  /** the app's own connection (DATABASE_URL): its role is created or updated and given the app's grants */
  appUrl?: string;
  log?: (line: string) => void;
}

/**
 * Applies pending migrations on a PostgreSQL server through one dedicated connection, as the role of
 * `url` (the owner of the tables), then gives the app's role (options.appUrl) its grants.
 */
export async function migrateServer(url: string, options: MigrateOptions = {}): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    if (options.appUrl) await grantAppRole(client, options.appUrl, options.log);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * What the Node server does with a PostgreSQL database at start:
 * - MIGRATION_DATABASE_URL set: migrate as that role and grant DATABASE_URL's role (two roles);
 * - otherwise, when DATABASE_URL's role owns the tables (one role, as in development): migrate as it;
 * - otherwise (the app's restricted role): apply nothing, and refuse to start while a migration is
 *   pending, since the app role cannot apply it.
 */
export async function prepareServerDatabase(appUrl: string, migrationUrl: string | undefined, log: (line: string) => void): Promise<void> {
  if (migrationUrl) return migrateServer(migrationUrl, { appUrl, log });
  const client = postgres(appUrl, { max: 1, onnotice: () => {} });
  try {
    if (await mayMigrate(client)) {
      log("DATABASE_URL's role owns the tables, so the app could alter the history: give the app a role of its own (README, A real deployment).");
      await migrateServer(appUrl);
      return;
    }
    const pending = await pendingMigrations(client, migrationsFolder);
    if (pending > 0) {
      throw new Error(`${pending} database migration(s) pending. The app's role cannot apply them: run \`npm run db:migrate\` with MIGRATION_DATABASE_URL set to the owner's URL.`);
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
