// The Worker bundle in workerd (`wrangler dev`), with Hyperdrive pointed at a database of its own on the
// local PostgreSQL server: sign in, open a page, static files, per-request connections.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateServer } from '../../src/db/migrate.js';
import { openPostgres, type PostgresHandle } from '../../src/db/postgres.js';
import { hazardCategories, hazards, sessions } from '../../src/db/schema/index.js';
import { seedDefaults } from '../../seeds/defaults.js';
import { makeSchool, makeUser, takeRecoveryCode, TEST_PASSWORD } from '../support/factories.js';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.js';

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_PREFIX = 'cs_worker_';
const dbName = `${DB_PREFIX}${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;

/** Databases of runs that were killed before their afterAll (older than an hour, so never a live run's). */
async function dropAbandoned(sql: postgres.Sql): Promise<void> {
  const rows = await sql<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname LIKE ${`${DB_PREFIX}%`}`;
  for (const { datname } of rows) {
    const started = parseInt(datname.slice(DB_PREFIX.length).split('_')[0]!, 36);
    if (Number.isFinite(started) && Date.now() - started > 3_600_000) {
      await sql.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  }
}

function urlOf(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let admin: postgres.Sql;
let handle: PostgresHandle | undefined;
let worker: WranglerDev | undefined;
let username: string;

beforeAll(async () => {
  admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await dropAbandoned(admin);
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  await migrateServer(urlOf(dbName));
  handle = openPostgres(urlOf(dbName), { max: 2 });
  await seedDefaults(handle.db);
  ({ username } = await makeUser(handle.db, 'admin'));
  worker = await startWranglerDev(urlOf(dbName));
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await handle?.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}, 60_000);

/** Cookies from Set-Cookie headers, as a browser would keep them (blank or Max-Age=0 removes). */
class CookieJar {
  readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attrs] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || attrs.some((a) => /max-age=0\b/i.test(a.trim()))) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Answers the two-factor step, as a supervisor or administrator must, with one of the test user's recovery codes. */
async function secondFactor(origin: string, login: Response, username: string, jar: CookieJar): Promise<Response> {
  const location = login.headers.get('location') ?? '';
  if (!location.startsWith('/login/two-factor')) return login;
  const next = new URL(location, origin).searchParams.get('next') ?? '';
  const res = await fetch(`${origin}/login/two-factor`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
    body: new URLSearchParams({ code: takeRecoveryCode(username) ?? '', next }),
  });
  jar.take(res);
  return res;
}

describe('the Worker in workerd', () => {
  it('signs in and opens a page', async () => {
    const origin = worker!.origin;
    const jar = new CookieJar();
    const login = await fetch(`${origin}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password: TEST_PASSWORD }),
    });
    expect(login.status, worker!.output()).toBe(303);
    jar.take(login);
    expect(jar.cookies.size).toBeGreaterThan(0);
    const signedIn = await secondFactor(origin, login, username, jar);
    expect(signedIn.status, worker!.output()).toBe(303);

    // Follow the redirects like a browser: / → the admin's home.
    let path = signedIn.headers.get('location')!;
    let res: Response;
    for (let hops = 0; ; hops++) {
      res = await fetch(new URL(path, origin), { redirect: 'manual', headers: { Cookie: jar.header() } });
      jar.take(res);
      if (res.status < 300 || res.status >= 400 || hops > 5) break;
      path = res.headers.get('location')!;
    }
    expect(path).toBe('/admin');
    expect(res.status, worker!.output()).toBe(200);
    const html = await res.text();
    expect(html).toContain('系统管理');
    expect(html).toContain('/static/css/app.css');

    // The session went into this test's database, through the Hyperdrive binding.
    const rows = await handle!.db.select({ id: sessions.id }).from(sessions);
    expect(rows.length).toBe(1);
  });

  it('keeps the database client open while a streamed response still queries (CSV export)', async () => {
    // More rows than one page of the export (1000), so the later pages are queried while streaming,
    // after app.fetch has returned the response.
    const db = handle!.db;
    const supervisor = await makeUser(db, 'supervisor');
    const school = await makeSchool(db);
    const [category] = await db.select({ id: hazardCategories.id }).from(hazardCategories).limit(1);
    const year = 2026;
    const count = 1_200;
    const now = new Date();
    await db.insert(hazards).values(
      Array.from({ length: count }, (_, i) => ({
        number: `WK-${year}-${String(i + 1).padStart(5, '0')}`,
        year,
        seq: i + 1,
        state: 'REPORTED' as const,
        subjectType: 'campus' as const,
        schoolId: school.id,
        townId: school.townId,
        location: `教学楼${i + 1}`,
        categoryId: category!.id,
        description: '测试隐患',
        source: 'self_check' as const,
        foundAt: now,
        reportedBy: supervisor.id,
        reportedAt: now,
      })),
    );

    const origin = worker!.origin;
    const jar = new CookieJar();
    const login = await fetch(`${origin}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: supervisor.username, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(303);
    jar.take(login);
    expect((await secondFactor(origin, login, supervisor.username, jar)).status).toBe(303);

    const logBefore = worker!.output().length;
    const res = await fetch(`${origin}/hazards/export.csv`, { headers: { Cookie: jar.header() } });
    expect(res.status, worker!.output().slice(logBefore)).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).split(/\r?\n/).filter((line) => line.trim() !== '');
    expect(lines.length, worker!.output().slice(logBefore)).toBe(count + 1); // header + every hazard
  });

  it('refuses a cross-site form post', async () => {
    const res = await fetch(`${worker!.origin}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(403);
  });

  it('serves public/ at /static/* from the assets binding, and only there', async () => {
    const css = await fetch(`${worker!.origin}/static/css/app.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(await css.text()).toContain(':root');

    const htmx = await fetch(`${worker!.origin}/static/vendor/htmx.min.js`);
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get('content-type')).toMatch(/javascript/);
    await htmx.arrayBuffer();

    const missing = await fetch(`${worker!.origin}/static/css/missing.css`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();

    const unprefixed = await fetch(`${worker!.origin}/css/app.css`);
    expect(unprefixed.status).toBe(404);
    await unprefixed.arrayBuffer();
  });

  it('leaves no database connection open after the response', async () => {
    const health = await fetch(`${worker!.origin}/healthz`);
    expect(await health.text()).toBe('ok');
    const open = async () => {
      const [row] = await admin<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${dbName} AND application_name = 'campus-safety'`;
      return row!.n;
    };
    // Our own handle in this process also says 'campus-safety'; close it first so only the Worker's count.
    await handle!.close();
    handle = undefined;
    const deadline = Date.now() + 10_000;
    while ((await open()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await open()).toBe(0);
  });
});
