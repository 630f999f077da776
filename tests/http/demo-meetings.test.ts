// The demo's meetings, as a newcomer finds them after `npm start`: a held meeting with issued minutes,
// tomorrow's with a published agenda (openable today), a later one with a draft agenda.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaItems, meetingMinutes, meetings, resolutions } from '../../src/db/schema/index.js';
import { mayOpen } from '../../src/meetings/live.js';
import { seedDemoData } from '../../seeds/demo-data.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { setupTestApp, textOf, type Agent, type TestContext } from '../support/app.js';

let ctx: TestContext;
let supervisor: Agent;

beforeAll(async () => {
  ctx = await setupTestApp();
  await seedDemoData(ctx.db, { now: ctx.clock.now() });
  supervisor = ctx.agent();
  expect((await supervisor.signIn('supervisor', DEMO_PASSWORD)).status).toBe(303);
}, 120_000);
afterAll(() => ctx.close());

describe('demo meetings', () => {
  it('a held meeting with a walked agenda, resolutions in every status and issued minutes', async () => {
    const all = await ctx.db.select().from(meetings).orderBy(asc(meetings.startsAt));
    expect(all).toHaveLength(3);
    const [held, tomorrow, later] = all as [typeof all[0], typeof all[0], typeof all[0]];
    const decided = await ctx.db.select({ status: resolutions.status }).from(resolutions).where(eq(resolutions.meetingId, held.id));
    expect(new Set(decided.map((r) => r.status))).toEqual(new Set(['pending', 'in_progress', 'done', 'cancelled']));
    const [minutes] = await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, held.id));
    expect(minutes!.status).toBe('issued');
    expect(minutes!.body).toContain('暂缓研究，留待下次会议');
    const outcomes = (await ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, held.id))).map((i) => i.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(['decided', 'discussed', 'deferred']));
    expect((await supervisor.get(`/meetings/${held.id}/minutes`)).status).toBe(200);
    // Held: the sitting was closed, so its live page leads back to the meeting.
    expect(held.closedAt).not.toBeNull();
    const live = await supervisor.get(`/meetings/${held.id}/live`);
    expect([live.status, live.headers.get('location')]).toEqual([303, `/meetings/${held.id}`]);

    // Tomorrow's agenda is published and holds the unit's topic; the supervisor may open it today.
    expect(tomorrow.agendaPublishedAt).not.toBeNull();
    const items = await ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, tomorrow.id));
    expect(items.map((i) => i.kind)).toEqual(expect.arrayContaining(['hazardVerification', 'resolutionReview', 'topic']));
    expect(mayOpen(tomorrow, ctx.clock.now()).ok).toBe(true);
    expect(await textOf(await supervisor.get(`/meetings/${tomorrow.id}`))).toContain('开始会议');

    // The later one has the system's proposal, not yet published.
    expect(later.agendaPublishedAt).toBeNull();
    expect((await ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, later.id))).length).toBeGreaterThan(0);
  });
});
