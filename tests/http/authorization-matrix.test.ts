import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStore } from '../../src/auth/sessions.js';
import { and, eq } from 'drizzle-orm';
import { attachments, departments, hazardCategories, hazardDepartments, hazardPhotos, hazards, institutions, meetingInvitations, meetings, meetingTopics, notifications, resolutionNotes, resolutions, riskAssessments, riskPoints, supervisionOrders } from '../../src/db/schema/index.js';
import { ROUTE_RULES, type Permission } from '../../src/policy.js';
import { routeKeysOf } from '../../src/app.js';
import { setupTestApp, type Agent, type TestContext } from '../support/app.js';
import { shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { testClockStart } from '../support/clock.js';
import { departmentByCode, makeSchool, makeTown, makeUser } from '../support/factories.js';
import {
  ACTORS,
  MATRIX,
  anonymousStatus,
  patternMatches,
  resolvePath,
  ruleKey,
  type Actor,
  type MatrixRow,
  type SignedInActor,
} from '../support/matrix.js';

let ctx: TestContext;
const userIds = {} as Record<SignedInActor, string>;
const fixture: Record<string, string | number> = {};

const suffix = () => Math.random().toString(36).slice(2, 8).toUpperCase();

beforeAll(async () => {
  ctx = await setupTestApp();
  const db = ctx.db;
  const town = await makeTown(db);
  const schoolA = await makeSchool(db, town.id);
  const schoolB = await makeSchool(db, town.id);
  const psb = await departmentByCode(db, 'PSB');
  const fire = await departmentByCode(db, 'FIRE');

  userIds.officer = (await makeUser(db, 'officer', { schoolId: schoolA.id })).id;
  userIds.officerOther = (await makeUser(db, 'officer', { schoolId: schoolB.id })).id;
  userIds.department = (await makeUser(db, 'department', { departmentId: psb.id })).id;
  userIds.departmentOther = (await makeUser(db, 'department', { departmentId: fire.id })).id;
  userIds.supervisor = (await makeUser(db, 'supervisor')).id;
  userIds.admin = (await makeUser(db, 'admin')).id;
  userIds.leader = (await makeUser(db, 'leader')).id;

  // Records the admin rows act on: separate from the actors' own school, department and account, so
  // deactivating them does not change what the actors may do.
  const [institution] = await db.insert(institutions).values({ name: `矩阵机构${suffix()}`, townId: town.id }).returning();
  const [department] = await db.insert(departments).values({ code: `MX_${suffix()}`, name: `矩阵单位${suffix()}` }).returning();
  const [category] = await db.insert(hazardCategories).values({ code: `MX_${suffix()}`, name: `矩阵类别${suffix()}` }).returning();
  const target = await makeUser(db, 'supervisor');
  Object.assign(fixture, {
    townId: (await makeTown(db)).id,
    schoolId: (await makeSchool(db, town.id)).id,
    institutionId: institution!.id,
    departmentId: department!.id,
    categoryId: category!.id,
    userId: target.id,
  });
  await makeHazardFixture(schoolA.id);
  await makeAssignedHazardFixture(psb.id);
  const [meeting] = await db
    .insert(meetings)
    .values({ number: `MX-${suffix()}`, title: '矩阵测试会议', kind: 'regular', startsAt: new Date(testClockStart().getTime() + 7 * 86400_000), endsAt: new Date(testClockStart().getTime() + 7 * 86400_000 + 7200_000), createdBy: userIds.supervisor })
    .returning({ id: meetings.id });
  await db.insert(meetingInvitations).values({ meetingId: meeting!.id, departmentId: psb.id });
  fixture.meetingId = meeting!.id;
  const [resolution] = await db
    .insert(resolutions)
    .values({ meetingId: meeting!.id, content: '矩阵测试议定事项', leadDepartmentId: psb.id, deadline: '2099-01-01', createdBy: userIds.supervisor })
    .returning({ id: resolutions.id });
  fixture.resolutionId = resolution!.id;
  const [order] = await db
    .insert(supervisionOrders)
    .values({ departmentId: psb.id, resolutionId: resolution!.id, requirements: '矩阵测试督办', deadline: '2099-01-01', createdBy: userIds.supervisor })
    .returning({ id: supervisionOrders.id });
  fixture.orderId = order!.id;
  await makeAttachmentFixtures(meeting!.id, resolution!.id, psb.id, userIds.department);
  await makeRiskFixture(schoolA.id, psb.id);
});

/** A risk point in the surroundings of `officer`'s school, the `department` actor's unit responsible. */
async function makeRiskFixture(schoolId: number, departmentId: number) {
  const [category] = await ctx.db.select().from(hazardCategories).where(eq(hazardCategories.code, 'TRAF'));
  const assessed = { scoringMethod: 'matrix' as const, scoringInput: { likelihood: 3, severity: 4 }, score: 12, level: 'orange' as const, nextReviewOn: '2099-01-01' };
  const [point] = await ctx.db
    .insert(riskPoints)
    .values({ schoolId, name: '矩阵测试风险点', place: 'surroundings', area: '校门外路口', distanceBand: '50', categoryId: category!.id, hazardFactors: '车流', consequences: '交通事故', responsiblePerson: '张三', responsibleDepartmentId: departmentId, ...assessed, levelRank: 3, assessedAt: testClockStart(), createdBy: userIds.officer, createdAt: testClockStart() })
    .returning({ id: riskPoints.id });
  await ctx.db.insert(riskAssessments).values({ riskPointId: point!.id, seq: 1, ...assessed, assessedBy: userIds.officer, assessedAt: testClockStart() });
  fixture.riskPointId = point!.id;
}

/**
 * A file on a topic the `department` actor's unit proposed for the fixture meeting, and one on its
 * feedback to the fixture resolution: both seen by that unit, the supervisor and the leader only.
 */
async function makeAttachmentFixtures(meetingId: number, resolutionId: number, departmentId: number, uploadedBy: string) {
  const [topic] = await ctx.db.insert(meetingTopics).values({ meetingId, departmentId, title: '矩阵测试议题', proposedBy: uploadedBy }).returning({ id: meetingTopics.id });
  const [note] = await ctx.db.insert(resolutionNotes).values({ resolutionId, action: 'feedback', text: '矩阵测试反馈', departmentId, authorId: uploadedBy }).returning({ id: resolutionNotes.id });
  for (const [key, ownerType, ownerId] of [['topicAttachmentId', 'topic', topic!.id], ['noteAttachmentId', 'resolutionNote', note!.id]] as const) {
    const id = crypto.randomUUID().replace(/-/g, '');
    const bytes = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
    await ctx.storage.put(`attachments/${id}`, bytes, 'application/pdf');
    await ctx.db.insert(attachments).values({ id, ownerType, ownerId, fileName: `${key}.pdf`, storageKey: `attachments/${id}`, contentType: 'application/pdf', bytes: bytes.length, uploadedBy });
    fixture[key] = id;
  }
}

/** A second hazard like the first, in progress and led by the `department` actor's unit. */
async function makeAssignedHazardFixture(leadDepartmentId: number) {
  if (!fixture.hazardId) return;
  const [original] = await ctx.db.select().from(hazards).where(eq(hazards.id, Number(fixture.hazardId)));
  const { id: _id, number: _n, seq: _s, submissionKey: _k, ...copy } = original!;
  const [row] = await ctx.db
    .insert(hazards)
    .values({ ...copy, number: `MX-${suffix()}`, seq: 900000 + Math.floor(Math.random() * 90000), state: 'IN_PROGRESS', grade: 'ordinary', leadDepartmentId, deadline: '2099-01-01' })
    .returning({ id: hazards.id });
  await ctx.db.insert(hazardDepartments).values({ hazardId: row!.id, departmentId: leadDepartmentId, role: 'lead' });
  fixture.assignedHazardId = row!.id;
}

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/**
 * The hazard the record-scoped rows use: reported (with a photo) through the app by `officer` for their
 * own school. If reporting fails, the rows that need :hazardId, :photoId or :notificationId fail with a
 * message naming the missing fixture value, and the rest of the matrix still runs.
 */
async function makeHazardFixture(schoolId: number) {
  try {
    const [category] = await ctx.db.select().from(hazardCategories).where(eq(hazardCategories.code, 'FIRE'));
    const foundAt = shanghaiInputValue(new Date(ctx.clock.now().getTime() - 3600_000));
    const form = new FormData();
    const fields = { subjectType: 'campus', schoolId: String(schoolId), location: '教学楼二层', categoryId: String(category!.id), description: '灭火器过期（矩阵测试）', source: 'self_check', foundAt, foundBy: '安全员' };
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('photos', new File([PNG], 'photo.png', { type: 'image/png' }));
    const res = await (await agentAs('officer')).request('/hazards', { method: 'POST', body: form });
    const id = /^\/hazards\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1];
    if (res.status !== 303 || !id) throw new Error(`reporting the fixture hazard answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    fixture.hazardId = Number(id);
    const [photo] = await ctx.db.select().from(hazardPhotos).where(eq(hazardPhotos.hazardId, Number(id)));
    if (photo) fixture.photoId = photo.id;
    const [notice] = await ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.hazardId, Number(id)), eq(notifications.kind, 'hazardReported')));
    if (notice) fixture.notificationId = notice.id;
  } catch (err) {
    console.error('authorization matrix: no hazard fixture —', err);
  }
}
afterAll(() => ctx?.close());

/**
 * A browser holding a brand-new session of the actor. Every request gets its own session, so rows that
 * end sessions (sign out, sign out everywhere) do not disturb the others. The session is made with the
 * app's own session store, which is what a sign-in does after checking the password.
 */
async function agentAs(actor: Actor): Promise<Agent> {
  const agent = ctx.agent();
  if (actor === 'anonymous') return agent;
  const store = sessionStore(ctx.db, {
    idleMinutes: ctx.config.sessionIdleMinutes,
    absoluteHours: ctx.config.sessionAbsoluteHours,
    secureCookie: false,
  });
  const cookie = await store.start(userIds[actor], ctx.clock.now());
  const [pair] = cookie.split(';');
  const eq = pair!.indexOf('=');
  agent.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  return agent;
}

async function send(agent: Agent, r: MatrixRow, path: string): Promise<Response> {
  return r.method === 'GET' ? agent.get(path) : agent.post(path, r.body ?? {});
}

const registeredRoutes = () => routeKeysOf(ctx.app);

describe('route coverage', () => {
  it('every registered route has a rule in ROUTE_RULES', () => {
    const missing = registeredRoutes().filter((key) => !(key in ROUTE_RULES));
    expect(missing, 'routes without a policy rule (they answer 403 to everyone)').toEqual([]);
  });

  it('every ROUTE_RULES entry is a registered route (no stale or misspelt rules)', () => {
    const registered = new Set(registeredRoutes());
    const stale = Object.keys(ROUTE_RULES).filter((key) => !registered.has(key));
    expect(stale, 'rules that match no registered route').toEqual([]);
  });

  it('every registered route has at least one row in the matrix', () => {
    const covered = new Set(MATRIX.map(ruleKey));
    const uncovered = registeredRoutes().filter((key) => !covered.has(key));
    expect(uncovered, 'routes missing from tests/support/matrix.ts').toEqual([]);
  });

  it('every matrix row names a rule and a path that the pattern matches', () => {
    const problems: string[] = [];
    for (const r of MATRIX) {
      if (!(ruleKey(r) in ROUTE_RULES)) problems.push(`${ruleKey(r)}: no such rule`);
      if (!patternMatches(r.pattern, resolvePath(r.path, fixture))) problems.push(`${r.method} ${r.path}: does not match ${r.pattern}`);
      for (const actor of ACTORS) if (typeof r.expected[actor] !== 'number') problems.push(`${ruleKey(r)}: no status for ${actor}`);
    }
    expect(problems).toEqual([]);
  });
});

const title = (r: MatrixRow) => `${r.method} ${r.path}${r.note ? ` (${r.note})` : ''}`;

describe('authorization matrix', () => {
  const rows = (known: boolean) => MATRIX.filter((r) => Boolean(r.knownBug) === known).map((r) => [title(r), r] as const);
  const check = async (_title: string, r: MatrixRow) => {
    const path = resolvePath(r.path, fixture);
    const actual = {} as Record<Actor, number>;
    const wrongLocations: string[] = [];
    for (const actor of ACTORS) {
      const res = await send(await agentAs(actor), r, path);
      actual[actor] = res.status;
      const want = r.location?.[actor];
      const got = res.headers.get('location') ?? '';
      if (want !== undefined && !(typeof want === 'string' ? got === want : want.test(got))) {
        wrongLocations.push(`${actor}: Location ${got || '(none)'}, expected ${String(want)}`);
      }
      await res.arrayBuffer();
    }
    expect(actual).toEqual(r.expected);
    expect(wrongLocations).toEqual([]);
  };
  it.each(rows(false))('%s', check);
  // Rows marked knownBug in tests/support/matrix.ts: expected to fail until the bug in src/ is fixed.
  it.fails.each(rows(true))('%s — known bug', check);
});

describe('a user who must still change the password', () => {
  let mustChangeId: string;
  beforeAll(async () => {
    const school = await makeSchool(ctx.db);
    mustChangeId = (await makeUser(ctx.db, 'officer', { schoolId: school.id, mustChangePassword: true })).id;
  });

  /** Only public and signedIn routes behave as for any officer; the rest send GETs to the password page. */
  function expectedFor(r: MatrixRow): { status: number; location?: string } {
    const rule: Permission | undefined = ROUTE_RULES[ruleKey(r)];
    if (rule === 'public' || rule === 'signedIn') return { status: r.expected.officer };
    return r.method === 'GET' ? { status: 302, location: '/account/password' } : { status: 403 };
  }

  it('reaches only the public and signedIn routes', async () => {
    const wrong: string[] = [];
    for (const r of MATRIX.filter((row) => !row.knownBug)) {
      const agent = ctx.agent();
      const store = sessionStore(ctx.db, { idleMinutes: ctx.config.sessionIdleMinutes, absoluteHours: ctx.config.sessionAbsoluteHours, secureCookie: false });
      const [pair] = (await store.start(mustChangeId, ctx.clock.now())).split(';');
      agent.cookies.set('cs_session', pair!.slice(pair!.indexOf('=') + 1));
      const res = await send(agent, r, resolvePath(r.path, fixture));
      const want = expectedFor(r);
      if (res.status !== want.status || (want.location && res.headers.get('location') !== want.location)) {
        wrong.push(`${r.method} ${r.path}: got ${res.status} ${res.headers.get('location') ?? ''}, expected ${want.status} ${want.location ?? ''}`);
      }
      await res.arrayBuffer();
    }
    expect(wrong).toEqual([]);
  });
});

describe('how the authorize middleware picks the rule', () => {
  it('refuses (403 for everyone) a route that has no rule — fail closed', async () => {
    const key = 'GET /healthz';
    const saved = ROUTE_RULES[key]!;
    delete ROUTE_RULES[key];
    try {
      const anonymous = await ctx.agent().get('/healthz');
      const admin = await (await agentAs('admin')).get('/healthz');
      expect([anonymous.status, admin.status]).toEqual([403, 403]);
      expect(ctx.logs.some((l) => l.includes('route has no policy rule') && l.includes('GET /healthz'))).toBe(true);
    } finally {
      ROUTE_RULES[key] = saved;
    }
  });

  // Regression: the middleware once took the rule of the LAST matching pattern, so GET /admin/towns/new
  // was judged by 'GET /admin/towns/:id' (and GET /hazards/new by hazardRead, letting the leader in).
  it('uses the rule of the route that answers, not of a later pattern that also matches', async () => {
    const key = 'GET /admin/towns/:id';
    const saved = ROUTE_RULES[key]!;
    ROUTE_RULES[key] = 'public';
    try {
      const res = await ctx.agent().get('/admin/towns/new');
      expect(res.status).toBe(anonymousStatus('GET')); // the /new route is admin-only
    } finally {
      ROUTE_RULES[key] = saved;
    }
    const newKey = 'GET /admin/towns/new';
    ROUTE_RULES[newKey] = 'public';
    try {
      expect((await ctx.agent().get('/admin/towns/new')).status).toBe(200);
      expect((await ctx.agent().get(`/admin/towns/${fixture.townId}`)).status).toBe(anonymousStatus('GET'));
    } finally {
      ROUTE_RULES[newKey] = 'admin';
    }
  });
});
