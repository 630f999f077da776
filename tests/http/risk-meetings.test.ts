import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaItems, events, hazardCategories, meetingInvitations, meetings, resolutions, riskPoints } from '../../src/db/schema/index.js';
import { addDays, shanghaiDate } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool, makeUser } from '../support/factories.js';

let ctx: TestContext;
const as: Record<string, Agent> = {};
let schoolId: number;
let psb: number;
let supervisorId: string;
let meetingId: number;
const points: Record<'redDue' | 'orangeFresh' | 'yellowDue' | 'risen', number> = { redDue: 0, orangeFresh: 0, yellowDue: 0, risen: 0 };

const signedIn = async (role: Parameters<typeof makeUser>[1], options: Parameters<typeof makeUser>[2] = {}) => signedInUser(ctx, role, options);
const today = () => shanghaiDate(ctx.clock.now());
const load = async (id: number) => (await ctx.db.select().from(riskPoints).where(eq(riskPoints.id, id)))[0]!;
const items = () => ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position));
const itemAbout = async (refId: number) => (await items()).find((i) => i.kind === 'riskAssessment' && i.refId === refId);

async function record(name: string, likelihood: string, severity: string): Promise<number> {
  const [traffic] = await ctx.db.select().from(hazardCategories).where(eq(hazardCategories.code, 'TRAF'));
  const res = await as.officer!.post('/risks', {
    schoolId: String(schoolId),
    name,
    place: 'campus',
    area: '校门',
    categoryId: String(traffic!.id),
    hazardFactors: '上下学高峰车流量大',
    consequences: '学生被车辆碰撞',
    measuresManagement: '护学岗值守',
    measuresEmergency: '立即疏散并拨打120',
    responsiblePerson: '李老师',
    method: 'matrix',
    likelihood,
    severity,
  });
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(res.headers.get('location')!.split('/').pop());
}

const assessAt = (itemId: number, fields: Record<string, string>) => as.supervisor!.post(`/meetings/${meetingId}/live/${itemId}`, { do: 'assess', method: 'matrix', measuresEmergency: '立即疏散并拨打120', ...fields });

beforeAll(async () => {
  ctx = await setupTestApp();
  schoolId = (await makeSchool(ctx.db)).id;
  psb = (await departmentByCode(ctx.db, 'PSB')).id;
  const supervisor = await signedIn('supervisor');
  as.supervisor = supervisor.agent;
  supervisorId = supervisor.user.id;
  as.officer = (await signedIn('officer', { schoolId })).agent;
  as.police = (await signedIn('department', { departmentId: psb })).agent;
  as.fire = (await signedIn('department', { departmentId: (await departmentByCode(ctx.db, 'FIRE')).id })).agent;

  points.redDue = await record('校门口上下学高峰', '5', '4');
  points.orangeFresh = await record('食堂燃气', '3', '4');
  points.yellowDue = await record('操场围栏', '2', '2');
  points.risen = await record('宿舍电线老化', '1', '2');
  // The red point is overdue for review, the yellow one due today (a yellow point is not for the meeting).
  await ctx.db.update(riskPoints).set({ nextReviewOn: addDays(today(), -1) }).where(eq(riskPoints.id, points.redDue));
  await ctx.db.update(riskPoints).set({ nextReviewOn: today() }).where(eq(riskPoints.id, points.yellowDue));
  // The officer raises the dormitory's wiring from blue to orange: no meeting has been held, so the rise counts.
  const risen = await load(points.risen);
  const res = await as.officer!.post(`/risks/${points.risen}/assess`, { version: String(risen.version), method: 'matrix', likelihood: '3', severity: '4', reason: '线路发热，发现两处隐患', measuresEmergency: '' });
  expect(res.status, await res.clone().text()).toBe(303);

  const startsAt = new Date(ctx.clock.now().getTime() + 3 * 3600_000);
  const [m] = await ctx.db
    .insert(meetings)
    .values({ number: 'RISK-1', title: '校园安全风险研判会', kind: 'regular', startsAt, endsAt: new Date(startsAt.getTime() + 7200_000), createdBy: supervisorId })
    .returning({ id: meetings.id });
  meetingId = m!.id;
  await ctx.db.insert(meetingInvitations).values({ meetingId, departmentId: psb });
});
afterAll(() => ctx.close());

describe('the agenda proposal (研判)', () => {
  it('proposes the red point overdue for review and the point whose level rose, not the fresh orange or the due yellow one', async () => {
    expect((await as.supervisor!.post(`/meetings/${meetingId}/agenda`, { action: 'propose' })).status).toBe(303);
    expect((await itemAbout(points.redDue))?.reason).toBe('reviewDue');
    expect((await itemAbout(points.risen))?.reason).toBe('levelRose');
    expect(await itemAbout(points.orangeFresh)).toBeUndefined();
    expect(await itemAbout(points.yellowDue)).toBeUndefined();
    const page = await textOf(await as.supervisor!.get(`/meetings/${meetingId}`));
    expect(page).toContain('风险研判');
    expect(page).toContain('风险等级上升');
    expect(page).toContain('到期待复评');
  });
});

describe('at the live meeting', () => {
  beforeAll(async () => {
    expect((await as.supervisor!.post(`/meetings/${meetingId}/open`)).status).toBe(303);
  });

  it('shows the point with its scores filled in, ready to confirm', async () => {
    const item = (await itemAbout(points.redDue))!;
    const html = await textOf(await as.supervisor!.get(`/meetings/${meetingId}/live?item=${item.id}`));
    expect(html).toContain('校门口上下学高峰');
    expect(html).toContain('研判风险等级');
  });

  it('refuses a confirmation without a reason (422), keeping what was typed', async () => {
    const item = (await itemAbout(points.redDue))!;
    const before = await load(points.redDue);
    const res = await assessAt(item.id, { version: String(before.version), likelihood: '5', severity: '4', reason: '  ', measuresEmergency: '启动护学岗应急预案并疏散学生' });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html).toContain('复评必须填写理由');
    expect(html).toContain('启动护学岗应急预案并疏散学生');
    expect((await load(points.redDue)).assessmentCount).toBe(1);
  });

  it('confirms the red level with a reason: a new assessment, recorded as taken at the meeting', async () => {
    const item = (await itemAbout(points.redDue))!;
    const before = await load(points.redDue);
    const res = await assessAt(item.id, { version: String(before.version), likelihood: '5', severity: '4', reason: '高峰期车流未减少，维持红色管控' });
    expect(res.status, await res.clone().text()).toBe(303);
    const after = await load(points.redDue);
    expect([after.level, after.assessmentCount]).toEqual(['red', 2]);
    expect(after.nextReviewOn > today()).toBe(true);
    const [e] = await ctx.db.select().from(events).where(and(eq(events.entityType, 'riskPoint'), eq(events.entityId, String(points.redDue)), eq(events.action, 'riskAssessed')));
    expect(e!.data).toMatchObject({ meetingId, from: 'red', to: 'red', reason: '高峰期车流未减少，维持红色管控' });
    expect((await itemAbout(points.redDue))!.outcome).toBe('decided');
  });

  it('changes the risen point to yellow with a reason', async () => {
    const item = (await itemAbout(points.risen))!;
    const before = await load(points.risen);
    const res = await assessAt(item.id, { version: String(before.version), likelihood: '2', severity: '2', reason: '线路已更换，发热消除' });
    expect(res.status, await res.clone().text()).toBe(303);
    expect((await load(points.risen)).level).toBe('yellow');
  });

  it('assigns a control task to a unit with a deadline: a resolution on the item, visible to the unit only', async () => {
    const item = (await itemAbout(points.redDue))!;
    const res = await as.supervisor!.post(`/meetings/${meetingId}/live/${item.id}`, { do: 'resolution', content: '校门口增设隔离护栏并安排警力护学', leadDepartmentId: String(psb), deadline: addDays(today(), 30), feedbackSchedule: 'once' });
    expect(res.status, await res.clone().text()).toBe(303);
    const [task] = await ctx.db.select().from(resolutions).where(eq(resolutions.agendaItemId, item.id));
    expect(task).toMatchObject({ meetingId, leadDepartmentId: psb, deadline: addDays(today(), 30) });
    expect(await textOf(await as.police!.get('/resolutions'))).toContain('校门口增设隔离护栏并安排警力护学');
    expect((await as.police!.get(`/resolutions/${task!.id}`)).status).toBe(200);
    expect((await as.fire!.get(`/resolutions/${task!.id}`)).status).toBe(404);
  });
});

describe('the minutes', () => {
  it('state the assessments and the control task in full sentences', async () => {
    expect((await as.supervisor!.post(`/meetings/${meetingId}/close`)).status).toBe(303);
    expect((await as.supervisor!.post(`/meetings/${meetingId}/minutes`, { action: 'draft' })).status).toBe(303);
    const draft = (await textOf(await as.supervisor!.get(`/meetings/${meetingId}/minutes`))).replace(/\s+/g, '');
    expect(draft).toContain('“校门口上下学高峰”风险点进行了研判，确认维持重大风险（红色）等级，理由：高峰期车流未减少，维持红色管控。');
    expect(draft).toContain('“宿舍电线老化”风险点进行了研判，将其风险等级由较大风险（橙色）调整为一般风险（黄色），理由：线路已更换，发热消除。');
    expect(draft).toContain('“校门口上下学高峰”风险点的管控任务：校门口增设隔离护栏并安排警力护学');
  });
});
