import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaItems, events, hazards, meetingInvitations, meetings, resolutionNotes, resolutions, supervisionOrders } from '../../src/db/schema/index.js';
import { addDays, shanghaiDate, shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool, makeUser } from '../support/factories.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

let ctx: TestContext;
const as: Record<string, Agent> = {};
let psb: number;
let fire: number;
let schoolId: number;
let categoryId: number;
let supervisorId: string;
let meetingId: number;
let counter = 0;

const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
const today = () => shanghaiDate(ctx.clock.now());
const hazard = async (id: number) => (await ctx.db.select().from(hazards).where(eq(hazards.id, id)))[0]!;
const items = () => ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position));
const itemAbout = async (kind: string, refId: number) => (await items()).find((i) => i.kind === kind && i.refId === refId)!;

const signedIn = (role: Parameters<typeof makeUser>[1], options: Parameters<typeof makeUser>[2] = {}) => signedInUser(ctx, role, options);

async function report(description: string): Promise<number> {
  const res = await postMultipart(
    as.officer!,
    '/hazards',
    { subjectType: 'campus', schoolId: String(schoolId), location: '教学楼东侧楼梯', categoryId: String(categoryId), description, source: 'self_check', foundAt: shanghaiInputValue(new Date(ctx.clock.now().getTime() - 5 * 60_000)), foundBy: '张三', submissionKey: crypto.randomUUID() },
    [{ name: 'a.png', bytes: pngBytes() }],
  );
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(res.headers.get('location')!.split('/').pop());
}

async function insertMeeting(startsInMs: number): Promise<number> {
  const startsAt = new Date(ctx.clock.now().getTime() + startsInMs);
  const [m] = await ctx.db
    .insert(meetings)
    .values({ number: `LIVE-${++counter}`, title: '校园安全风险研判会', kind: 'regular', startsAt, endsAt: new Date(startsAt.getTime() + 7200_000), createdBy: supervisorId })
    .returning({ id: meetings.id });
  await ctx.db.insert(meetingInvitations).values([
    { meetingId: m!.id, departmentId: psb },
    { meetingId: m!.id, departmentId: fire },
  ]);
  return m!.id;
}

async function earlierResolution(content: string): Promise<number> {
  const [r] = await ctx.db.insert(resolutions).values({ content, leadDepartmentId: psb, deadline: addDays(today(), 20), createdBy: supervisorId }).returning({ id: resolutions.id });
  return r!.id;
}

let reportedA: number;
let reportedB: number;
let resolutionDone: number;
let resolutionContinued: number;

beforeAll(async () => {
  ctx = await setupTestApp();
  psb = (await departmentByCode(ctx.db, 'PSB')).id;
  fire = (await departmentByCode(ctx.db, 'FIRE')).id;
  schoolId = (await makeSchool(ctx.db)).id;
  const rows = await ctx.db.execute(`SELECT id FROM hazard_categories WHERE code = 'FIRE'` as never);
  categoryId = ((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as { id: number }).id;
  const supervisor = await signedIn('supervisor');
  as.supervisor = supervisor.agent;
  supervisorId = supervisor.user.id;
  as.officer = (await signedIn('officer', { schoolId })).agent;
  as.police = (await signedIn('department', { departmentId: psb })).agent;
  reportedA = await report('楼梯扶手松动，课间人流量大');
  reportedB = await report('楼梯照明灯损坏两盏');
  resolutionDone = await earlierResolution('交警大队在上下学时段增派警力');
  resolutionContinued = await earlierResolution('市场监管所清理校园周边无证摊贩');
  meetingId = await insertMeeting(3 * 3600_000);
  expect((await as.supervisor!.post(`/meetings/${meetingId}/agenda`, { action: 'propose' })).status).toBe(303);
  expect((await as.supervisor!.post(`/meetings/${meetingId}/agenda`, { action: 'add', title: '其他事项：寒假安全教育' })).status).toBe(303);
});
afterAll(() => ctx.close());

describe('opening the meeting', () => {
  it('cannot be run before it starts, nor opened more than a day early', async () => {
    expect((await as.supervisor!.get(`/meetings/${meetingId}/live`)).status).toBe(409);
    const later = await insertMeeting(7 * 86400_000);
    const res = await as.supervisor!.post(`/meetings/${later}/open`);
    expect(res.status).toBe(409);
    expect(await textOf(res)).toContain('只能在会议日期的前一天或当天开始会议');
  });

  it('the supervisor opens it a little early: the agenda freezes and the live page walks it', async () => {
    const page = await textOf(await as.supervisor!.get(`/meetings/${meetingId}`));
    expect(page).toContain('开始会议');
    const res = await as.supervisor!.post(`/meetings/${meetingId}/open`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/meetings/${meetingId}/live`);
    const [m] = await ctx.db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(m!.openedAt).not.toBeNull();
    expect((await as.supervisor!.post(`/meetings/${meetingId}/open`)).status).toBe(409);
    expect((await as.supervisor!.post(`/meetings/${meetingId}/agenda`, { action: 'add', title: '迟到的议题' })).status).toBe(409);
    expect((await as.police!.post(`/meetings/${meetingId}/respond`, { response: 'attending' })).status).toBe(409);

    const live = await as.supervisor!.get(`/meetings/${meetingId}/live`);
    expect(live.status).toBe(200);
    const html = await live.text();
    expect(html).toContain('会议进行中');
    expect(html).toContain((await hazard(reportedA)).number);
    expect(html).toContain('交警大队在上下学时段增派警力');
    // htmx asks for the live area only when walking to another item.
    const second = (await items())[1]!;
    const fragment = await as.supervisor!.get(`/meetings/${meetingId}/live?item=${second.id}`, HTMX);
    const body = await fragment.text();
    expect(body).not.toContain('<html');
    expect(body).toContain('id="live"');
    expect(body).toContain(second.title);
  });

  it('only supervisors run it', async () => {
    expect((await as.police!.get(`/meetings/${meetingId}/live`)).status).toBe(403);
    expect((await as.officer!.post(`/meetings/${meetingId}/open`)).status).toBe(403);
  });
});

describe('deciding on hazards through the register', () => {
  it('grades and assigns a hazard; its history says it was decided at this meeting', async () => {
    const item = await itemAbout('hazardVerification', reportedA);
    let h = await hazard(reportedA);
    let res = await as.supervisor!.post(`/meetings/${meetingId}/live/${item.id}/hazard/verify`, { version: h.version, grade: 'major', method: 'matrix', likelihood: 4, severity: 5 });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/meetings/${meetingId}/live?item=${item.id}`);
    h = await hazard(reportedA);
    expect([h.state, h.grade, h.riskLevel]).toEqual(['VERIFIED', 'major', 'red']);

    // With htmx the live area comes back in place, with the notice.
    res = await as.supervisor!.post(
      `/meetings/${meetingId}/live/${item.id}/hazard/assign`,
      { version: h.version, leadDepartmentId: fire, leadTask: '更换扶手', supportDepartmentIds: [String(psb)], [`task_${psb}`]: '维持秩序', deadline: addDays(today(), 10), responsiblePerson: '李四' },
      HTMX,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('已交办');
    h = await hazard(reportedA);
    expect(h.state).toBe('ASSIGNED');
    expect((await itemAbout('hazardVerification', reportedA)).outcome).toBe('decided');

    const history = await ctx.db.select().from(events).where(and(eq(events.entityType, 'hazard'), eq(events.entityId, String(reportedA))));
    const decided = history.filter((e) => e.action === 'verified' || e.action === 'assigned');
    expect(decided).toHaveLength(2);
    for (const e of decided) expect((e.data as Record<string, unknown>).meetingId).toBe(meetingId);
    const hazardPage = await textOf(await as.supervisor!.get(`/hazards/${reportedA}`));
    expect(hazardPage).toContain('在校园安全风险研判会（LIVE-1）上决定');
  });

  it('bad input comes back on the item with what was typed, and nothing changes', async () => {
    const item = await itemAbout('hazardVerification', reportedB);
    const h = await hazard(reportedB);
    const res = await as.supervisor!.post(`/meetings/${meetingId}/live/${item.id}/hazard/list`, { version: h.version, reason: '' }, HTMX);
    expect(res.status).toBe(422);
    const stale = await as.supervisor!.post(`/meetings/${meetingId}/live/${item.id}/hazard/dismiss`, { version: h.version + 5, reason: '重复上报：保留的原因' }, HTMX);
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('重复上报：保留的原因');
    expect(html).toContain('id="live"');
    expect((await hazard(reportedB)).state).toBe('REPORTED');
    // An action the meeting does not take there, and a hazard not on this item, are not found.
    expect((await as.supervisor!.post(`/meetings/${meetingId}/live/${item.id}/hazard/complete`, { version: h.version })).status).toBe(404);
  });

  it('issues a supervision order about the hazard and defers another item', async () => {
    const itemA = await itemAbout('hazardVerification', reportedA);
    let res = await as.supervisor!.post(`/meetings/${meetingId}/live/${itemA.id}`, { do: 'order', departmentId: fire, requirements: '三日内完成扶手更换并报送照片', deadline: addDays(today(), 3) });
    expect(res.status).toBe(303);
    const [order] = await ctx.db.select().from(supervisionOrders).where(eq(supervisionOrders.hazardId, reportedA));
    expect(order!.departmentId).toBe(fire);
    const issued = await ctx.db.select().from(events).where(and(eq(events.entityType, 'hazard'), eq(events.entityId, String(reportedA)), eq(events.action, 'orderIssued')));
    expect((issued[0]!.data as Record<string, unknown>).meetingId).toBe(meetingId);

    const itemB = await itemAbout('hazardVerification', reportedB);
    res = await as.supervisor!.post(`/meetings/${meetingId}/live/${itemB.id}`, { do: 'defer', reason: '待消防大队现场核实后再议' }, HTMX);
    expect(res.status).toBe(200);
    expect((await itemAbout('hazardVerification', reportedB)).outcome).toBe('deferred');
    const deferred = await ctx.db.select().from(events).where(and(eq(events.entityType, 'hazard'), eq(events.entityId, String(reportedB)), eq(events.action, 'deferred')));
    expect(deferred).toHaveLength(1);
    expect(await textOf(await as.supervisor!.get(`/hazards/${reportedB}`))).toContain('会议暂缓研究');
  });

  it('makes a resolution from a hazard item, linked to the item and the hazard', async () => {
    const item = await itemAbout('hazardVerification', reportedB);
    let res = await as.supervisor!.post(`/meetings/${meetingId}/live/${item.id}`, { do: 'resolution', content: '保留的议定内容', deadline: addDays(today(), 5), feedbackSchedule: 'once' }, HTMX);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('保留的议定内容');
    res = await as.supervisor!.post(`/meetings/${meetingId}/live/${item.id}`, { do: 'resolution', content: '消防大队牵头核实楼梯照明问题', leadDepartmentId: fire, deadline: addDays(today(), 5), feedbackSchedule: 'once' });
    expect(res.status).toBe(303);
    const [r] = await ctx.db.select().from(resolutions).where(eq(resolutions.agendaItemId, item.id));
    expect([r!.meetingId, r!.hazardId, r!.leadDepartmentId]).toEqual([meetingId, reportedB, fire]);
    // The resolution page links the hazard it was decided on.
    const page = await as.supervisor!.get(`/resolutions/${r!.id}`);
    expect(await page.text()).toContain(`href="/hazards/${reportedB}"`);
  });
});

describe('earlier resolutions and notes', () => {
  it('records the unit report and marks one done and one continued with a new deadline', async () => {
    const doneItem = await itemAbout('resolutionReview', resolutionDone);
    let [r] = await ctx.db.select().from(resolutions).where(eq(resolutions.id, resolutionDone));
    let res = await as.supervisor!.post(`/meetings/${meetingId}/live/${doneItem.id}`, { do: 'review', version: r!.version, verdict: 'done', report: '已在两所学校门口设岗' });
    expect(res.status).toBe(303);
    [r] = await ctx.db.select().from(resolutions).where(eq(resolutions.id, resolutionDone));
    expect(r!.status).toBe('done');
    const notes = await ctx.db.select().from(resolutionNotes).where(eq(resolutionNotes.resolutionId, resolutionDone)).orderBy(asc(resolutionNotes.id));
    expect(notes.map((n) => [n.action, n.departmentId])).toEqual([
      ['meetingReport', psb],
      ['meetingDone', null],
    ]);
    // Deciding again on a finished resolution is refused.
    res = await as.supervisor!.post(`/meetings/${meetingId}/live/${doneItem.id}`, { do: 'review', version: r!.version, verdict: 'continued' }, HTMX);
    expect(res.status).toBe(409);

    const goOnItem = await itemAbout('resolutionReview', resolutionContinued);
    [r] = await ctx.db.select().from(resolutions).where(eq(resolutions.id, resolutionContinued));
    res = await as.supervisor!.post(`/meetings/${meetingId}/live/${goOnItem.id}`, { do: 'review', version: r!.version, verdict: 'continued', newDeadline: '2001-01-01' }, HTMX);
    expect(res.status).toBe(422);
    res = await as.supervisor!.post(`/meetings/${meetingId}/live/${goOnItem.id}`, { do: 'review', version: r!.version, verdict: 'continued', newDeadline: addDays(today(), 40) }, HTMX);
    expect(res.status).toBe(200);
    [r] = await ctx.db.select().from(resolutions).where(eq(resolutions.id, resolutionContinued));
    expect([r!.status, r!.deadline]).toEqual(['in_progress', addDays(today(), 40)]);
    const page = await textOf(await as.police!.get(`/resolutions/${resolutionContinued}`));
    expect(page).toContain('会议决定继续办理');
  });

  it('takes notes on an item and marks it discussed', async () => {
    const item = (await items()).find((i) => i.kind === 'other')!;
    const res = await as.supervisor!.post(`/meetings/${meetingId}/live/${item.id}`, { do: 'note', note: '与会单位一致同意加强巡查', outcome: 'discussed' }, HTMX);
    expect(res.status).toBe(200);
    const [after] = await ctx.db.select().from(agendaItems).where(eq(agendaItems.id, item.id));
    expect([after!.note, after!.outcome]).toEqual(['与会单位一致同意加强巡查', 'discussed']);
  });
});

describe('closing the sitting and the minutes', () => {
  it('the supervisor closes the sitting; it is held, no more live decisions; the draft states what was decided', async () => {
    const item = await itemAbout('hazardVerification', reportedA);
    let res = await as.supervisor!.post(`/meetings/${meetingId}/close`);
    expect([res.status, res.headers.get('location')]).toEqual([303, `/meetings/${meetingId}`]);
    expect((await as.supervisor!.post(`/meetings/${meetingId}/close`)).status).toBe(409);
    const page = await textOf(await as.supervisor!.get(`/meetings/${meetingId}`));
    expect(page).toContain('已召开');
    expect(page).not.toContain('进入现场会议');
    res = await as.supervisor!.post(`/meetings/${meetingId}/live/${item.id}`, { do: 'note', note: '会后补记' }, HTMX);
    expect(res.status).toBe(409);
    expect((await as.supervisor!.get(`/meetings/${meetingId}/live`)).status).toBe(303);

    expect((await as.supervisor!.post(`/meetings/${meetingId}/minutes`, { action: 'draft' })).status).toBe(303);
    const draft = (await textOf(await as.supervisor!.get(`/meetings/${meetingId}/minutes`))).replace(/\s+/g, '');
    const a = await hazard(reportedA);
    const b = await hazard(reportedB);
    expect(draft).toContain(`会议对隐患${a.number}`);
    expect(draft).toContain('定为重大隐患，风险等级为重大风险（红色）');
    expect(draft).toContain('由消防救援大队牵头整改（更换扶手），公安分局（维持秩序）配合，责任人为李四');
    expect(draft).toContain('会议决定向消防救援大队下发督办单');
    expect(draft).toContain('要求：三日内完成扶手更换并报送照片');
    // B was deferred, then decided after all: a resolution was made from it.
    expect(draft).toContain(`会议研究了${b.number}`);
    expect(draft).toContain('会议就此形成议定事项，见下文第一项');
    expect(draft).toContain('一、消防大队牵头核实楼梯照明问题。（牵头单位：消防救援大队；完成时限：');
    expect(draft).toContain('会议听取了公安分局关于“交警大队在上下学时段增派警力”的落实情况汇报（已在两所学校门口设岗），认定该事项已完成');
    expect(draft).toContain('决定继续落实，完成时限调整为');
    // Nobody recorded attendance at this sitting.
    expect(draft).toContain('出席情况未记录：公安分局、消防救援大队');
  });
});
