import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { events, users } from '../../src/db/schema/index.js';
import { en } from '../../src/i18n/en.js';
import { encodeCursor } from '../../src/lib/keyset.js';
import { ORIGIN, setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { makeSchool, makeUser, TEST_PASSWORD } from '../support/factories.js';

/** The administrator's security log (/admin/security-log), read from the append-only history. */
let ctx: TestContext;
let admin: Agent;
let officer: { agent: Agent; user: { id: string; username: string } };
let victim: { id: string; username: string };

beforeAll(async () => {
  ctx = await setupTestApp();
  admin = (await signedInUser(ctx, 'admin')).agent;
  await admin.post('/lang', { lang: 'en', next: '/' });
  officer = await signedInUser(ctx, 'officer', { schoolId: (await makeSchool(ctx.db)).id });
  victim = await makeUser(ctx.db, 'leader');
  // A wrong password, a name that is no account, eight wrong passwords from one address (a lock-out).
  await ctx.agent('10.80.0.1').signIn(victim.username, 'wrong-password-1');
  await ctx.agent('10.80.0.2').signIn('nobody-by-this-name', 'whatever-1234');
  for (let i = 0; i < 8; i++) {
    await ctx.agent('10.80.0.3').signIn(victim.username, `wrong-${i}`);
    ctx.clock.advance(130_000); // past each doubling delay
  }
  ctx.clock.reset();
  // Refused requests: a signed-in officer tries the admin pages; an anonymous POST is refused too.
  expect((await officer.agent.get('/admin/users')).status).toBe(403);
  expect((await ctx.agent().post('/admin/towns', { name: 'x' })).status).toBe(403);
});
afterAll(() => ctx?.close());
afterEach(() => ctx.clock.reset());

const rowsOf = async (query = '') => {
  const res = await admin.get(`/admin/security-log${query}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
};

describe('what the log shows', () => {
  it('sign-ins, failures (known and unknown names), lock-outs and refused requests, newest first', async () => {
    const rows = await rowsOf();
    const text = rows.join('\n');
    expect(text).toContain(`${en['security.action.signedIn']} ${officer.user.username}`);
    expect(text).toContain(`${en['security.action.signInFailed']} ${victim.username}`);
    expect(text).toMatch(new RegExp(`${en['security.action.signInFailed']} nobody-by-this-name 10\\.80\\.0\\.2 ${en['security.step.password']} · ${en['security.unknownAccount']}`));
    expect(text).toContain(`${en['security.action.lockedOut']} ${victim.username} 10.80.0.3 ${en['security.counter.pair']}`);
    expect(text).toContain(`${en['security.action.forbidden']} ${officer.user.username}`);
    expect(text).toContain('GET /admin/users');
    // The admin's own sign-in used a recovery code (how test users answer the code page).
    expect(text).toContain(en['security.via.recovery']);
    // Anonymous refusals are not stored (anyone can send them).
    expect(text).not.toContain('/admin/towns');
    // Newest first (in the order written): the refused request came after the lock-out.
    expect(rows.findIndex((r) => r.includes(en['security.action.forbidden']))).toBeLessThan(rows.findIndex((r) => r.includes(en['security.action.lockedOut'])));
  });

  it('role, password and two-factor changes, with who made them', async () => {
    const target = await makeUser(ctx.db, 'officer', { schoolId: (await makeSchool(ctx.db)).id });
    const [row] = await ctx.db.select().from(users).where(eq(users.id, target.id));
    expect((await admin.post(`/admin/users/${target.id}`, { version: row!.version, displayName: 'x', role: 'leader' })).status).toBe(303);
    expect((await admin.post(`/admin/users/${target.id}/reset-password`, { password: 'a-new-temporary-passphrase' })).status).toBe(303);
    expect((await admin.post(`/admin/users/${target.id}/reset-two-factor`)).status).toBe(303);
    const rows = await rowsOf(`?account=${target.username}`);
    expect(rows.some((r) => r.includes(en['security.action.roleChanged']) && r.includes(`${en['role.officer']} → ${en['role.leader']}`))).toBe(true);
    expect(rows.some((r) => r.includes(en['security.action.passwordReset']))).toBe(true);
    expect(rows.some((r) => r.includes(en['security.action.twoFactorReset']))).toBe(true);
    // "By": the administrator, not the account itself.
    const adminName = (await ctx.db.select().from(users).where(eq(users.role, 'admin')))[0]!.username;
    expect(rows.every((r) => r.includes(adminName))).toBe(true);
  });
});

describe('filters', () => {
  it('by kind', async () => {
    const failures = await rowsOf('?kind=failures');
    expect(failures.length).toBeGreaterThanOrEqual(10);
    expect(failures.every((r) => r.includes(en['security.action.signInFailed']))).toBe(true);
    const lockOuts = await rowsOf('?kind=lockOuts');
    expect(lockOuts.length).toBeGreaterThanOrEqual(1);
    expect(lockOuts.every((r) => r.includes(en['security.action.lockedOut']))).toBe(true);
  });

  it('by account (any case), including its refused requests; an unknown name finds its failures', async () => {
    const mine = await rowsOf(`?account=${officer.user.username.toUpperCase()}`);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.every((r) => r.includes(officer.user.username))).toBe(true);
    expect(await rowsOf('?account=nobody-by-this-name')).toHaveLength(1);
  });

  it('by address and by date', async () => {
    const fromThere = await rowsOf('?ip=10.80.0.3');
    expect(fromThere.length).toBe(9); // eight failures and one lock-out
    expect(await rowsOf('?to=2020-01-01')).toEqual([]);
    expect((await rowsOf('?from=2020-01-01')).length).toBeGreaterThan(0);
  });

  it('refuses a malformed address or cursor (400), ignores an unknown kind', async () => {
    expect((await admin.get('/admin/security-log?ip=not%20an%20address')).status).toBe(400);
    expect((await admin.get(`/admin/security-log?after=${encodeCursor(['x'])}`)).status).toBe(400);
    expect((await admin.get('/admin/security-log?after=garbage')).status).toBe(400);
    expect((await admin.get('/admin/security-log?kind=everything')).status).toBe(200);
  });
});

describe('pages', () => {
  it('pages by event id, older and newer, keeping the filters', async () => {
    // As failed sign-ins of names that are no account write them (quicker than 55 sign-ins).
    await ctx.db.insert(events).values(Array.from({ length: 55 }, (_, i) => ({ entityType: 'account', entityId: `ghost-${i}`, action: 'signInFailed', data: { step: 'password' }, ip: '10.81.0.1' })));
    const first = await (await admin.get('/admin/security-log?kind=failures')).text();
    const older = /href="([^"]+)" rel="next"/.exec(first)?.[1]?.replace(/&amp;/g, '&');
    expect(older).toContain('kind=failures');
    const second = await (await admin.get(older!)).text();
    expect(second).toContain('rel="prev"');
    const firstIds = [...first.matchAll(/ghost-(\d+)/g)].map((m) => m[1]);
    const secondIds = [...second.matchAll(/ghost-(\d+)/g)].map((m) => m[1]);
    expect(firstIds.filter((id) => secondIds.includes(id))).toEqual([]);
    expect(await textOf(await admin.get(older!))).not.toContain('ghost-54 ');
  });

  it('only the administrator reads it', async () => {
    expect((await officer.agent.get('/admin/security-log')).status).toBe(403);
    const refused = await ctx.db.select().from(events).where(and(eq(events.action, 'forbidden'), eq(events.actorId, officer.user.id)));
    expect(refused.some((e) => (e.data as { path?: string }).path === '/admin/security-log')).toBe(true);
    expect(ORIGIN).toBeTruthy();
    expect(TEST_PASSWORD).toBeTruthy();
  });
});
