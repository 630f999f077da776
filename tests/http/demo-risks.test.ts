// The demo's risk register, as a newcomer finds it: every level at the officer's school, some points due
// or overdue for review, one re-assessed higher, hazards linked to a point.
import { eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazards, riskPoints, users } from '../../src/db/schema/index.js';
import { shanghaiDate } from '../../src/lib/shanghai-time.js';
import { reviewStatus } from '../../src/risks/rules.js';
import { seedDemoData } from '../../seeds/demo-data.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { setupTestApp, textOf, type Agent, type TestContext } from '../support/app.js';

let ctx: TestContext;
let officer: Agent;

beforeAll(async () => {
  ctx = await setupTestApp();
  await seedDemoData(ctx.db, { now: ctx.clock.now() });
  officer = ctx.agent();
  expect((await officer.signIn('officer', DEMO_PASSWORD)).status).toBe(303);
}, 180_000);
afterAll(() => ctx.close());

describe('demo risk points', () => {
  it('every level at the officer’s school, some due and overdue, one re-assessed, hazards linked', async () => {
    const [me] = await ctx.db.select().from(users).where(eq(users.username, 'officer'));
    const own = await ctx.db.select().from(riskPoints).where(eq(riskPoints.schoolId, me!.schoolId!));
    expect(new Set(own.map((p) => p.level))).toEqual(new Set(['red', 'orange', 'yellow', 'blue']));
    const today = shanghaiDate(ctx.clock.now());
    const statuses = own.map((p) => reviewStatus(p.nextReviewOn, today));
    expect(statuses).toContain('overdue');
    expect(statuses).toContain('due');
    expect(own.some((p) => p.assessmentCount > 1)).toBe(true);
    expect((await ctx.db.select().from(riskPoints)).some((p) => p.schoolId !== me!.schoolId)).toBe(true);
    const linked = await ctx.db.select({ riskPointId: hazards.riskPointId }).from(hazards).where(isNotNull(hazards.riskPointId));
    expect(linked.length).toBe(2);
    const page = await textOf(await officer.get(`/risks/${linked[0]!.riskPointId}`));
    expect(page).toContain('建议重新评估');
    const home = await textOf(await officer.get('/home/officer'));
    expect(home).toContain('待复评的风险点');
  });
});
