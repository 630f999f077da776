// The demo's risk register, as a newcomer finds it: every level at the officer's school, some points due
// or overdue for review, one re-assessed higher, hazards linked to a point.
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, hazards, meetingMinutes, meetings, resolutions, riskPoints, users } from '../../src/db/schema/index.js';
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

  it('one point assessed at the held meeting, before now: in its history, the issued minutes, and the police’s control task', async () => {
    const [gate] = await ctx.db.select().from(riskPoints).where(eq(riskPoints.name, '校门口上下学高峰'));
    const assessed = await ctx.db.select().from(events).where(and(eq(events.entityType, 'riskPoint'), eq(events.entityId, String(gate!.id)), eq(events.action, 'riskAssessed')));
    const atMeeting = assessed.find((e) => typeof e.data.meetingId === 'number')!;
    const [held] = await ctx.db.select().from(meetings).where(eq(meetings.id, atMeeting.data.meetingId as number));
    expect(held!.closedAt).not.toBeNull();
    expect(atMeeting.occurredAt > held!.openedAt! && atMeeting.occurredAt < held!.closedAt! && held!.closedAt! < ctx.clock.now()).toBe(true);
    expect(assessed.every((e) => e === atMeeting || e.occurredAt < atMeeting.occurredAt)).toBe(true);
    const [minutes] = await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, held!.id));
    expect(minutes!.status).toBe('issued');
    expect(minutes!.body).toContain('“校门口上下学高峰”风险点进行了研判，确认维持较大风险（橙色）等级');
    expect(minutes!.body).toContain('风险点的管控任务：校门口增设隔离护栏');
    const police = ctx.agent();
    expect((await police.signIn('police', DEMO_PASSWORD)).status).toBe(303);
    const [task] = await ctx.db.select().from(resolutions).where(eq(resolutions.meetingId, held!.id));
    expect(task).toBeDefined();
    expect(await textOf(await police.get('/resolutions'))).toContain('校门口增设隔离护栏');
  });
});
