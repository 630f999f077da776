// Node-only: the database role the app runs as, set up by the migrator (which runs as the owner).
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type postgres from 'postgres';

/**
 * What the app's own role may do. It owns nothing, so it can never ALTER, DISABLE TRIGGER, DROP or
 * TRUNCATE a table (all need ownership or a TRUNCATE grant it does not get); on every table but
 * `events` it reads and writes rows; on `events` it may only read and append: the history cannot be
 * rewritten through the app's connection, whatever the app is made to run.
 */
export const APP_TABLE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE';
export const APP_EVENTS_PRIVILEGES = 'SELECT, INSERT';

/** The role name and password in a postgres:// URL (percent-decoded). */
export function roleOfUrl(url: string): { name: string; password: string } {
  const u = new URL(url);
  const name = decodeURIComponent(u.username);
  if (!name) throw new Error('DATABASE_URL names no user: the app role is the user of that URL (postgres://campus_app:…@host/db).');
  return { name, password: decodeURIComponent(u.password) };
}

type Sql = postgres.Sql;

/** Runs a statement whose identifiers and literals the server quotes itself (format %I / %L). */
async function execFormatted(sql: Sql | postgres.TransactionSql, template: string, ...args: string[]): Promise<void> {
  const placeholders = args.map((_, i) => `$${i + 2}::text`).join(', ');
  const [row] = await sql.unsafe<{ statement: string }[]>(`SELECT format($1::text${placeholders ? `, ${placeholders}` : ''}) AS statement`, [template, ...args]);
  await sql.unsafe(row!.statement);
}

/**
 * Creates the app's role when it is missing (LOGIN, with the URL's password), keeps its password in
 * step with the URL when the migrator may change it, and gives it exactly the grants above on every
 * table (run after each migration, so a new table gets them too). Refuses a role that is a superuser
 * or owns objects: either would make the restriction meaningless.
 */
export async function grantAppRole(owner: Sql, appUrl: string, log: (line: string) => void = () => {}): Promise<'granted' | 'same-role'> {
  const role = roleOfUrl(appUrl);
  const [me] = await owner<{ name: string; mayCreateRoles: boolean }[]>`
    SELECT current_user AS name, (rolsuper OR rolcreaterole) AS "mayCreateRoles" FROM pg_roles WHERE rolname = current_user`;
  if (me!.name === role.name) {
    log(`DATABASE_URL and MIGRATION_DATABASE_URL use the same role (${role.name}): nothing to grant, and the app can alter the history.`);
    return 'same-role';
  }
  const [existing] = await owner<{ superuser: boolean }[]>`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = ${role.name}`;
  if (existing?.superuser) throw new Error(`The app role ${role.name} is a superuser: it could rewrite the history. Use a role without SUPERUSER.`);
  const [owned] = await owner<{ count: number }[]>`
    SELECT count(*)::int AS count FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
    WHERE r.rolname = ${role.name} AND c.relnamespace = 'public'::regnamespace`;
  if (owned!.count > 0) {
    throw new Error(
      `The app role ${role.name} owns ${owned!.count} tables or sequences in this database. Give them to the migration role first:\n` +
        `  REASSIGN OWNED BY "${role.name}" TO "${me!.name}";   (as a superuser or a member of both roles)`,
    );
  }
  const passwordClause = role.password ? ' PASSWORD %L' : '';
  const passwordArgs = role.password ? [role.password] : [];
  if (!existing) {
    await execFormatted(owner, `CREATE ROLE %I LOGIN${passwordClause}`, role.name, ...passwordArgs);
    log(`Created the app role ${role.name}.`);
  } else if (me!.mayCreateRoles) {
    await execFormatted(owner, `ALTER ROLE %I LOGIN${passwordClause}`, role.name, ...passwordArgs).catch((err: unknown) => {
      log(`Could not update the app role's password (${err instanceof Error ? err.message : String(err)}); it is left as it is.`);
    });
  }
  // In one transaction, so the running app never sees a moment without its grants.
  await owner.begin(async (tx) => {
    const [db] = await tx<{ name: string }[]>`SELECT current_database() AS name`;
    await execFormatted(tx, 'GRANT CONNECT ON DATABASE %I TO %I', db!.name, role.name);
    await execFormatted(tx, 'GRANT USAGE ON SCHEMA public TO %I', role.name);
    // Start from nothing, so a broader grant given by hand earlier does not survive.
    await execFormatted(tx, 'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', role.name);
    await execFormatted(tx, 'REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', role.name);
    await execFormatted(tx, `GRANT ${APP_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO %I`, role.name);
    await execFormatted(tx, 'REVOKE ALL ON TABLE events FROM %I', role.name);
    await execFormatted(tx, `GRANT ${APP_EVENTS_PRIVILEGES} ON TABLE events TO %I`, role.name);
    await execFormatted(tx, 'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', role.name);
    // The app checks at start that no migration is pending (it cannot apply one).
    await execFormatted(tx, 'GRANT USAGE ON SCHEMA drizzle TO %I', role.name);
    await execFormatted(tx, 'GRANT SELECT ON TABLE drizzle.__drizzle_migrations TO %I', role.name);
  });
  log(`App role ${role.name}: ${APP_TABLE_PRIVILEGES} on the tables, only ${APP_EVENTS_PRIVILEGES} on events, owns nothing.`);
  return 'granted';
}

/** Whether the connected role may apply migrations: it owns the tables (or there are none yet). */
export async function mayMigrate(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ may: boolean }[]>`
    SELECT coalesce((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
                     WHERE c.oid = to_regclass('public.events')), true) AS may`;
  return row!.may;
}

/** How many of the migrations in `folder` the database has not applied yet. */
export async function pendingMigrations(sql: Sql, folder: string): Promise<number> {
  const [table] = await sql<{ exists: boolean }[]>`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS exists`;
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  if (!table!.exists) return migrations.length;
  const [last] = await sql<{ createdAt: string | null }[]>`SELECT max(created_at)::text AS "createdAt" FROM drizzle.__drizzle_migrations`;
  const applied = Number(last?.createdAt ?? 0);
  return migrations.filter((m) => m.folderMillis > applied).length;
}
