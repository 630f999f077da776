import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../support/factories.js';
import { setupTestApp, type TestContext } from '../support/app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await setupTestApp();
});
afterAll(() => ctx.close());

describe('smoke', () => {
  it('signs in and opens the admin page', async () => {
    const admin = await makeUser(ctx.db, 'admin');
    const agent = ctx.agent();
    const res = await agent.signIn(admin.username, TEST_PASSWORD);
    expect(res.status).toBe(303);
    const page = await agent.get('/admin');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('系统管理');
  });
});
