import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/rows.js';
import { schools, towns } from '../../src/db/schema/index.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { ORIGIN, formBody, setupTestApp, type Agent, type FormInput, type TestContext } from '../support/app.js';
import { makeTown, makeUser, TEST_PASSWORD } from '../support/factories.js';

// Forms without files are held to the small limit (MAX_FORM_BYTES); these tests use a tiny one.
const MAX_BODY = 2048;

let ctx: TestContext;
let admin: Agent;
let townId: number;

beforeAll(async () => {
  ctx = await setupTestApp({ maxFormBytes: MAX_BODY, maxBodyBytes: 4 * MAX_BODY });
  const user = await makeUser(ctx.db, 'admin');
  admin = ctx.agent('10.40.0.1');
  expect((await admin.signIn(user.username, TEST_PASSWORD)).status).toBe(303);
  townId = (await makeTown(ctx.db)).id;
});
afterAll(() => ctx?.close());

let seq = 0;
const uid = () => `${Date.now().toString(36)}${++seq}`;

/**
 * A POST exactly as given: unlike the Agent it adds no Origin header. `cookies` of an agent may be
 * passed to act as that agent's signed-in user.
 */
async function rawPost(path: string, values: FormInput, headers: Record<string, string> = {}, from?: Agent): Promise<Response> {
  const h = new Headers({ 'Content-Type': 'application/x-www-form-urlencoded', 'x-test-ip': '10.40.0.9', ...headers });
  if (from?.cookies.size) h.set('Cookie', [...from.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
  return ctx.app.request(`${ORIGIN}${path}`, { method: 'POST', headers: h, body: formBody(values) });
}

const townForm = () => ({ name: `csrf${uid()}`, code: `CS${uid()}`, kind: 'town' });
const townCount = async (name: string) => (await ctx.db.select().from(towns).where(eq(towns.name, name))).length;

describe('cross-site request forgery', () => {
  it('refuses a POST with neither Origin nor Sec-Fetch-Site (sign-in and an admin action)', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const login = await rawPost('/login', { username: user.username, password: TEST_PASSWORD });
    expect(login.status).toBe(403);
    expect(login.headers.getSetCookie().some((c) => c.startsWith('cs_session=') && !c.startsWith('cs_session=;'))).toBe(false);
    expect(await login.text()).toContain(zhCN['error.csrf']);

    const form = townForm();
    const create = await rawPost('/admin/towns', form, {}, admin);
    expect(create.status).toBe(403);
    expect(await townCount(form.name)).toBe(0);
    expect(ctx.logs.some((l) => l.includes('csrf check refused a request') && l.includes('/admin/towns'))).toBe(true);
  });

  it.each([
    ['a foreign Origin', { Origin: 'https://evil.example' }],
    ['Origin: null', { Origin: 'null' }],
    ['the same host on another scheme', { Origin: 'https://localhost' }],
    ['the same host on another port', { Origin: 'http://localhost:8080' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['Sec-Fetch-Site: none', { 'Sec-Fetch-Site': 'none' }],
    ['Sec-Fetch-Site: same-origin with a foreign Origin', { 'Sec-Fetch-Site': 'same-origin', Origin: 'https://evil.example' }],
  ])('refuses a POST with %s (403)', async (_name, headers) => {
    const form = townForm();
    const res = await rawPost('/admin/towns', form, headers, admin);
    expect(res.status).toBe(403);
    expect(await townCount(form.name)).toBe(0);
    expect((await rawPost('/login', { username: 'x', password: 'y' }, headers)).status).toBe(403);
  });

  it('allows a POST with Sec-Fetch-Site: same-origin and no Origin', async () => {
    const form = townForm();
    const res = await rawPost('/admin/towns', form, { 'Sec-Fetch-Site': 'same-origin' }, admin);
    expect(res.status).toBe(303);
    expect(await townCount(form.name)).toBe(1);
    const user = await makeUser(ctx.db, 'leader');
    expect((await rawPost('/login', { username: user.username, password: TEST_PASSWORD }, { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(303);
  });

  it('allows a POST with our own Origin', async () => {
    const form = townForm();
    expect((await rawPost('/admin/towns', form, { Origin: ORIGIN }, admin)).status).toBe(303);
    expect(await townCount(form.name)).toBe(1);
  });

  it('compares with config.publicOrigin when it is set', async () => {
    const saved = ctx.config.publicOrigin;
    ctx.config.publicOrigin = 'https://safety.example.gov.cn';
    try {
      expect((await rawPost('/login', { username: '', password: '' }, { Origin: ORIGIN })).status).toBe(403);
      expect((await rawPost('/login', { username: '', password: '' }, { Origin: 'https://safety.example.gov.cn' })).status).toBe(422);
    } finally {
      ctx.config.publicOrigin = saved;
    }
  });

  it('does not check GETs', async () => {
    expect((await admin.get('/admin/towns', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' })).status).toBe(200);
  });
});

describe('security headers', () => {
  const directives = (csp: string) =>
    new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...values]) => [name!.toLowerCase(), values] as const),
    );

  it.each([
    ['the sign-in page', '/login', false],
    ['an admin page', '/admin/towns', true],
    ['the not-found page', '/no/such/page', false],
  ])('%s has a CSP with a nonce in script-src, never unsafe-inline or unsafe-eval', async (_name, path, signedIn) => {
    const res = signedIn ? await admin.get(path) : await ctx.agent().get(path);
    const csp = res.headers.get('content-security-policy');
    expect(csp).toBeTruthy();
    const d = directives(csp!);
    const scriptSrc = d.get('script-src') ?? [];
    const nonces = scriptSrc.filter((v) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(v));
    expect(nonces).toHaveLength(1);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'self'"]);
    expect(d.get('style-src') ?? []).not.toContain("'unsafe-inline'");

    // Every script tag — the htmx one included — carries that same nonce.
    const nonce = nonces[0]!.slice("'nonce-".length, -1);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.some((tag) => tag.includes('/static/vendor/htmx.min.js'))).toBe(true);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('uses a fresh nonce for every response', async () => {
    const a = (await ctx.agent().get('/login')).headers.get('content-security-policy');
    const b = (await ctx.agent().get('/login')).headers.get('content-security-policy');
    expect(a).not.toBe(b);
  });
});

describe('request body size', () => {
  it(`refuses a form body over config.maxFormBytes (${MAX_BODY}) with 413`, async () => {
    const agent = ctx.agent('10.40.0.2');
    const big = { username: 'someone', password: 'x'.repeat(MAX_BODY) };
    const res = await agent.post('/login', big);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain(zhCN['error.tooLarge']);
    // Also when the size is announced in Content-Length.
    const body = formBody(big).toString();
    const announced = await agent.request('/login', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)) },
    });
    expect(announced.status).toBe(413);
  });

  it('refuses an over-sized multipart body too, and accepts one just under the limit', async () => {
    const big = new FormData();
    big.set('name', 'x'.repeat(MAX_BODY + 10));
    const res = await admin.request('/admin/towns', { method: 'POST', body: big });
    expect(res.status).toBe(413);
    const small = await admin.post('/admin/towns', { name: 'x'.repeat(MAX_BODY - 200), code: '', kind: '' });
    expect(small.status).toBe(422);
  });
});

describe('error pages', () => {
  it('an unknown path gets a friendly 404 page with a request id that the logs also carry', async () => {
    const res = await ctx.agent().get('/definitely/not/here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<html');
    expect(html).toContain(zhCN['error.title.404']);
    expect(html).toContain(zhCN['error.notFound']);
    expect(html).toContain('href="/"');
    const requestId = /<code>([^<]+)<\/code>/.exec(html)?.[1];
    expect(requestId).toBeTruthy();
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const logged = ctx.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === requestId);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'request', status: 404, path: '/definitely/not/here' }));
  });

  it('an unexpected error gets a friendly 500 page; the request id leads to the logged details, none of which reach the page', async () => {
    // Make one table disappear for a moment so the list query fails.
    await ctx.db.execute(sql`ALTER TABLE institutions RENAME TO institutions_hidden_for_test`);
    let res: Response;
    try {
      res = await admin.get('/admin/institutions');
    } finally {
      await ctx.db.execute(sql`ALTER TABLE institutions_hidden_for_test RENAME TO institutions`);
    }
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain(zhCN['error.title.500']);
    expect(html).toContain(zhCN['error.internal']);
    expect(html).not.toMatch(/institutions_hidden|does not exist|Failed query|select "|\.tsx?:\d+|at async/i);
    const requestId = /<code>([^<]+)<\/code>/.exec(html)?.[1];
    expect(requestId).toBeTruthy();
    const logged = ctx.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === requestId);
    const error = logged.find((l) => l.msg === 'unhandled error');
    expect(error).toMatchObject({ level: 'error', method: 'GET', path: '/admin/institutions' });
    expect(String(error!.error)).toMatch(/institutions/);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'request', status: 500 }));
    // The app works again afterwards.
    expect((await admin.get('/admin/institutions')).status).toBe(200);
  });

  it('takes a well-formed X-Request-Id from the client (log correlation) but ignores a malformed one', async () => {
    const ok = await ctx.agent().get('/nowhere', { 'X-Request-Id': 'trace-1234' });
    expect(await ok.text()).toContain('<code>trace-1234</code>');
    const bad = await ctx.agent().get('/nowhere', { 'X-Request-Id': 'x"><script>alert(1)</script>' });
    const html = await bad.text();
    expect(html).not.toContain('<script>alert(1)');
    expect(bad.headers.get('x-request-id')).not.toContain('<');
  });
});

describe('output escaping', () => {
  it('a school named <script>alert(1)</script> is shown as text in the list and the form', async () => {
    const name = `<script>alert(1)</script>${uid()}`;
    const res = await admin.post('/admin/schools', { name, kind: 'primary', townId });
    expect(res.status).toBe(303);
    const [row] = await ctx.db.select().from(schools).where(eq(schools.name, name));
    expect(row).toBeDefined();

    const list = await (await admin.get(`/admin/schools?q=${encodeURIComponent(name)}`)).text();
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list).not.toContain('<script>alert(1)');
    // The search box echoes the query escaped, too.
    expect(list).toMatch(/<input id="q" name="q" type="search" value="&lt;script&gt;alert\(1\)&lt;\/script&gt;/);

    const form = await (await admin.get(`/admin/schools/${row!.id}`)).text();
    expect(form).not.toContain('<script>alert(1)');
    expect(form).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a quote in a value cannot break out of an attribute', async () => {
    const name = `x" autofocus onfocus="alert(1)${uid()}`;
    const res = await admin.post('/admin/schools', { name, kind: 'primary', townId });
    const id = res.headers.get('location')!.split('/').pop();
    const form = await (await admin.get(`/admin/schools/${id}`)).text();
    expect(form).not.toContain('onfocus="alert(1)');
    expect(form).toContain('x&quot; autofocus onfocus=&quot;alert(1)');
  });

  it('a username typed at sign-in comes back escaped', async () => {
    const res = await ctx.agent('10.40.0.3').post('/login', { username: '"><img src=x onerror=alert(1)>', password: 'whatever-1234' });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('the events table is append-only (database trigger)', () => {
  const errorText = (err: unknown) => {
    const parts: string[] = [];
    for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) parts.push(String((e as Error).message ?? e));
    return parts.join(' | ');
  };
  const attempt = async (statement: ReturnType<typeof sql>) => {
    try {
      await ctx.db.execute(statement);
      return 'succeeded';
    } catch (err) {
      return errorText(err);
    }
  };

  let eventId: number;
  beforeAll(async () => {
    const result = await ctx.db.execute(sql`
      INSERT INTO events (entity_type, entity_id, action, data) VALUES ('test', 'append-only', 'created', '{"k":1}') RETURNING id`);
    eventId = Number(rowsOf<{ id: number | string }>(result)[0]!.id);
  });

  it('accepts inserts', () => {
    expect(eventId).toBeGreaterThan(0);
  });

  it('refuses UPDATE', async () => {
    expect(await attempt(sql`UPDATE events SET action = 'tampered' WHERE id = ${eventId}`)).toMatch(/append-only: UPDATE is not allowed/);
  });

  it('refuses DELETE', async () => {
    expect(await attempt(sql`DELETE FROM events WHERE id = ${eventId}`)).toMatch(/append-only: DELETE is not allowed/);
  });

  it('refuses TRUNCATE', async () => {
    expect(await attempt(sql`TRUNCATE events`)).toMatch(/append-only: TRUNCATE is not allowed/);
  });

  it('refuses them inside a transaction too, and the event is unchanged', async () => {
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.execute(sql`UPDATE events SET data = '{}' WHERE id = ${eventId}`);
      }),
    ).rejects.toThrow();
    const rows = rowsOf<{ action: string; data: unknown }>(await ctx.db.execute(sql`SELECT action, data FROM events WHERE id = ${eventId}`));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.action).toBe('created');
    expect(rows[0]!.data).toEqual({ k: 1 });
  });
});
