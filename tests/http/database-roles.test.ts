import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rowsOf } from '../../src/db/rows.js';
import { grantAppRole, mayMigrate, pendingMigrations } from '../../src/db/app-role.js';
import { migrateServer, migrationsFolder, prepareServerDatabase } from '../../src/db/migrate.js';
import { openPostgres, type PostgresHandle } from '../../src/db/postgres.js';
import { events, hazards, users } from '../../src/db/schema/index.js';
import { addDays, shanghaiDate, shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, type TestContext } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { departmentByCode, makeSchool } from '../support/factories.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

/**
 * The app runs as a role that owns nothing and may only read and append the history (src/db/app-role.ts);
 * the migrator keeps the owner's role. Needs the PostgreSQL server (PGlite has one user): skipped on PGlite.
 */
const onServer = inject('testDb').kind === 'postgres';
let owned: TestDatabase;
let ownerSql: postgres.Sql;
let app: PostgresHandle;
let appSql: postgres.Sql;
const role = `cs_app_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let appUrl: string;

function urlAs(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

beforeAll(async () => {
  if (!onServer) return;
  owned = await openTestDatabase();
  ownerSql = postgres(owned.url!, { max: 1, onnotice: () => {} });
  appUrl = urlAs(owned.url!, role, 'app-secret');
  // What `npm run db:migrate` does with MIGRATION_DATABASE_URL=<owner> and DATABASE_URL=<appUrl>.
  await migrateServer(owned.url!, { appUrl });
  app = openPostgres(appUrl, { max: 4 });
  appSql = postgres(appUrl, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  if (onServer) {
    await app?.close();
    await appSql?.end();
    // The role is cluster-wide: its grants go with DROP OWNED, then the role itself.
    const [exists] = await ownerSql`SELECT 1 FROM pg_roles WHERE rolname = ${role}`;
    if (exists) await ownerSql.unsafe(`DROP OWNED BY "${role}"`);
    await ownerSql.unsafe(`DROP ROLE IF EXISTS "${role}"`);
    await ownerSql.end();
    await owned.close();
  }
});

/** The error of a statement run as the app role, or 'succeeded'. */
async function asApp(statement: string): Promise<string> {
  try {
    await appSql.unsafe(statement);
    return 'succeeded';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

describe.skipIf(!onServer)('the app role and the history', () => {
  it('may read and append events', async () => {
    expect(await asApp(`INSERT INTO events (entity_type, entity_id, action) VALUES ('test', 'roles', 'created')`)).toBe('succeeded');
    const rows = await appSql`SELECT count(*)::int AS n FROM events WHERE entity_id = 'roles'`;
    expect(rows[0]!.n).toBe(1);
  });

  it.each([
    ['UPDATE', `UPDATE events SET action = 'tampered'`, /permission denied for table events/],
    ['DELETE', `DELETE FROM events`, /permission denied for table events/],
    ['TRUNCATE', `TRUNCATE events`, /permission denied for table events/],
    ['DISABLE TRIGGER', `ALTER TABLE events DISABLE TRIGGER USER`, /must be owner of table events/],
    ['DISABLE one trigger', `ALTER TABLE events DISABLE TRIGGER events_no_update_delete`, /must be owner of table events/],
    ['DROP TRIGGER', `DROP TRIGGER events_no_update_delete ON events`, /must be owner of (table|relation) events/],
    ['DROP the trigger function', `DROP FUNCTION events_refuse_change() CASCADE`, /must be owner of function events_refuse_change/],
    ['replace the trigger function', `CREATE OR REPLACE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`, /must be owner of function|permission denied for schema public/],
    ['take ownership', `ALTER TABLE events OWNER TO CURRENT_USER`, /must be owner of table events/],
    ['DROP TABLE', `DROP TABLE events`, /must be owner of table events/],
    ['session_replication_role (skips triggers)', `SET session_replication_role = replica`, /permission denied to set parameter/],
    ['create a table', `CREATE TABLE shadow_events (id int)`, /permission denied for schema public/],
  ])('may not %s', async (_name, statement, refusal) => {
    expect(await asApp(statement)).toMatch(refusal);
    // And the trigger is still in place for everyone, the owner included.
    const [trigger] = await ownerSql`SELECT tgenabled FROM pg_trigger WHERE tgname = 'events_no_update_delete'`;
    expect(trigger?.tgenabled).toBe('O');
  });

  it('owns nothing in the database', async () => {
    const [row] = await ownerSql`SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = ${role}`;
    expect(row!.n).toBe(0);
  });

  it('db:migrate again takes back a broader grant given by hand', async () => {
    await ownerSql.unsafe(`GRANT UPDATE, DELETE, TRUNCATE ON events TO "${role}"`);
    expect(await asApp(`UPDATE events SET action = action WHERE false`)).toBe('succeeded');
    await migrateServer(owned.url!, { appUrl });
    expect(await asApp(`UPDATE events SET action = action WHERE false`)).toMatch(/permission denied/);
    expect(await asApp(`TRUNCATE events`)).toMatch(/permission denied/);
  });

  it('refuses an app role that owns tables, and one that is the owner itself', async () => {
    const other = `${role}_owner`;
    await ownerSql.unsafe(`CREATE ROLE "${other}" LOGIN`);
    try {
      await ownerSql.unsafe(`CREATE TABLE owned_by_other (id int)`);
      await ownerSql.unsafe(`ALTER TABLE owned_by_other OWNER TO "${other}"`);
      await expect(grantAppRole(ownerSql, urlAs(owned.url!, other, 'x'))).rejects.toThrow(/owns 1 tables or sequences.*\n.*REASSIGN OWNED/);
      await ownerSql.unsafe(`DROP TABLE owned_by_other`);
    } finally {
      await ownerSql.unsafe(`DROP OWNED BY "${other}"`);
      await ownerSql.unsafe(`DROP ROLE "${other}"`);
    }
    const [me] = await ownerSql`SELECT current_user AS name`;
    expect(await grantAppRole(ownerSql, urlAs(owned.url!, String(me!.name), ''))).toBe('same-role');
  });
});

describe.skipIf(!onServer)('the server started with the app role', () => {
  it('does not migrate, and starts when nothing is pending', async () => {
    expect(await mayMigrate(appSql)).toBe(false);
    expect(await mayMigrate(ownerSql)).toBe(true);
    expect(await pendingMigrations(appSql, migrationsFolder)).toBe(0);
    await expect(prepareServerDatabase(appUrl, undefined, () => {})).resolves.toBeUndefined();
  });

  it('refuses to start while a migration is pending', async () => {
    const [last] = await ownerSql`SELECT max(created_at) AS at FROM drizzle.__drizzle_migrations`;
    await ownerSql`UPDATE drizzle.__drizzle_migrations SET created_at = created_at - 1 WHERE created_at = ${last!.at}`;
    try {
      await expect(prepareServerDatabase(appUrl, undefined, () => {})).rejects.toThrow(/1 database migration\(s\) pending.*npm run db:migrate/);
    } finally {
      await ownerSql`UPDATE drizzle.__drizzle_migrations SET created_at = ${last!.at} WHERE created_at = ${Number(last!.at) - 1}`;
    }
  });
});

describe.skipIf(!onServer)('the whole app works with the app role', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    if (!onServer) return;
    ctx = await setupTestApp({}, { db: app.db, kind: 'postgres', url: appUrl, close: async () => {} });
  });

  it('reports, verifies, assigns, exports and schedules a meeting; the history is written', async () => {
    const school = await makeSchool(ctx.db);
    const fire = (await departmentByCode(ctx.db, 'FIRE')).id;
    const { agent: officer } = await signedInUser(ctx, 'officer', { schoolId: school.id });
    const { agent: supervisor } = await signedInUser(ctx, 'supervisor');
    const [category] = rowsOf<{ id: number }>(await ctx.db.execute(sql`SELECT id FROM hazard_categories WHERE code = 'FIRE'`));
    const now = ctx.clock.now();
    let res = await postMultipart(officer, '/hazards', {
      subjectType: 'campus',
      schoolId: String(school.id),
      location: '实验楼',
      categoryId: String(category!.id),
      description: '灭火器过期',
      source: 'self_check',
      foundAt: shanghaiInputValue(new Date(now.getTime() - 60_000)),
      foundBy: '安全员',
    }, [{ name: 'a.png', bytes: pngBytes() }]);
    expect(res.status, await res.clone().text()).toBe(303);
    const id = Number(res.headers.get('location')!.split('/').pop());
    const version = async () => (await ctx.db.select().from(hazards).where(eq(hazards.id, id)))[0]!.version;
    res = await supervisor.post(`/hazards/${id}/verify`, { version: await version(), grade: 'ordinary', method: 'matrix', likelihood: 2, severity: 2 });
    expect(res.status).toBe(303);
    res = await supervisor.post(`/hazards/${id}/assign`, { version: await version(), leadDepartmentId: fire, deadline: addDays(shanghaiDate(now), 7), responsiblePerson: '李四' });
    expect(res.status).toBe(303);
    expect((await supervisor.get('/hazards')).status).toBe(200);
    const csv = await supervisor.get('/hazards/export.csv');
    expect(await csv.text()).toContain('灭火器过期');
    expect((await supervisor.get(`/hazards/${id}`)).status).toBe(200);
    res = await supervisor.post('/meetings', {
      number: `R-${role}`,
      title: '角色测试会议',
      kind: 'regular',
      date: addDays(shanghaiDate(now), 3),
      startTime: '09:00',
      endTime: '10:00',
      departmentIds: [String(fire)],
    });
    expect(res.status, await res.clone().text()).toBe(303);
    expect((await supervisor.post('/inbox/read-all')).status).toBe(303);
    expect((await supervisor.post('/account/logout-everywhere')).status).toBe(303);
    const history = await ctx.db.select().from(events).where(eq(events.entityId, String(id)));
    expect(history.map((e) => e.action)).toEqual(expect.arrayContaining(['reported', 'verified', 'assigned']));
    expect((await ctx.db.select().from(users)).length).toBeGreaterThanOrEqual(2);
  });
});
