import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp, signedInUser, type TestContext } from '../support/app.js';
import { makeUser } from '../support/factories.js';

/**
 * Found by `npm run scan` (wapiti's cookieflags module): the language and notice cookies never had the
 * Secure flag, even when the app is served over https. Every cookie the app sets follows the session
 * cookie's rule (COOKIE_SECURE, by default: served over https, as PUBLIC_ORIGIN or the request says).
 */
const HTTPS = 'https://safety.example.gov.cn';
let ctx: TestContext;

beforeAll(async () => {
  ctx = await setupTestApp();
});
afterAll(() => ctx?.close());

const cookie = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));

async function underHttps<T>(run: () => Promise<T>): Promise<T> {
  const saved = ctx.config.publicOrigin;
  ctx.config.publicOrigin = HTTPS;
  try {
    return await run();
  } finally {
    ctx.config.publicOrigin = saved;
  }
}

describe('cookies under PUBLIC_ORIGIN=https://…', () => {
  it('the language cookie is Secure (and HttpOnly, SameSite=Lax)', async () => {
    const res = await underHttps(() => ctx.agent().post('/lang', { lang: 'en', next: '/login' }, { Origin: HTTPS }));
    expect(res.status).toBe(303);
    expect(cookie(res, 'cs_lang')).toMatch(/;\s*Secure/i);
    expect(cookie(res, 'cs_lang')).toMatch(/HttpOnly/i);
    expect(cookie(res, 'cs_lang')).toMatch(/SameSite=Lax/i);
  });

  it('the notice cookie is Secure when set and when cleared', async () => {
    const { agent } = await signedInUser(ctx, 'admin');
    const target = await makeUser(ctx.db, 'leader');
    // Ending someone's sessions leaves a notice for the next page, which shows and clears it.
    const set = await underHttps(() => agent.post(`/admin/users/${target.id}/logout-everywhere`, {}, { Origin: HTTPS }));
    expect(set.status).toBe(303);
    expect(cookie(set, 'cs_flash')).toMatch(/;\s*Secure/i);
    const cleared = await underHttps(() => agent.get(`/admin/users/${target.id}`));
    expect(cookie(cleared, 'cs_flash')).toMatch(/;\s*Secure/i);
  });

  it('over plain http (development) no cookie is Secure, or the browser would drop it', async () => {
    const res = await ctx.agent().post('/lang', { lang: 'en', next: '/login' });
    expect(cookie(res, 'cs_lang')).not.toMatch(/Secure/i);
  });
});
