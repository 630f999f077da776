import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sessionStore } from '../../src/auth/sessions.js';
import { events, loginThrottles, sessions, users } from '../../src/db/schema/index.js';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { setupTestApp, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool, makeUser, TEST_PASSWORD } from '../support/factories.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await setupTestApp();
});
afterAll(() => ctx?.close());
// A test that moves the clock puts it back.
afterEach(() => ctx.clock.reset());

/** Every test signs in from its own address, so the per-IP failure counter of one test never touches another. */
let ipCounter = 0;
const freshIp = () => {
  ipCounter++;
  return `10.20.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
};
const newAgent = () => ctx.agent(freshIp());

const WRONG = 'definitely-not-the-password';

/** The session cookie a response sets (not the blanking one), or undefined. */
function sessionSetCookie(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith('cs_session=') && !c.startsWith('cs_session=;'));
}

/** The message shown above the sign-in form. */
async function formMessage(res: Response): Promise<string | undefined> {
  const html = await res.text();
  return /<p class="form-message" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
}

/** The error shown beside a field, with the field marked invalid. */
function fieldError(html: string, field: string): string | undefined {
  if (!new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`).test(html)) return undefined;
  return new RegExp(`<p class="field-error" id="f-${field}-error">([^<]*)</p>`).exec(html)?.[1];
}

async function signedInAgent(username: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = newAgent();
  const res = await agent.signIn(username, password);
  expect(res.status, `sign-in of ${username}`).toBe(303);
  return agent;
}

/**
 * A browser with a new session of the user, made by the app's own session store — what a sign-in does
 * once the password is checked. For tests about something else than signing in (each real sign-in costs
 * a deliberately slow password hash).
 */
async function sessionAgent(userId: string): Promise<Agent> {
  const store = sessionStore(ctx.db, { idleMinutes: ctx.config.sessionIdleMinutes, absoluteHours: ctx.config.sessionAbsoluteHours, secureCookie: false });
  const [pair] = (await store.start(userId, ctx.clock.now())).split(';');
  const agent = newAgent();
  agent.cookies.set('cs_session', pair!.slice(pair!.indexOf('=') + 1));
  return agent;
}

/** Whether the agent's session still works (a page that needs a signed-in user opens). */
async function isSignedIn(agent: Agent): Promise<boolean> {
  const res = await agent.get('/account/password');
  if (res.status === 200) return true;
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
  return false;
}

const sessionCount = async (userId: string) => (await ctx.db.select().from(sessions).where(eq(sessions.userId, userId))).length;

describe('signing in', () => {
  it('succeeds with 303 and an HttpOnly, SameSite=Lax session cookie without Secure over http', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const agent = newAgent();
    const res = await agent.signIn(user.username, TEST_PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = sessionSetCookie(res);
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    // The cookie carries a token; the database keeps only its hash.
    const token = agent.cookies.get('cs_session')!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    const rows = await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(token);
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    const home = await agent.get('/');
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/home/supervisor');
  });

  it("sets Secure when config.cookieSecure is 'always', and in 'auto' mode behind an https proxy", async () => {
    const user = await makeUser(ctx.db, 'leader');
    const saved = ctx.config.cookieSecure;
    try {
      ctx.config.cookieSecure = 'always';
      const always = await newAgent().signIn(user.username, TEST_PASSWORD);
      expect(always.status).toBe(303);
      expect(sessionSetCookie(always)).toMatch(/;\s*Secure/i);
      expect(sessionSetCookie(always)).toMatch(/;\s*HttpOnly/i);
      ctx.config.cookieSecure = 'auto';
      const proxied = await newAgent().post('/login', { username: user.username, password: TEST_PASSWORD }, { 'X-Forwarded-Proto': 'https' });
      expect(proxied.status).toBe(303);
      expect(sessionSetCookie(proxied)).toMatch(/;\s*Secure/i);
      ctx.config.cookieSecure = 'never';
      const never = await newAgent().post('/login', { username: user.username, password: TEST_PASSWORD }, { 'X-Forwarded-Proto': 'https' });
      expect(sessionSetCookie(never)).not.toMatch(/;\s*Secure/i);
    } finally {
      ctx.config.cookieSecure = saved;
    }
  });

  it('accepts the username in any letter case', async () => {
    const user = await makeUser(ctx.db, 'leader', { username: `CaseUser${Date.now().toString(36)}` });
    const res = await newAgent().signIn(`  ${user.username.toUpperCase()} `, TEST_PASSWORD);
    expect(res.status).toBe(303);
  });

  it('goes back to a local `next` path, never to another site', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const local = await newAgent().post('/login', { username: user.username, password: TEST_PASSWORD, next: '/account' });
    expect(local.headers.get('location')).toBe('/account');
    for (const next of ['//evil.example/x', 'https://evil.example/']) {
      const res = await newAgent().post('/login', { username: user.username, password: TEST_PASSWORD, next });
      expect(res.status).toBe(303);
      expect(res.headers.get('location'), next).toBe('/');
    }
  });

  it('the sign-in page carries `next` from an anonymous request to a protected page', async () => {
    const agent = newAgent();
    const res = await agent.get('/account?tab=1');
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/login?next=${encodeURIComponent('/account?tab=1')}`);
    const page = await agent.get(location);
    expect(await page.text()).toContain('name="next" value="/account?tab=1"');
  });

  it('fails with 401 and the same message for an unknown user and a wrong password', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const unknownName = `nobody${Date.now().toString(36)}`;
    const wrongPassword = await newAgent().signIn(user.username, WRONG);
    const unknownUser = await newAgent().signIn(unknownName, WRONG);
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(sessionSetCookie(wrongPassword)).toBeUndefined();
    const a = await wrongPassword.text();
    const b = await unknownUser.text();
    const message = (html: string) => /<p class="form-message" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
    expect(message(a)).toBe(zhCN['auth.invalid']);
    expect(message(b)).toBe(message(a));
    // The whole pages are the same apart from the typed username (and the per-response CSP nonce).
    const normalise = (html: string, name: string) => html.replaceAll(name, 'USERNAME').replace(/nonce="[^"]*"/g, 'nonce=""');
    expect(normalise(b, unknownName)).toBe(normalise(a, user.username));
    // The username comes back in the form; the password never does.
    expect(a).toContain(`value="${user.username}"`);
    expect(a).not.toContain(WRONG);
  });

  it('refuses an empty form with 422 and a message beside each field', async () => {
    const res = await newAgent().post('/login', { username: '', password: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldError(html, 'username')).toBe(zhCN['validation.required']);
    expect(fieldError(html, 'password')).toBe(zhCN['validation.required']);
  });

  it('issues a new session id at every sign-in; the previous session of the browser ends', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const agent = newAgent();
    const first = await agent.signIn(user.username, TEST_PASSWORD);
    const firstToken = agent.cookies.get('cs_session')!;
    const second = await agent.signIn(user.username, TEST_PASSWORD);
    const secondToken = agent.cookies.get('cs_session')!;
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(sessionSetCookie(second)).toBeDefined();
    expect(secondToken).not.toBe(firstToken);
    expect(await isSignedIn(agent)).toBe(true);
    // The old cookie, replayed by another browser, no longer works.
    const replay = newAgent();
    replay.cookies.set('cs_session', firstToken);
    expect(await isSignedIn(replay)).toBe(false);
    expect(await sessionCount(user.id)).toBe(1);
  });
});

describe('sign-in throttling', () => {
  it('after 3 failures the next immediate attempt gets 429 with Retry-After, even with the right password; after waiting it works', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const agent = newAgent();
    for (let i = 0; i < 3; i++) expect((await agent.signIn(user.username, WRONG)).status).toBe(401);
    const throttled = await agent.signIn(user.username, TEST_PASSWORD);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(sessionSetCookie(throttled)).toBeUndefined();
    expect(await formMessage(throttled)).toBe(zhCN['auth.slowDown'].replace('{seconds}', '1'));
    ctx.clock.advance(1000);
    const ok = await agent.signIn(user.username, TEST_PASSWORD);
    expect(ok.status).toBe(303);
    // Success clears the account's counter: one more mistake is an ordinary failure.
    expect((await newAgent().signIn(user.username, WRONG)).status).toBe(401);
  });

  it('doubles the delay with each further failure', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const agent = newAgent();
    const retryAfters: string[] = [];
    for (let i = 0; i < 3; i++) expect((await agent.signIn(user.username, WRONG)).status).toBe(401);
    for (let i = 0; i < 3; i++) {
      const refused = await agent.signIn(user.username, WRONG);
      expect(refused.status).toBe(429);
      retryAfters.push(refused.headers.get('retry-after')!);
      ctx.clock.advance(Number(refused.headers.get('retry-after')) * 1000);
      expect((await agent.signIn(user.username, WRONG)).status).toBe(401);
    }
    expect(retryAfters).toEqual(['1', '2', '4']);
  });

  it('locks the account from that address after 8 failures: the right password is refused there until 15 minutes have passed', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const other = await makeUser(ctx.db, 'supervisor');
    const ip = freshIp();
    const agent = ctx.agent(ip);
    for (let i = 0; i < 8; i++) {
      expect((await agent.signIn(user.username, WRONG)).status, `failure ${i + 1}`).toBe(401);
      ctx.clock.advance(30_000); // longer than any delay, shorter than the window
    }
    ctx.clock.advance(-30_000); // straight after the 8th failure
    const locked = await agent.signIn(user.username, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe(String(15 * 60));
    const message = await formMessage(locked);
    expect(message).toBe(zhCN['auth.locked'].replace('{minutes}', '15'));
    expect(message).toContain('15 分钟');

    // The lock is the account's from this address: another account from the same address still signs in…
    expect((await ctx.agent(ip).signIn(other.username, TEST_PASSWORD)).status).toBe(303);
    // …and the real user, from their own address, is not locked out by someone guessing elsewhere.
    const elsewhere = newAgent();
    expect((await elsewhere.signIn(user.username, TEST_PASSWORD)).status).toBe(303);

    ctx.clock.advance(14 * 60_000);
    const stillLocked = await agent.signIn(user.username, TEST_PASSWORD);
    expect(stillLocked.status).toBe(429);
    expect(stillLocked.headers.get('retry-after')).toBe('60');
    expect(await formMessage(stillLocked)).toContain('1 分钟');
    // In English too the message says how many minutes (a refused attempt costs no password check).
    await agent.post('/lang', { lang: 'en' });
    const english = await agent.signIn(user.username, TEST_PASSWORD);
    expect(english.status).toBe(429);
    expect(await formMessage(english)).toBe(en['auth.locked'].replace('{minutes}', '1'));
    await agent.post('/lang', { lang: 'zh-CN' });

    ctx.clock.advance(60_000);
    expect((await agent.signIn(user.username, TEST_PASSWORD)).status).toBe(303);
  });

  it('100 parallel sign-ins (99 wrong, the right one 80th) are counted as they arrive: once the limit is reached every one is refused', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const ip = freshIp();
    const attempts = Array.from({ length: 100 }, (_, i) => ctx.agent(ip).signIn(user.username, i === 79 ? TEST_PASSWORD : WRONG));
    const statuses = await Promise.all(attempts.map(async (r) => (await r).status));
    // Three are checked (3 wrong: 401); every later one, the right one included, waits its turn (429).
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(97);
    expect(statuses[79]).toBe(429);
    const [row] = await ctx.db.select().from(loginThrottles).where(eq(loginThrottles.key, `pair:${user.username.toLowerCase()}|${ip}`));
    expect(row!.failures).toBe(3);
  });

  it('the password-change form is throttled like a sign-in: after the 8th wrong current password the right one is refused', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const agent = await sessionAgent(user.id);
    const change = (current: string) => agent.post('/account/password', { current, next: 'a-new-long-passphrase-42', confirm: 'a-new-long-passphrase-42' });
    for (let i = 0; i < 8; i++) {
      expect((await change(WRONG)).status, `wrong ${i + 1}`).toBe(422);
      ctx.clock.advance(30_000);
    }
    const refused = await change(TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(fieldError(await refused.text(), 'current')).toBe(zhCN['password.tooManyTries']);
    ctx.clock.advance(15 * 60_000);
    expect((await change(TEST_PASSWORD)).status).toBe(303);
  }, 120_000); // ten password checks: slow on a busy machine

  it('the account backstop: 20 failures from 20 addresses lock the account everywhere for an hour', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    for (let i = 0; i < 20; i++) {
      expect((await newAgent().signIn(user.username, WRONG)).status, `failure ${i + 1}`).toBe(401);
      ctx.clock.advance(20_000); // longer than any delay, shorter than the window
    }
    const locked = await newAgent().signIn(user.username, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(await formMessage(locked)).toContain('分钟');
    ctx.clock.advance(60 * 60_000);
    expect((await newAgent().signIn(user.username, TEST_PASSWORD)).status).toBe(303);
  }, 120_000); // 21 password checks: slow on a busy machine

  it('the IP rule: many usernames failing from one address slow down every sign-in from it', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const ip = freshIp();
    for (let i = 0; i < 10; i++) {
      expect((await ctx.agent(ip).signIn(`guess${i}x${Date.now().toString(36)}`, WRONG)).status).toBe(401);
    }
    const fromThatIp = await ctx.agent(ip).signIn(user.username, TEST_PASSWORD);
    expect(fromThatIp.status).toBe(429);
    expect(fromThatIp.headers.get('retry-after')).toBe('1');
    // Another address is not affected.
    expect((await newAgent().signIn(user.username, TEST_PASSWORD)).status).toBe(303);
    ctx.clock.advance(1000);
    expect((await ctx.agent(ip).signIn(user.username, TEST_PASSWORD)).status).toBe(303);
  });

  it('unknown usernames are throttled exactly like real ones', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const unknown = `ghost${Date.now().toString(36)}`;
    const run = async (username: string) => {
      const agent = newAgent();
      const trail: Array<[number, string | null, string | undefined]> = [];
      for (let i = 0; i < 4; i++) {
        const res = await agent.signIn(username, WRONG);
        trail.push([res.status, res.headers.get('retry-after'), await formMessage(res)]);
      }
      return trail;
    };
    const real = await run(user.username);
    const ghost = await run(unknown);
    expect(real.map(([s]) => s)).toEqual([401, 401, 401, 429]);
    expect(ghost).toEqual(real);
  });
});

describe('forced password change', () => {
  it('redirects a user who must change the password to /account/password from any page', async () => {
    const school = await makeSchool(ctx.db);
    const user = await makeUser(ctx.db, 'officer', { schoolId: school.id, mustChangePassword: true });
    const agent = await signedInAgent(user.username);
    for (const path of ['/', '/home/officer', '/account', '/admin', '/admin/towns', '/home/leader']) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location'), path).toBe('/account/password');
    }
    const page = await agent.get('/account/password');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(zhCN['password.mustChange']);
    // No navigation to pages the user cannot open yet.
    expect(html).not.toContain('href="/account"');
  });

  it('refuses POSTs to other routes with 403, but sign-out and the language switch work', async () => {
    const admin = await makeUser(ctx.db, 'admin', { mustChangePassword: true });
    const agent = await sessionAgent(admin.id);
    for (const path of ['/admin/towns', '/account/logout-everywhere', '/admin/users']) {
      const res = await agent.post(path, { name: 'x' });
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain(zhCN['error.passwordChangeRequired']);
    }
    expect((await agent.post('/lang', { lang: 'zh-CN' })).status).toBe(303);
    expect((await agent.post('/logout')).status).toBe(303);
    expect(await isSignedIn(agent)).toBe(false);
  });

  describe('validation of the new password', () => {
    let agent: Agent;
    let username: string;
    let userId: string;
    beforeAll(async () => {
      const user = await makeUser(ctx.db, 'supervisor', { mustChangePassword: true, username: `pwcheck${Date.now().toString(36)}` });
      username = user.username;
      userId = user.id;
      agent = await sessionAgent(userId);
    });

    const cases: Array<[string, () => { current: string; next: string; confirm: string }, string, keyof typeof zhCN]> = [
      ['wrong current password', () => ({ current: 'Wrong-Current-777', next: 'Fresh-Passphrase-42', confirm: 'Fresh-Passphrase-42' }), 'current', 'password.currentWrong'],
      ['too short', () => ({ current: TEST_PASSWORD, next: 'Sh0rt-pw!', confirm: 'Sh0rt-pw!' }), 'next', 'password.tooShort'],
      ['too common', () => ({ current: TEST_PASSWORD, next: 'Password123', confirm: 'Password123' }), 'next', 'password.tooCommon'],
      ['confirmation differs', () => ({ current: TEST_PASSWORD, next: 'Fresh-Passphrase-42', confirm: 'Fresh-Passphrase-43' }), 'confirm', 'password.mismatch'],
      ['contains the username', () => ({ current: TEST_PASSWORD, next: `My-${username}-2026`, confirm: `My-${username}-2026` }), 'next', 'password.containsUsername'],
      ['same as the current one', () => ({ current: TEST_PASSWORD, next: TEST_PASSWORD, confirm: TEST_PASSWORD }), 'next', 'password.sameAsOld'],
      ['fields left empty', () => ({ current: '', next: '', confirm: '' }), 'current', 'validation.required'],
    ];

    it.each(cases)('%s → 422 with the message beside the field, no password echoed', async (_name, values, field, key) => {
      const input = values();
      const res = await agent.post('/account/password', input);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(fieldError(html, field)).toBe(zhCN[key]);
      for (const value of [input.current, input.next, input.confirm].filter((v) => v.length > 0)) {
        expect(html).not.toContain(value);
      }
      for (const name of ['current', 'next', 'confirm']) expect(html).toContain(`name="${name}" type="password" value=""`);
    });

    it('nothing was changed by the refused attempts', async () => {
      const [row] = await ctx.db.select().from(users).where(eq(users.username, username));
      expect(row!.mustChangePassword).toBe(true);
      expect((await agent.get('/')).headers.get('location')).toBe('/account/password');
    });
  });

  it('a valid change: 303 to the role home, pages open, other sessions end, the new password works', async () => {
    const dept = await departmentByCode(ctx.db, 'EMG');
    const user = await makeUser(ctx.db, 'department', { departmentId: dept.id, mustChangePassword: true });
    const agent = await signedInAgent(user.username);
    const elsewhere = await sessionAgent(user.id);
    const next = 'Brand-New-Passphrase-9';
    const res = await agent.post('/account/password', { current: TEST_PASSWORD, next, confirm: next });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/home/department');
    const home = await agent.get('/home/department');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(zhCN['password.changed']);
    expect((await agent.get('/account')).status).toBe(200);
    expect((await agent.get('/')).headers.get('location')).toBe('/home/department');
    expect(await isSignedIn(elsewhere)).toBe(false);

    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.mustChangePassword).toBe(false);
    const logged = await ctx.db.select().from(events).where(and(eq(events.entityId, user.id), eq(events.action, 'passwordChanged')));
    expect(logged).toHaveLength(1);
    expect(logged[0]!.actorId).toBe(user.id);
    expect(JSON.stringify(logged[0]!.data)).not.toContain(next);

    expect((await newAgent().signIn(user.username, TEST_PASSWORD)).status).toBe(401);
    expect((await newAgent().signIn(user.username, next)).status).toBe(303);
  });
});

describe('signing out', () => {
  it('ends the session on the server: the old cookie, replayed, no longer works', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const agent = await signedInAgent(user.username);
    const token = agent.cookies.get('cs_session')!;
    const res = await agent.post('/logout');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    expect(res.headers.getSetCookie().some((c) => /^cs_session=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);
    expect(agent.cookies.has('cs_session')).toBe(false);
    const replay = newAgent();
    replay.cookies.set('cs_session', token);
    expect(await isSignedIn(replay)).toBe(false);
    expect(await sessionCount(user.id)).toBe(0);
  });

  it('"sign out everywhere" ends every session of the user', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const bystander = await makeUser(ctx.db, 'supervisor');
    const first = await signedInAgent(user.username);
    const second = await sessionAgent(user.id);
    const other = await sessionAgent(bystander.id);
    const res = await first.post('/account/logout-everywhere');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    expect(await isSignedIn(first)).toBe(false);
    expect(await isSignedIn(second)).toBe(false);
    expect(await isSignedIn(other)).toBe(true);
    expect(await sessionCount(user.id)).toBe(0);
    const logged = await ctx.db.select().from(events).where(and(eq(events.entityId, user.id), eq(events.action, 'signedOutEverywhere')));
    expect(logged).toHaveLength(1);
  });
});

describe('accounts changed by an administrator', () => {
  let admin: Agent;
  beforeAll(async () => {
    admin = await sessionAgent((await makeUser(ctx.db, 'admin')).id);
  });

  it('a deactivated user cannot sign in and sees the same generic message', async () => {
    const user = await makeUser(ctx.db, 'supervisor', { active: false });
    const res = await newAgent().signIn(user.username, TEST_PASSWORD);
    expect(res.status).toBe(401);
    expect(await formMessage(res)).toBe(zhCN['auth.invalid']);
  });

  it('deactivating a signed-in user ends their session at once; reactivating lets them sign in again', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const agent = await sessionAgent(user.id);
    const res = await admin.post(`/admin/users/${user.id}/deactivate`);
    expect(res.status).toBe(303);
    expect(await isSignedIn(agent)).toBe(false);
    expect(await sessionCount(user.id)).toBe(0);
    expect((await newAgent().signIn(user.username, TEST_PASSWORD)).status).toBe(401);
    expect((await admin.post(`/admin/users/${user.id}/activate`)).status).toBe(303);
    expect((await newAgent().signIn(user.username, TEST_PASSWORD)).status).toBe(303);
  });

  it('a session of a user deactivated directly in the database stops working too', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const agent = await sessionAgent(user.id);
    await ctx.db.update(users).set({ active: false }).where(eq(users.id, user.id));
    expect(await isSignedIn(agent)).toBe(false);
  });

  it('resetting the password ends the sessions and forces a change at the next sign-in', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const agent = await sessionAgent(user.id);
    const temporary = 'Temporary-Pass-2026';
    const res = await admin.post(`/admin/users/${user.id}/reset-password`, { password: temporary });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/users/${user.id}`);
    expect(await isSignedIn(agent)).toBe(false);
    expect((await newAgent().signIn(user.username, TEST_PASSWORD)).status).toBe(401);
    const again = await signedInAgent(user.username, temporary);
    const home = await again.get('/');
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/account/password');
    const logged = await ctx.db.select().from(events).where(and(eq(events.entityId, user.id), eq(events.action, 'passwordReset')));
    expect(logged).toHaveLength(1);
  });

  it('a weak temporary password is refused (422) and nothing changes', async () => {
    const user = await makeUser(ctx.db, 'supervisor');
    const agent = await sessionAgent(user.id);
    const res = await admin.post(`/admin/users/${user.id}/reset-password`, { password: 'short' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(zhCN['password.tooShort']);
    expect(await isSignedIn(agent)).toBe(true);
  });

  it('the admin’s "sign out everywhere" for a user ends that user’s sessions', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const agent = await sessionAgent(user.id);
    expect((await admin.post(`/admin/users/${user.id}/logout-everywhere`)).status).toBe(303);
    expect(await isSignedIn(agent)).toBe(false);
  });
});

describe('session expiry', () => {
  it('idle expiry: a session whose expires_at has passed signs the user out', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const agent = await sessionAgent(user.id);
    expect(await isSignedIn(agent)).toBe(true);
    await ctx.db.execute(sql`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = ${user.id}`);
    const res = await agent.get('/account');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    expect(res.headers.getSetCookie().some((c) => /^cs_session=;/.test(c))).toBe(true);
    expect(await sessionCount(user.id)).toBe(0);
  });

  it('an active session slides its idle expiry forward', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const agent = await sessionAgent(user.id);
    // Halfway to the idle limit, lucia extends the session and sends a fresh cookie.
    const halfIdle = Math.ceil(ctx.config.sessionIdleMinutes / 2) + 1;
    await ctx.db.execute(sql`UPDATE sessions SET expires_at = now() + make_interval(mins => ${halfIdle - 2}) WHERE user_id = ${user.id}`);
    const res = await agent.get('/account');
    expect(res.status).toBe(200);
    expect(sessionSetCookie(res)).toBeDefined();
    const [row] = await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + (ctx.config.sessionIdleMinutes - 5) * 60_000);
  });

  it('absolute expiry: the session ends sessionAbsoluteHours after sign-in however active it is', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const agent = await sessionAgent(user.id);
    const lifetime = ctx.config.sessionAbsoluteHours * 3600_000;
    ctx.clock.advance(lifetime - 60_000);
    expect(await isSignedIn(agent)).toBe(true);
    ctx.clock.advance(60_000);
    expect(await isSignedIn(agent)).toBe(false);
    expect(await sessionCount(user.id)).toBe(0);
    // Signing in again gives a full new lifetime.
    expect(await isSignedIn(await signedInAgent(user.username))).toBe(true);
  });
});

describe('landing pages', () => {
  it.each([
    ['officer', '/home/officer', 'home.officer'],
    ['department', '/home/department', 'home.department'],
    ['supervisor', '/home/supervisor', 'home.supervisor'],
    ['leader', '/home/leader', 'home.leader'],
    ['admin', '/admin', 'admin.title'],
  ] as const)('%s: GET / redirects to %s, which opens', async (role, path, heading) => {
    const options =
      role === 'officer'
        ? { schoolId: (await makeSchool(ctx.db)).id }
        : role === 'department'
          ? { departmentId: (await departmentByCode(ctx.db, 'PSB')).id }
          : {};
    const user = await makeUser(ctx.db, role, options);
    const agent = await sessionAgent(user.id);
    const root = await agent.get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe(path);
    const page = await agent.get(path);
    expect(page.status).toBe(200);
    const text = await textOf(page);
    expect(text).toContain(zhCN[heading]);
    expect(text).toContain(zhCN['auth.signOut']);
    // A signed-in user who opens the sign-in page is sent home.
    const login = await agent.get('/login');
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe(path);
  });

  it("the officer's home shows the officer's school", async () => {
    const school = await makeSchool(ctx.db);
    const user = await makeUser(ctx.db, 'officer', { schoolId: school.id });
    const page = await (await sessionAgent(user.id)).get('/home/officer');
    expect(await page.text()).toContain(school.name);
  });
});

describe('language', () => {
  it('a signed-in user switches to English; the choice is saved and survives a new session', async () => {
    const user = await makeUser(ctx.db, 'leader');
    const agent = await sessionAgent(user.id);
    expect(await textOf(await agent.get('/account'))).toContain(zhCN['auth.signOut']);
    const res = await agent.post('/lang', { lang: 'en', next: '/account' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account');
    const page = await agent.get('/account');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(en['auth.signOut']);
    expect(html).not.toContain(zhCN['auth.signOut']);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.locale).toBe('en');

    // A new browser (no language cookie) gets English once the user has signed in.
    const fresh = newAgent();
    expect(await textOf(await fresh.get('/login'))).toContain(zhCN['auth.signIn']);
    await fresh.signIn(user.username, TEST_PASSWORD);
    expect(fresh.cookies.has('cs_lang')).toBe(false);
    expect(await textOf(await fresh.get('/account'))).toContain('Sign out');

    // And back to Chinese.
    await fresh.post('/lang', { lang: 'zh-CN', next: '/account' });
    expect(await textOf(await fresh.get('/account'))).toContain(zhCN['auth.signOut']);
  });

  it('an anonymous visitor’s choice is remembered by a cookie', async () => {
    const agent = newAgent();
    const res = await agent.post('/lang', { lang: 'en', next: '/login' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cs_lang='));
    expect(cookie).toMatch(/^cs_lang=en;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const page = await agent.get('/login');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(en['auth.signIn']);
    // Another browser still gets Chinese…
    expect(await textOf(await newAgent().get('/login'))).toContain(zhCN['auth.intro']);
    // …unless it prefers English.
    expect(await textOf(await newAgent().get('/login', { 'Accept-Language': 'en-GB,en;q=0.9' }))).toContain(en['auth.intro']);
  });

  it('an unknown language falls back to Chinese and a foreign `next` to /', async () => {
    const agent = newAgent();
    const res = await agent.post('/lang', { lang: 'xx', next: 'https://evil.example/' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(agent.cookies.get('cs_lang')).toBe('zh-CN');
  });
});
