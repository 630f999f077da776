// The policy, checked as properties over generated organisations and records (fast-check):
// 1. for every role, a list shows exactly the records that the one-record check allows (the SQL
//    condition every list, queue, search, export and feed uses agrees with canView…);
// 2. every action button a page shows is an action its route accepts (never a 403 or 404).
import fc from 'fast-check';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/auth/sessions.js';
import { sessionStore } from '../../src/auth/sessions.js';
import { hazardCategories, hazardDepartments, hazards, meetingInvitations, meetings, meetingTopics, resolutions, resolutionSupports, supervisionOrders, users } from '../../src/db/schema/index.js';
import { HAZARD_STATES } from '../../src/hazards/lifecycle.js';
import {
  canViewHazard,
  canViewMeeting,
  canViewOrder,
  canViewResolution,
  visibleHazards,
  visibleMeetings,
  visibleOrders,
  visibleResolutions,
} from '../../src/policy.js';
import { shanghaiDate, addDays } from '../../src/lib/shanghai-time.js';
import { setupTestApp, type Agent, type TestContext } from '../support/app.js';
import { makeSchool, makeTown, makeUser } from '../support/factories.js';

let ctx: TestContext;
let departmentIds: number[];
let categoryId: number;
let supervisorId: string;
let run = 0;

beforeAll(async () => {
  ctx = await setupTestApp();
  departmentIds = (await ctx.db.query.departments.findMany({ columns: { id: true }, limit: 3 })).map((d) => d.id);
  categoryId = (await ctx.db.select({ id: hazardCategories.id }).from(hazardCategories).limit(1))[0]!.id;
  supervisorId = (await makeUser(ctx.db, 'supervisor')).id;
});
afterAll(() => ctx.close());

const unit = fc.integer({ min: 0, max: 2 });
const units = fc.subarray([0, 1, 2]);
const world = fc.record({
  hazards: fc.array(
    fc.record({ school: fc.integer({ min: 0, max: 1 }), lead: fc.option(unit, { nil: null }), supports: units, state: fc.constantFrom(...HAZARD_STATES), assignedToSchool: fc.boolean(), reportedByOfficer: fc.boolean() }),
    { minLength: 1, maxLength: 6 },
  ),
  meetings: fc.array(
    fc.record({ invited: units, startsInDays: fc.integer({ min: -3, max: 4 }), cancelled: fc.boolean(), published: fc.boolean(), topicBy: fc.option(unit, { nil: null }) }),
    { maxLength: 3 },
  ),
  resolutions: fc.array(fc.record({ lead: unit, supports: units }), { maxLength: 3 }),
  orders: fc.array(fc.record({ unit, status: fc.constantFrom('open' as const, 'answered' as const, 'closed' as const) }), { maxLength: 3 }),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

/** Users of every role in one generated organisation: two schools, three units. */
async function organisation() {
  run++;
  const town = await makeTown(ctx.db);
  const schoolIds = [(await makeSchool(ctx.db, town.id)).id, (await makeSchool(ctx.db, town.id)).id];
  const people = [
    ...(await Promise.all(schoolIds.map((schoolId) => makeUser(ctx.db, 'officer', { schoolId })))),
    ...(await Promise.all(departmentIds.map((departmentId) => makeUser(ctx.db, 'department', { departmentId })))),
    await makeUser(ctx.db, 'supervisor'),
    await makeUser(ctx.db, 'leader'),
    await makeUser(ctx.db, 'admin'),
  ];
  const rows = await ctx.db.select().from(users).where(inArray(users.id, people.map((p) => p.id)));
  const sessionUsers: SessionUser[] = rows.map((r) => ({ id: r.id, username: r.username, displayName: r.displayName, role: r.role, schoolId: r.schoolId, departmentId: r.departmentId, locale: r.locale, mustChangePassword: false, isDemo: false }));
  return { town, schoolIds, users: sessionUsers };
}

/** Puts a generated world into the database; returns the ids of what it made. */
async function insertWorld(w: World, org: Awaited<ReturnType<typeof organisation>>) {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const officers = org.users.filter((u) => u.role === 'officer');
  const hazardIds: number[] = [];
  for (const [i, h] of w.hazards.entries()) {
    const lead = h.assignedToSchool || h.lead === null ? null : departmentIds[h.lead]!;
    const [row] = await ctx.db
      .insert(hazards)
      .values({
        number: `PP-${run}-${i}-${Math.random().toString(36).slice(2, 7)}`,
        year: 2026,
        seq: 800000 + run * 100 + i,
        subjectType: 'campus',
        schoolId: org.schoolIds[h.school]!,
        townId: org.town.id,
        location: '教学楼',
        categoryId,
        description: '属性测试',
        source: 'self_check',
        foundAt: now,
        reportedBy: h.reportedByOfficer ? officers[h.school]!.id : supervisorId,
        reportedAt: now,
        state: h.state,
        grade: h.state === 'REPORTED' ? null : 'ordinary',
        leadDepartmentId: lead,
        assignedToSchool: h.assignedToSchool,
        deadline: ['REPORTED', 'VERIFIED'].includes(h.state) ? null : addDays(today, 10),
      } as never)
      .returning({ id: hazards.id });
    hazardIds.push(row!.id);
    const supports = h.supports.map((s) => departmentIds[s]!).filter((d) => d !== lead);
    const links = [...(lead ? [{ hazardId: row!.id, departmentId: lead, role: 'lead' as const }] : []), ...supports.map((d) => ({ hazardId: row!.id, departmentId: d, role: 'support' as const }))];
    if (links.length) await ctx.db.insert(hazardDepartments).values(links);
  }
  const meetingIds: number[] = [];
  for (const [i, m] of w.meetings.entries()) {
    const startsAt = new Date(now.getTime() + m.startsInDays * 86400_000 + 3600_000);
    const [row] = await ctx.db
      .insert(meetings)
      .values({ number: `PP-${run}-${i}`, title: '属性测试会议', kind: 'regular', startsAt, endsAt: new Date(startsAt.getTime() + 7200_000), createdBy: supervisorId, status: m.cancelled ? 'cancelled' : 'scheduled', agendaPublishedAt: m.published ? now : null })
      .returning({ id: meetings.id });
    meetingIds.push(row!.id);
    if (m.invited.length) await ctx.db.insert(meetingInvitations).values(m.invited.map((u) => ({ meetingId: row!.id, departmentId: departmentIds[u]! })));
    if (m.topicBy !== null && m.invited.includes(m.topicBy)) {
      const author = org.users.find((u) => u.departmentId === departmentIds[m.topicBy!])!;
      await ctx.db.insert(meetingTopics).values({ meetingId: row!.id, departmentId: departmentIds[m.topicBy]!, title: `单位议题${run}-${i}`, proposedBy: author.id });
    }
  }
  const resolutionIds: number[] = [];
  const host = meetingIds[0] ?? (await ctx.db.insert(meetings).values({ number: `PPR-${run}`, title: '属性测试', kind: 'regular', startsAt: now, endsAt: now, createdBy: supervisorId }).returning({ id: meetings.id }))[0]!.id;
  for (const r of w.resolutions) {
    const [row] = await ctx.db.insert(resolutions).values({ meetingId: host, content: '属性测试议定事项', leadDepartmentId: departmentIds[r.lead]!, deadline: addDays(today, 30), createdBy: supervisorId }).returning({ id: resolutions.id });
    resolutionIds.push(row!.id);
    const supports = r.supports.filter((s) => s !== r.lead);
    if (supports.length) await ctx.db.insert(resolutionSupports).values(supports.map((s) => ({ resolutionId: row!.id, departmentId: departmentIds[s]! })));
  }
  const orderIds: number[] = [];
  for (const o of w.orders) {
    const [row] = await ctx.db.insert(supervisionOrders).values({ departmentId: departmentIds[o.unit]!, requirements: '属性测试督办', deadline: addDays(today, 7), createdBy: supervisorId, status: o.status }).returning({ id: supervisionOrders.id });
    orderIds.push(row!.id);
  }
  return { hazardIds, meetingIds, resolutionIds, orderIds };
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe('lists show exactly the records the one-record check allows', () => {
  it('hazards, meetings, resolutions and supervision orders, for every role', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const org = await organisation();
        const made = await insertWorld(w, org);
        const hazardRows = await ctx.db.select().from(hazards).where(inArray(hazards.id, made.hazardIds));
        const hazardLinks = await ctx.db.select().from(hazardDepartments).where(inArray(hazardDepartments.hazardId, made.hazardIds));
        const invitations = made.meetingIds.length ? await ctx.db.select().from(meetingInvitations).where(inArray(meetingInvitations.meetingId, made.meetingIds)) : [];
        const resolutionRows = made.resolutionIds.length ? await ctx.db.select().from(resolutions).where(inArray(resolutions.id, made.resolutionIds)) : [];
        const resolutionLinks = made.resolutionIds.length ? await ctx.db.select().from(resolutionSupports).where(inArray(resolutionSupports.resolutionId, made.resolutionIds)) : [];
        const orderRows = made.orderIds.length ? await ctx.db.select().from(supervisionOrders).where(inArray(supervisionOrders.id, made.orderIds)) : [];

        for (const user of org.users) {
          const listed = sorted((await ctx.db.select({ id: hazards.id }).from(hazards).where(and(visibleHazards(user), inArray(hazards.id, made.hazardIds)))).map((r) => r.id));
          const allowed = hazardRows
            .filter((h) => {
              const links = hazardLinks.filter((l) => l.hazardId === h.id);
              return canViewHazard(user, {
                schoolId: h.schoolId,
                reportedBy: h.reportedBy,
                leadDepartmentId: links.find((l) => l.role === 'lead')?.departmentId ?? null,
                supportDepartmentIds: links.filter((l) => l.role === 'support').map((l) => l.departmentId),
                assignedToSchool: h.assignedToSchool,
                rectifiedBy: null,
              });
            })
            .map((h) => h.id);
          expect(listed, `hazards of ${user.role}`).toEqual(sorted(allowed));

          if (made.meetingIds.length) {
            const seen = sorted((await ctx.db.select({ id: meetings.id }).from(meetings).where(and(visibleMeetings(user), inArray(meetings.id, made.meetingIds)))).map((r) => r.id));
            const may = made.meetingIds.filter((id) => canViewMeeting(user, invitations.filter((i) => i.meetingId === id).map((i) => i.departmentId)));
            expect(seen, `meetings of ${user.role}`).toEqual(sorted(may));
          }
          if (made.resolutionIds.length) {
            const seen = sorted((await ctx.db.select({ id: resolutions.id }).from(resolutions).where(and(visibleResolutions(user), inArray(resolutions.id, made.resolutionIds)))).map((r) => r.id));
            const may = resolutionRows.filter((r) => canViewResolution(user, { leadDepartmentId: r.leadDepartmentId, supportDepartmentIds: resolutionLinks.filter((l) => l.resolutionId === r.id).map((l) => l.departmentId) })).map((r) => r.id);
            expect(seen, `resolutions of ${user.role}`).toEqual(sorted(may));
          }
          if (made.orderIds.length) {
            const seen = sorted((await ctx.db.select({ id: supervisionOrders.id }).from(supervisionOrders).where(and(visibleOrders(user), inArray(supervisionOrders.id, made.orderIds)))).map((r) => r.id));
            expect(seen, `orders of ${user.role}`).toEqual(sorted(orderRows.filter((o) => canViewOrder(user, o)).map((o) => o.id)));
          }
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

/** A browser for the user, signed in by the app's own session store (no password hashing). */
async function agentFor(user: SessionUser): Promise<Agent> {
  const store = sessionStore(ctx.db, { idleMinutes: ctx.config.sessionIdleMinutes, absoluteHours: ctx.config.sessionAbsoluteHours, secureCookie: false });
  const [pair] = (await store.start(user.id, ctx.clock.now())).split(';');
  const agent = ctx.agent();
  const [name, value] = pair!.split('=');
  agent.cookies.set(name!, value!);
  return agent;
}

/** The POST forms of a page that act on the record at `base` (not the language switch or sign-out). */
function actionForms(html: string, base: string): string[] {
  const actions = [...html.matchAll(/<form[^>]*method="post"[^>]*action="([^"]+)"/g), ...html.matchAll(/<form[^>]*action="([^"]+)"[^>]*method="post"/g)].map((m) => m[1]!);
  return [...new Set(actions.filter((a) => a === base || a.startsWith(`${base}/`)))];
}

describe('every button a page shows is an action its route accepts', () => {
  it('hazard, meeting, resolution and order pages, for every role', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const org = await organisation();
        const made = await insertWorld(w, org);
        const pages = [
          ...made.hazardIds.map((id) => `/hazards/${id}`),
          ...made.meetingIds.map((id) => `/meetings/${id}`),
          ...made.resolutionIds.map((id) => `/resolutions/${id}`),
          ...made.orderIds.map((id) => `/supervision-orders/${id}`),
        ];
        for (const user of org.users) {
          const agent = await agentFor(user);
          for (const page of pages) {
            const res = await agent.get(page);
            if (res.status !== 200) continue; // a record the user may not see: not this property's business
            for (const action of actionForms(await res.text(), page)) {
              // An empty form: the route must get past authorization (to 422, 409, or a redirect).
              const answer = await agent.post(action, {});
              checked++;
              expect([403, 404], `${user.role} was shown ${action} on ${page} but the route answered ${answer.status}`).not.toContain(answer.status);
              expect(answer.status, `${action} as ${user.role}`).toBeLessThan(500);
            }
          }
        }
      }),
      { numRuns: 4 },
    );
    expect(checked, 'buttons checked').toBeGreaterThan(0);
  }, 180_000);
});

describe('the topic rule', () => {
  it('another unit’s topic is hidden from a unit until the agenda is published', async () => {
    const org = await organisation();
    const made = await insertWorld({ hazards: [{ school: 0, lead: null, supports: [], state: 'REPORTED', assignedToSchool: false, reportedByOfficer: true }], meetings: [{ invited: [0, 1], startsInDays: 3, cancelled: false, published: false, topicBy: 0 }], resolutions: [], orders: [] }, org);
    const [own, other] = [org.users.find((u) => u.departmentId === departmentIds[0])!, org.users.find((u) => u.departmentId === departmentIds[1])!];
    const page = `/meetings/${made.meetingIds[0]}`;
    const topic = `单位议题${run}-0`;
    expect(await (await (await agentFor(own)).get(page)).text()).toContain(topic);
    expect(await (await (await agentFor(other)).get(page)).text()).not.toContain(topic);
    await ctx.db.update(meetings).set({ agendaPublishedAt: ctx.clock.now() }).where(eq(meetings.id, made.meetingIds[0]!));
    expect(await (await (await agentFor(other)).get(page)).text()).toContain(topic);
  });
});
