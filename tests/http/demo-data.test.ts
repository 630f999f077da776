// The demo data, as a bureau would read it after `npm start`: places that exist at each kind of school,
// histories in the order things happen and never after now, meetings that discuss only what was already
// reported, on-campus work done by the schools with departments supervising, a bureau member who moves the
// bureau's own items, member units with their people and official names, and training institutions too.
// Seeded at the test clock, which TEST_CLOCK_START moves (e.g. to just after midnight in Shanghai).
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaItems, departments, events, hazardDepartments, hazards, hazardUpdates, institutions, meetingMinutes, meetings, resolutionNotes, resolutions, schools, users } from '../../src/db/schema/index.js';
import { shanghaiDate } from '../../src/lib/shanghai-time.js';
import { mayOpen } from '../../src/meetings/live.js';
import { seedDemoData } from '../../seeds/demo-data.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { setupTestApp, textOf, type Agent, type TestContext } from '../support/app.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

let ctx: TestContext;
let supervisor: Agent;
let now: Date;

beforeAll(async () => {
  ctx = await setupTestApp();
  now = ctx.clock.now();
  await seedDemoData(ctx.db, { now });
  supervisor = ctx.agent();
  expect((await supervisor.signIn('supervisor', DEMO_PASSWORD)).status).toBe(303);
}, 180_000);
afterAll(() => ctx.close());

/** Words that name a place or person a kind of school (or a training institution) does not have. */
const MISFITS: Record<string, string[]> = {
  kindergarten: ['年级', '实验室', '宿舍', '计算机', '篮球', '单杠', '德育处', '心理咨询', '教学楼', '学生', '化学'],
  primary: ['初一', '初二', '初三', '高一', '高二', '高三', '化学', '生物实验室', '幼儿', '午睡'],
  junior: ['高一', '高二', '高三', '五年级', '幼儿', '午睡'],
  nine_year: ['高一', '高二', '高三', '幼儿', '午睡'],
  senior: ['初一', '初二', '初三', '五年级', '幼儿', '午睡'],
  special: ['幼儿', '午睡', '化学'],
  institution: ['年级', '宿舍', '实验室', '操场', '校门', '校车', '食堂', '幼儿'],
};

const allHazards = () => ctx.db.select().from(hazards).orderBy(asc(hazards.id));

describe('demo data', () => {
  it('places fit the kind of school, and training institutions have their own', async () => {
    const kindOf = new Map((await ctx.db.select({ id: schools.id, kind: schools.kind }).from(schools)).map((s) => [s.id, s.kind as string]));
    const rows = await allHazards();
    const misfits: string[] = [];
    const seen = new Set<string>();
    for (const h of rows) {
      const kind = h.subjectType === 'institution' ? 'institution' : kindOf.get(h.schoolId!)!;
      seen.add(kind);
      const words = MISFITS[kind]!.filter((w) => h.location.includes(w) || h.description.includes(w));
      if (words.length) misfits.push(`${h.number} (${kind}): ${h.location} — ${h.description}`);
    }
    expect(misfits).toEqual([]);
    // Not vacuous: every kind of school and the institutions have hazards.
    expect([...seen].sort()).toEqual(Object.keys(MISFITS).sort());
  });

  it('every hazard’s history runs in the order things happen and nothing is later than now', async () => {
    const rows = await allHazards();
    const history = new Map<string, Array<{ action: string; at: Date }>>();
    for (const e of await ctx.db.select().from(events).where(eq(events.entityType, 'hazard')).orderBy(asc(events.id))) {
      history.set(e.entityId, [...(history.get(e.entityId) ?? []), { action: e.action, at: e.occurredAt }]);
    }
    const wrong: string[] = [];
    for (const h of rows) {
      const steps = history.get(String(h.id)) ?? [];
      if (steps[0]?.action !== 'reported' || steps[0].at.getTime() !== h.reportedAt.getTime()) wrong.push(`${h.number}: does not start with its report`);
      for (let i = 1; i < steps.length; i++) if (steps[i]!.at < steps[i - 1]!.at) wrong.push(`${h.number}: ${steps[i]!.action} before ${steps[i - 1]!.action}`);
      // The record's own dates follow the loop: found, reported, verified, assigned, rectified, accepted, closed.
      const chain = [h.foundAt, h.reportedAt, h.verifiedAt, h.assignedAt, h.rectifiedAt, h.acceptedAt, h.closedAt].filter((d): d is Date => d !== null);
      for (let i = 1; i < chain.length; i++) if (chain[i]! < chain[i - 1]!) wrong.push(`${h.number}: dates out of order`);
      if ([...chain, h.updatedAt, h.listedAt, ...steps.map((s) => s.at)].some((d) => d !== null && d > now)) wrong.push(`${h.number}: later than now`);
      if (h.deadline && h.assignedAt && h.originalDeadline! < shanghaiDate(h.assignedAt)) wrong.push(`${h.number}: deadline before it was assigned`);
    }
    expect(wrong).toEqual([]);
    const updates = await ctx.db.select({ at: hazardUpdates.createdAt, reportedAt: hazards.reportedAt }).from(hazardUpdates).innerJoin(hazards, eq(hazards.id, hazardUpdates.hazardId));
    expect(updates.filter((u) => u.at > now || u.at < u.reportedAt)).toEqual([]);
    // Every event of the demo, meetings and minutes included.
    expect((await ctx.db.select({ at: events.occurredAt }).from(events)).filter((e) => e.at > now)).toEqual([]);
  });

  it('a meeting discusses only hazards reported before it sat, and what followed it comes after it', async () => {
    const items = await ctx.db
      .select({ startsAt: meetings.startsAt, reportedAt: hazards.reportedAt, title: agendaItems.title })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .innerJoin(hazards, eq(hazards.id, agendaItems.refId))
      .where(inArray(agendaItems.kind, ['hazardVerification', 'majorHazard', 'overdueHazard']));
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((i) => i.reportedAt >= i.startsAt).map((i) => i.title)).toEqual([]);
    const [held] = await ctx.db.select().from(meetings).where(isNotNull(meetings.closedAt));
    const discussed = await ctx.db.select({ kind: agendaItems.kind }).from(agendaItems).where(and(eq(agendaItems.meetingId, held!.id), eq(agendaItems.kind, 'majorHazard')));
    expect(discussed).toHaveLength(1);
    const notes = await ctx.db.select({ at: resolutionNotes.createdAt }).from(resolutionNotes).innerJoin(resolutions, eq(resolutions.id, resolutionNotes.resolutionId));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.filter((n) => n.at < held!.closedAt! || n.at > now)).toEqual([]);
    const all = await ctx.db.select({ createdAt: meetings.createdAt, startsAt: meetings.startsAt }).from(meetings);
    expect(all.filter((m) => m.createdAt > now || m.createdAt > m.startsAt)).toEqual([]);
  });

  it('on campus the school rectifies most items itself, departments supervising', async () => {
    const assigned = (await allHazards()).filter((h) => h.subjectType === 'campus' && h.assignedAt !== null && h.rectifiedAt?.getTime() !== h.verifiedAt?.getTime());
    const schoolLed = assigned.filter((h) => h.assignedToSchool);
    expect(schoolLed.length / assigned.length).toBeGreaterThan(0.5);
    const supervising = await ctx.db.select({ hazardId: hazardDepartments.hazardId, role: hazardDepartments.role }).from(hazardDepartments).where(inArray(hazardDepartments.hazardId, schoolLed.map((h) => h.id)));
    // No lead department on a school's own item; at least one department supervises each.
    expect(schoolLed.filter((h) => h.leadDepartmentId !== null)).toEqual([]);
    expect(supervising.filter((s) => s.role !== 'support')).toEqual([]);
    expect(new Set(supervising.map((s) => s.hazardId)).size).toBe(schoolLed.length);
    // Each school has its safety officer's account, who records the school's work.
    const officers = await ctx.db.select({ schoolId: users.schoolId }).from(users).where(eq(users.role, 'officer'));
    expect(new Set(officers.map((o) => o.schoolId)).size).toBe((await ctx.db.select().from(schools)).length);
  });

  it('member units carry official names, short forms, a leader and a liaison officer', async () => {
    const units = await ctx.db.select().from(departments).orderBy(asc(departments.id));
    expect(units.filter((u) => !u.leaderName || !u.leaderPhone || !u.liaisonName || !u.liaisonPhone).map((u) => u.code)).toEqual([]);
    expect(units.filter((u) => !u.shortName || !u.name.includes('浈江') || u.name === u.shortName).map((u) => u.code)).toEqual([]);
    const police = units.find((u) => u.code === 'PSB')!;
    expect([police.name, police.shortName]).toEqual(['韶关市公安局浈江分局', '公安分局']);
    // Tables use the short form; the hazard page names the unit in full.
    const [led] = await ctx.db.select({ id: hazards.id }).from(hazards).where(eq(hazards.leadDepartmentId, police.id)).orderBy(asc(hazards.id)).limit(1);
    const [row] = await ctx.db.select({ number: hazards.number }).from(hazards).where(eq(hazards.id, led!.id));
    const register = await textOf(await supervisor.get(`/hazards?q=${encodeURIComponent(row!.number)}`));
    expect(register).toContain(`${police.shortName}`);
    expect(register).not.toContain(police.name);
    expect(await textOf(await supervisor.get(`/hazards/${led!.id}`))).toContain(police.name);
  });

  it('training institutions have hazards, reported and rectified by the departments that inspect them', async () => {
    const rows = (await allHazards()).filter((h) => h.subjectType === 'institution');
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.filter((h) => h.institutionId === null || h.schoolId !== null || h.assignedToSchool)).toEqual([]);
    const known = new Set((await ctx.db.select({ id: institutions.id }).from(institutions)).map((i) => i.id));
    expect(rows.every((h) => known.has(h.institutionId!))).toBe(true);
    const reporters = await ctx.db.select({ role: users.role }).from(users).where(inArray(users.id, [...new Set(rows.map((h) => h.reportedBy))]));
    expect(reporters.filter((u) => u.role !== 'department' && u.role !== 'supervisor')).toEqual([]);
  });

  it('the meetings: one held with issued minutes, tomorrow’s with a published agenda, a later one with a draft', async () => {
    const all = await ctx.db.select().from(meetings).orderBy(asc(meetings.startsAt));
    expect(all).toHaveLength(3);
    const [held, tomorrow, later] = all as [(typeof all)[0], (typeof all)[0], (typeof all)[0]];
    const decided = await ctx.db.select({ status: resolutions.status }).from(resolutions).where(eq(resolutions.meetingId, held.id));
    expect(new Set(decided.map((r) => r.status))).toEqual(new Set(['pending', 'in_progress', 'done', 'cancelled']));
    const [minutes] = await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, held.id));
    expect(minutes!.status).toBe('issued');
    expect(minutes!.issuedAt! > held.closedAt!).toBe(true);
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
    expect(mayOpen(tomorrow, now).ok).toBe(true);
    expect(await textOf(await supervisor.get(`/meetings/${tomorrow.id}`))).toContain('开始会议');

    // The later one has the system's proposal, not yet published.
    expect(later.agendaPublishedAt).toBeNull();
    expect((await ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, later.id))).length).toBeGreaterThan(0);
  });

  // Last: it changes a hazard.
  it('the bureau’s own member (edu) moves the items the bureau leads', async () => {
    const [edu] = await ctx.db.select().from(users).where(eq(users.username, 'edu'));
    const [bureau] = await ctx.db.select().from(departments).where(eq(departments.code, 'EDU'));
    expect([edu!.role, edu!.departmentId]).toEqual(['department', bureau!.id]);
    const open = (await allHazards()).filter((h) => h.leadDepartmentId === bureau!.id && !h.assignedToSchool && ['ASSIGNED', 'IN_PROGRESS'].includes(h.state));
    expect(open.length).toBeGreaterThan(0);
    const h = open[0]!;
    const progressByEdu = () => ctx.db.select().from(events).where(and(eq(events.entityType, 'hazard'), eq(events.entityId, String(h.id)), eq(events.action, 'progress'), eq(events.actorId, edu!.id)));
    const before = (await progressByEdu()).length;
    const agent = ctx.agent();
    expect((await agent.signIn('edu', DEMO_PASSWORD)).status).toBe(303);
    expect((await agent.get(`/hazards/${h.id}`)).status).toBe(200);
    const res = await postMultipart(agent, `/hazards/${h.id}/progress`, { version: String(h.version), text: '已联系施工单位进场整改' }, [{ name: 'p.png', bytes: pngBytes() }]);
    expect(res.status).toBe(303);
    const [after] = await ctx.db.select().from(hazards).where(eq(hazards.id, h.id));
    expect(after!.state).toBe('IN_PROGRESS');
    expect((await progressByEdu()).length).toBe(before + 1);
  });
});
