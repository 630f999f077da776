/**
 * The records and users the authorization matrix (and the form fuzz test) act on: one user per actor of
 * tests/support/matrix.ts, and one record of each kind a path placeholder names (`:hazardId`,
 * `:meetingId`, …). Built once per test file over that file's app.
 */
import { and, eq } from 'drizzle-orm';
import { sessionStore } from '../../src/auth/sessions.js';
import { attachments, departments, hazardCategories, hazardDepartments, hazardPhotos, hazards, institutions, meetingInvitations, meetings, meetingTopics, notifications, resolutionNotes, resolutions, riskAssessments, riskPoints, supervisionOrders } from '../../src/db/schema/index.js';
import { shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import type { Agent, TestContext } from './app.js';
import { testClockStart } from './clock.js';
import { departmentByCode, makeSchool, makeTown, makeUser } from './factories.js';
import type { Actor, SignedInActor } from './matrix.js';

export interface MatrixFixture {
  userIds: Record<SignedInActor, string>;
  /** the values of the path placeholders */
  values: Record<string, string | number>;
  /**
   * A browser holding a brand-new session of the actor. Every request gets its own session, so rows that
   * end sessions (sign out, sign out everywhere) do not disturb the others. The session is made with the
   * app's own session store, which is what a sign-in does after checking the password.
   */
  agentAs(actor: Actor): Promise<Agent>;
}

const suffix = () => Math.random().toString(36).slice(2, 8).toUpperCase();

export async function buildMatrixFixture(ctx: TestContext): Promise<MatrixFixture> {
  const db = ctx.db;
  const userIds = {} as Record<SignedInActor, string>;
  const values: Record<string, string | number> = {};
  const agentAs = async (actor: Actor): Promise<Agent> => {
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
  };

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
  Object.assign(values, {
    townId: (await makeTown(db)).id,
    schoolId: (await makeSchool(db, town.id)).id,
    institutionId: institution!.id,
    departmentId: department!.id,
    categoryId: category!.id,
    userId: target.id,
  });
  await makeHazardFixture(ctx, values, agentAs, schoolA.id);
  await makeAssignedHazardFixture(ctx, values, psb.id);
  const [meeting] = await db
    .insert(meetings)
    .values({ number: `MX-${suffix()}`, title: '矩阵测试会议', kind: 'regular', startsAt: new Date(testClockStart().getTime() + 7 * 86400_000), endsAt: new Date(testClockStart().getTime() + 7 * 86400_000 + 7200_000), createdBy: userIds.supervisor })
    .returning({ id: meetings.id });
  await db.insert(meetingInvitations).values({ meetingId: meeting!.id, departmentId: psb.id });
  values.meetingId = meeting!.id;
  const [resolution] = await db
    .insert(resolutions)
    .values({ meetingId: meeting!.id, content: '矩阵测试议定事项', leadDepartmentId: psb.id, deadline: '2099-01-01', createdBy: userIds.supervisor })
    .returning({ id: resolutions.id });
  values.resolutionId = resolution!.id;
  const [order] = await db
    .insert(supervisionOrders)
    .values({ departmentId: psb.id, resolutionId: resolution!.id, requirements: '矩阵测试督办', deadline: '2099-01-01', createdBy: userIds.supervisor })
    .returning({ id: supervisionOrders.id });
  values.orderId = order!.id;
  await makeAttachmentFixtures(ctx, values, meeting!.id, resolution!.id, psb.id, userIds.department);
  values.riskPointId = await makeRiskFixture(ctx, schoolA.id, psb.id, userIds.officer);
  return { userIds, values, agentAs };
}

/** A risk point in the surroundings of `officer`'s school, the `department` actor's unit responsible. */
async function makeRiskFixture(ctx: TestContext, schoolId: number, departmentId: number, officerId: string): Promise<number> {
  const [category] = await ctx.db.select().from(hazardCategories).where(eq(hazardCategories.code, 'TRAF'));
  const assessed = { scoringMethod: 'matrix' as const, scoringInput: { likelihood: 3, severity: 4 }, score: 12, level: 'orange' as const, nextReviewOn: '2099-01-01' };
  const [point] = await ctx.db
    .insert(riskPoints)
    .values({ schoolId, name: '矩阵测试风险点', place: 'surroundings', area: '校门外路口', distanceBand: '50', categoryId: category!.id, hazardFactors: '车流', consequences: '交通事故', responsiblePerson: '张三', responsibleDepartmentId: departmentId, ...assessed, levelRank: 3, assessedAt: testClockStart(), createdBy: officerId, createdAt: testClockStart() })
    .returning({ id: riskPoints.id });
  await ctx.db.insert(riskAssessments).values({ riskPointId: point!.id, seq: 1, ...assessed, assessedBy: officerId, assessedAt: testClockStart() });
  return point!.id;
}

/**
 * A file on a topic the `department` actor's unit proposed for the fixture meeting, and one on its
 * feedback to the fixture resolution: both seen by that unit, the supervisor and the leader only.
 */
async function makeAttachmentFixtures(ctx: TestContext, values: MatrixFixture['values'], meetingId: number, resolutionId: number, departmentId: number, uploadedBy: string) {
  const [topic] = await ctx.db.insert(meetingTopics).values({ meetingId, departmentId, title: '矩阵测试议题', proposedBy: uploadedBy }).returning({ id: meetingTopics.id });
  const [note] = await ctx.db.insert(resolutionNotes).values({ resolutionId, action: 'feedback', text: '矩阵测试反馈', departmentId, authorId: uploadedBy }).returning({ id: resolutionNotes.id });
  for (const [key, ownerType, ownerId] of [['topicAttachmentId', 'topic', topic!.id], ['noteAttachmentId', 'resolutionNote', note!.id]] as const) {
    const id = crypto.randomUUID().replace(/-/g, '');
    const bytes = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
    await ctx.storage.put(`attachments/${id}`, bytes, 'application/pdf');
    await ctx.db.insert(attachments).values({ id, ownerType, ownerId, fileName: `${key}.pdf`, storageKey: `attachments/${id}`, contentType: 'application/pdf', bytes: bytes.length, uploadedBy });
    values[key] = id;
  }
}

/** A second hazard like the first, in progress and led by the `department` actor's unit. */
async function makeAssignedHazardFixture(ctx: TestContext, values: MatrixFixture['values'], leadDepartmentId: number) {
  if (!values.hazardId) return;
  const [original] = await ctx.db.select().from(hazards).where(eq(hazards.id, Number(values.hazardId)));
  const { id: _id, number: _n, seq: _s, submissionKey: _k, ...copy } = original!;
  const [row] = await ctx.db
    .insert(hazards)
    .values({ ...copy, number: `MX-${suffix()}`, seq: 900000 + Math.floor(Math.random() * 90000), state: 'IN_PROGRESS', grade: 'ordinary', leadDepartmentId, deadline: '2099-01-01' })
    .returning({ id: hazards.id });
  await ctx.db.insert(hazardDepartments).values({ hazardId: row!.id, departmentId: leadDepartmentId, role: 'lead' });
  values.assignedHazardId = row!.id;
}

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/**
 * The hazard the record-scoped rows use: reported (with a photo) through the app by `officer` for their
 * own school. If reporting fails, the rows that need :hazardId, :photoId or :notificationId fail with a
 * message naming the missing fixture value, and the rest of the matrix still runs.
 */
async function makeHazardFixture(ctx: TestContext, values: MatrixFixture['values'], agentAs: MatrixFixture['agentAs'], schoolId: number) {
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
    values.hazardId = Number(id);
    const [photo] = await ctx.db.select().from(hazardPhotos).where(eq(hazardPhotos.hazardId, Number(id)));
    if (photo) values.photoId = photo.id;
    const [notice] = await ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.hazardId, Number(id)), eq(notifications.kind, 'hazardReported')));
    if (notice) values.notificationId = notice.id;
  } catch (err) {
    console.error('authorization matrix: no hazard fixture —', err);
  }
}
