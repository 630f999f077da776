import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../src/db/schema/index.js';
import { scoringConfig } from '../../src/hazards/settings.js';
import { DEFAULT_SCORING } from '../../src/hazards/scoring.js';
import { setupTestApp, type Agent, type TestContext } from '../support/app.js';
import { makeUser, TEST_PASSWORD } from '../support/factories.js';

let ctx: TestContext;
let admin: Agent;

beforeAll(async () => {
  ctx = await setupTestApp();
  const user = await makeUser(ctx.db, 'admin');
  admin = ctx.agent();
  await admin.signIn(user.username, TEST_PASSWORD);
});
afterAll(() => ctx.close());

const form = { method: 'lec', matrixRed: 16, matrixOrange: 8, matrixYellow: 3, lecRed: 400, lecRedExclusive: 'on', lecOrange: 200, lecYellow: 80 };

describe('risk scoring thresholds are configuration', () => {
  it('starts from the documented defaults and shows them', async () => {
    expect(await scoringConfig(ctx.db)).toEqual(DEFAULT_SCORING);
    const page = await admin.get('/admin/scoring');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="20"');
  });

  it('refuses thresholds out of order with 422, keeping the values', async () => {
    const res = await admin.post('/admin/scoring', { ...form, matrixOrange: 30 });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('红色起点必须高于橙色起点');
    expect(html).toContain('value="30"');
    expect(await scoringConfig(ctx.db)).toEqual(DEFAULT_SCORING);
  });

  it('saves the method and thresholds, with a history event', async () => {
    expect((await admin.post('/admin/scoring', form)).status).toBe(303);
    const config = await scoringConfig(ctx.db);
    expect(config.method).toBe('lec');
    expect(config.matrix.red.min).toBe(16);
    expect(config.lec.red).toEqual({ min: 400, exclusive: true });
    const history = await ctx.db.select().from(events).where(eq(events.entityType, 'setting'));
    expect(history.map((e) => e.action)).toEqual(['updated']);
  });
});
