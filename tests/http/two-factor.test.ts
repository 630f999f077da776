import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.js';
import { events, sessions, users, userTwoFactor } from '../../src/db/schema/index.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { setupTestApp, signedInUser, type Agent, type TestContext } from '../support/app.js';
import { makeSchool, makeUser, TEST_PASSWORD, TEST_TOTP_SECRET } from '../support/factories.js';

/** Two-factor sign-in (TOTP + recovery codes): required for supervisors and administrators. */
let ctx: TestContext;
let ipCounter = 0;
const agent = () => ctx.agent(`10.70.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`);

beforeAll(async () => {
  ctx = await setupTestApp();
});
afterAll(() => ctx?.close());
afterEach(() => ctx.clock.reset());

const later = (seconds: number) => ctx.clock.advance(seconds * 1000);
const secretOf = async (userId: string) => (await ctx.db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, userId)))[0]?.secret;
const actionsOf = async (userId: string) => (await ctx.db.select().from(events).where(and(eq(events.entityType, 'user'), eq(events.entityId, userId)))).map((e) => e.action);
const password = (a: Agent, username: string, next?: string) => a.post('/login', { username, password: TEST_PASSWORD, ...(next ? { next } : {}) });

/** Enrols through the pages like a person with an authenticator app; returns the recovery codes. */
async function enrol(a: Agent, userId: string): Promise<string[]> {
  const page = await a.get('/account/two-factor');
  expect(page.status).toBe(200);
  const html = await page.text();
  const secret = (await secretOf(userId))!;
  expect(html).toContain(secret.match(/.{1,4}/g)!.join(' '));
  expect(html).toMatch(/<svg class="qr-code"[^>]*role="img"/);
  expect(html).toContain('otpauth://totp/');
  const res = await a.post('/account/two-factor', { action: 'enable', code: totpCode(secret, ctx.clock.now()) });
  expect(res.status).toBe(200);
  return [...(await res.text()).matchAll(/<code>([a-z2-7]{5}-[a-z2-7]{5})<\/code>/g)].map((m) => m[1]!);
}

describe('a supervisor without an authenticator', () => {
  it('must enrol before anything else, then works normally; the codes are shown once', async () => {
    const user = await makeUser(ctx.db, 'supervisor', { twoFactor: false });
    const a = agent();
    const signIn = await password(a, user.username);
    expect(signIn.status).toBe(303);
    const home = await a.get('/hazards');
    expect([home.status, home.headers.get('location')]).toEqual([302, '/account/two-factor']);
    expect((await a.post('/inbox/read-all')).status).toBe(403);
    expect(await (await a.get('/account/two-factor')).text()).toContain(zhCN['twoFactor.mustEnrol']);

    const wrong = await a.post('/account/two-factor', { action: 'enable', code: '000000' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain(zhCN['twoFactor.wrongCode']);

    const codes = await enrol(a, user.id);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await a.get('/hazards')).status).toBe(200);
    expect(await actionsOf(user.id)).toEqual(expect.arrayContaining(['signedIn', 'twoFactorEnabled']));
  });

  it('with a password to change first: the password, then the enrolment', async () => {
    const user = await makeUser(ctx.db, 'admin', { twoFactor: false, mustChangePassword: true });
    const a = agent();
    await password(a, user.username);
    expect((await a.get('/admin')).headers.get('location')).toBe('/account/password');
    expect((await a.post('/account/password', { current: TEST_PASSWORD, next: 'a-much-better-passphrase', confirm: 'a-much-better-passphrase' })).status).toBe(303);
    expect((await a.get('/admin')).headers.get('location')).toBe('/account/two-factor');
    await enrol(a, user.id);
    expect((await a.get('/admin')).status).toBe(200);
  });
});

describe('signing in with an authenticator', () => {
  it('asks for the code after the password; the waiting session reaches nothing else', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const a = agent();
    const res = await password(a, user.username, '/hazards?state=REPORTED');
    expect([res.status, res.headers.get('location')]).toEqual([303, `/login/two-factor?next=${encodeURIComponent('/hazards?state=REPORTED')}`]);
    const waitingCookie = a.cookies.get('cs_session');
    expect((await a.get('/hazards')).headers.get('location')).toMatch(/^\/login\?next=/);
    expect((await a.get('/account/two-factor')).headers.get('location')).toMatch(/^\/login\?next=/);
    expect((await a.post('/account/password', { current: TEST_PASSWORD, next: 'x', confirm: 'x' })).status).toBe(403);
    const page = await a.get('/login/two-factor?next=%2Fhazards');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('autocomplete="one-time-code"');

    const wrong = await a.post('/login/two-factor', { code: '000000', next: '/hazards' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain(zhCN['twoFactor.wrongCode']);

    const ok = await a.post('/login/two-factor', { code: totpCode(TEST_TOTP_SECRET, ctx.clock.now()), next: '/hazards?state=REPORTED' });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/hazards?state=REPORTED']);
    // A new session id once the sign-in is complete; the waiting one is gone.
    expect(a.cookies.get('cs_session')).not.toBe(waitingCookie);
    expect((await a.get('/hazards')).status).toBe(200);
    const signedIn = (await ctx.db.select().from(events).where(and(eq(events.entityId, user.id), eq(events.action, 'signedIn'))))[0];
    expect(signedIn?.data).toEqual({ secondFactor: 'totp' });
    expect(await actionsOf(user.id)).toContain('signInFailed');
  });

  it('accepts a code once: the same code in two sign-ins at once lets only one in', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const [a, b] = [agent(), agent()];
    await password(a, user.username);
    await password(b, user.username);
    const code = totpCode(TEST_TOTP_SECRET, ctx.clock.now());
    const results = await Promise.all([a.post('/login/two-factor', { code }), b.post('/login/two-factor', { code })]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 401]);
    later(30);
    const c = agent();
    await password(c, user.username);
    expect((await c.post('/login/two-factor', { code })).status).toBe(401);
    expect((await c.post('/login/two-factor', { code: totpCode(TEST_TOTP_SECRET, ctx.clock.now()) })).status).toBe(303);
  });

  it('a recovery code signs in once', async () => {
    const user = await makeUser(ctx.db, 'officer', { schoolId: (await makeSchool(ctx.db)).id, twoFactor: false });
    const a = agent();
    await password(a, user.username);
    const codes = await enrol(a, user.id);
    for (const [i, expected] of [[0, 303], [0, 401]] as const) {
      const b = agent();
      await password(b, user.username);
      expect((await b.post('/login/two-factor', { code: codes[i]!.toUpperCase() })).status).toBe(expected);
    }
    expect(await actionsOf(user.id)).toContain('recoveryCodeUsed');
  });

  it('is throttled like the password: six wrong codes lock the account for an hour (logged once)', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const a = agent();
    await password(a, user.username);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await a.post('/login/two-factor', { code: String(100000 + i) })).status);
      later(70); // past each doubling delay, so only the lock refuses
      await password(a, user.username); // the waiting session lasts 10 minutes: start again
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    const locked = await a.post('/login/two-factor', { code: totpCode(TEST_TOTP_SECRET, ctx.clock.now()) });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(1000);
    const lockOuts = (await ctx.db.select().from(events).where(and(eq(events.entityId, user.id), eq(events.action, 'lockedOut'))));
    expect(lockOuts.map((e) => e.data)).toEqual([{ counter: '2fa' }]);
  });

  it('the waiting session ends after 10 minutes', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const a = agent();
    await password(a, user.username);
    later(601);
    const res = await a.post('/login/two-factor', { code: totpCode(TEST_TOTP_SECRET, ctx.clock.now()) });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/login']);
  });
});

describe('managing it', () => {
  it('an officer may turn it on and off; new recovery codes replace the old ones', async () => {
    const user = await makeUser(ctx.db, 'officer', { schoolId: (await makeSchool(ctx.db)).id, twoFactor: false });
    const a = agent();
    expect((await password(a, user.username)).headers.get('location')).toBe('/');
    const codes = await enrol(a, user.id);
    later(30);
    const renewed = await a.post('/account/two-factor', { action: 'recovery', code: totpCode((await secretOf(user.id))!, ctx.clock.now()) });
    expect(renewed.status).toBe(200);
    const b = agent();
    await password(b, user.username);
    expect((await b.post('/login/two-factor', { code: codes[1]! })).status).toBe(401);
    later(30);
    const off = await a.post('/account/two-factor', { action: 'disable', code: totpCode((await secretOf(user.id))!, ctx.clock.now()) });
    expect([off.status, off.headers.get('location')]).toEqual([303, '/account']);
    expect(await secretOf(user.id)).toBeUndefined();
    expect((await password(agent(), user.username)).headers.get('location')).toBe('/');
    expect(await actionsOf(user.id)).toEqual(expect.arrayContaining(['twoFactorEnabled', 'recoveryCodesRenewed', 'twoFactorDisabled']));
  });

  it('a supervisor cannot turn it off', async () => {
    const { agent: a } = await signedInUser(ctx, 'supervisor');
    const page = await (await a.get('/account/two-factor')).text();
    expect(page).toContain(zhCN['twoFactor.on']);
    expect(page).not.toContain('value="disable"');
    expect((await a.post('/account/two-factor', { action: 'disable', code: totpCode(TEST_TOTP_SECRET, ctx.clock.now()) })).status).toBe(403);
  });

  it('the administrator resets a lost authenticator: sessions end, enrolment comes again', async () => {
    const { agent: supervisor, user } = await signedInUser(ctx, 'supervisor');
    const { agent: admin } = await signedInUser(ctx, 'admin');
    const page = await (await admin.get(`/admin/users/${user.id}`)).text();
    expect(page).toContain(`/admin/users/${user.id}/reset-two-factor`);
    expect(page).toContain(zhCN['twoFactor.on']);
    const res = await admin.post(`/admin/users/${user.id}/reset-two-factor`);
    expect([res.status, res.headers.get('location')]).toEqual([303, `/admin/users/${user.id}`]);
    expect((await supervisor.get('/hazards')).status).toBe(302);
    expect(await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    const again = agent();
    await password(again, user.username);
    expect((await again.get('/hazards')).headers.get('location')).toBe('/account/two-factor');
    expect(await actionsOf(user.id)).toContain('twoFactorReset');
  });
});

describe('demo accounts', () => {
  it('a demo supervisor or administrator signs in with the password alone, and is told why', async () => {
    const user = await makeUser(ctx.db, 'supervisor', { twoFactor: false });
    await ctx.db.update(users).set({ isDemo: true }).where(eq(users.id, user.id));
    try {
      const a = agent();
      expect((await password(a, user.username)).headers.get('location')).toBe('/');
      expect((await a.get('/hazards')).status).toBe(200);
      expect(await (await a.get('/account/two-factor')).text()).toContain(zhCN['twoFactor.demoExempt']);
    } finally {
      await ctx.db.update(users).set({ isDemo: false }).where(eq(users.id, user.id));
    }
  });
});
