// Deadlines and listing cannot be bypassed (issue 10): a unit that cannot fix a hazard yet asks for a new
// date instead of setting it; unlisting needs acceptance or a written reason; a major hazard graded low
// needs a confirmed reason; reports waiting too long for verification show up as overdue for it.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { events, hazardDeadlineChanges, hazards, notifications } from '../../src/db/schema/index.js';
import { addDays, shanghaiDate, shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool, TEST_PASSWORD } from '../support/factories.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

let ctx: TestContext;
let school: { id: number };
let categoryId: number;
let fire: number;
let officer: Agent;
let supervisor: Agent;
let fireUnit: Agent;
const usernames = new Map<Agent, string>();

const hazard = async (id: number) => (await ctx.db.select().from(hazards).where(eq(hazards.id, id)))[0]!;
const today = () => shanghaiDate(ctx.clock.now());
const DAY = 86_400_000;

beforeAll(async () => {
  ctx = await setupTestApp();
  school = await makeSchool(ctx.db);
  fire = (await departmentByCode(ctx.db, 'FIRE')).id;
  const rows = await ctx.db.execute(`SELECT id FROM hazard_categories WHERE code = 'FIRE'` as never);
  categoryId = ((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as { id: number }).id;
  const signed = async (...args: Parameters<typeof signedInUser> extends [unknown, ...infer R] ? R : never) => {
    const { agent, user } = await signedInUser(ctx, ...args);
    usernames.set(agent, user.username);
    return agent;
  };
  officer = await signed('officer', { schoolId: school.id });
  supervisor = await signed('supervisor');
  fireUnit = await signed('department', { departmentId: fire });
});

/** Days later: the sessions have expired meanwhile, so everyone signs in again. */
let moved = false;
async function daysLater(days: number) {
  moved = true;
  ctx.clock.set(new Date(ctx.clock.now().getTime() + days * DAY));
  for (const [agent, username] of usernames) expect((await agent.signIn(username, TEST_PASSWORD)).status).toBe(303);
}
afterAll(() => ctx.close());
afterEach(async () => {
  if (!moved) return;
  moved = false;
  ctx.clock.reset();
  for (const [agent, username] of usernames) await agent.signIn(username, TEST_PASSWORD);
});

async function report(location = '图书馆消防通道'): Promise<number> {
  const fields = {
    subjectType: 'campus',
    schoolId: String(school.id),
    location,
    categoryId: String(categoryId),
    description: '疏散通道堆放杂物',
    source: 'self_check',
    foundAt: shanghaiInputValue(new Date(ctx.clock.now().getTime() - 10 * 60_000)),
    submissionKey: crypto.randomUUID(),
  };
  const res = await postMultipart(officer, '/hazards', fields, [{ name: 'a.png', bytes: pngBytes() }]);
  expect(res.status).toBe(303);
  return Number(res.headers.get('location')!.split('/').pop());
}

async function verify(id: number, grading: Record<string, string | number> = { grade: 'ordinary', method: 'matrix', likelihood: 3, severity: 3 }) {
  const res = await supervisor.post(`/hazards/${id}/verify`, { version: (await hazard(id)).version, ...grading });
  expect(res.status).toBe(303);
}

/** Reported, verified, assigned to the fire brigade with a deadline in `days` days, and in progress. */
async function inProgress(days = 5): Promise<number> {
  const id = await report();
  await verify(id);
  let res = await supervisor.post(`/hazards/${id}/assign`, { version: (await hazard(id)).version, leadDepartmentId: fire, deadline: addDays(today(), days), responsiblePerson: '李四' });
  expect(res.status).toBe(303);
  res = await postMultipart(fireUnit, `/hazards/${id}/progress`, { version: String((await hazard(id)).version), text: '已清理一半' });
  expect(res.status).toBe(303);
  expect((await hazard(id)).state).toBe('IN_PROGRESS');
  return id;
}

const overdueIds = async (agent: Agent) => [...(await (await agent.get('/hazards?overdue=1')).text()).matchAll(/href="\/hazards\/(\d+)"/g)].map((m) => Number(m[1]));

describe('"cannot be fixed yet" asks for a new date; it does not move the deadline', () => {
  it('stays overdue in every list and count until a supervisor grants the new date', async () => {
    const id = await inProgress(5);
    const original = (await hazard(id)).deadline!;
    expect((await hazard(id)).originalDeadline).toBe(original);
    await daysLater(7); // two days past the deadline
    expect(await overdueIds(supervisor)).toContain(id);

    // Controlled with a new date: the deadline stays, the date is only asked for.
    const newDate = addDays(today(), 20);
    let res = await fireUnit.post(`/hazards/${id}/control`, { version: (await hazard(id)).version, interimMeasures: '设置警戒线，专人值守', reason: '需等待寒假施工', newTargetDate: newDate });
    expect(res.status).toBe(303);
    let h = await hazard(id);
    expect([h.state, h.deadline, h.originalDeadline, h.extensionRequestedTo]).toEqual(['CONTROLLED', original, original, newDate]);
    expect(await overdueIds(supervisor)).toContain(id);
    expect(await overdueIds(fireUnit)).toContain(id);
    const home = await textOf(await supervisor.get('/home/supervisor'));
    expect(home).toContain(h.number);
    const page = await textOf(await supervisor.get(`/hazards/${id}`));
    expect(page).toContain('逾期 2 天');
    expect(page).toContain('待教育局审批');
    expect(page).toContain('需等待寒假施工');
    // The supervisors are told in their inbox.
    const [notice] = await ctx.db.select().from(notifications).where(and(eq(notifications.hazardId, id), eq(notifications.kind, 'controlRequested')));
    expect(notice!.role).toBe('supervisor');
    expect(await textOf(await supervisor.get('/inbox'))).toContain(`隐患 ${h.number} 暂缓整改·管控中，申请完成时限改为 ${newDate}`);
    // Another request cannot pile on while this one waits.
    res = await fireUnit.post(`/hazards/${id}/extension`, { version: h.version, newTargetDate: addDays(today(), 30), reason: '再延' });
    expect(res.status).toBe(422);

    // Granted: the deadline moves, the original stays, and the page says who asked, who granted and why.
    res = await supervisor.post(`/hazards/${id}/extension-decision`, { version: h.version, decision: 'grant', note: '同意寒假施工' });
    expect(res.status).toBe(303);
    h = await hazard(id);
    expect([h.deadline, h.originalDeadline, h.extensionRequestedTo]).toEqual([newDate, original, null]);
    expect(await overdueIds(supervisor)).not.toContain(id);
    const [change] = await ctx.db.select().from(hazardDeadlineChanges).where(eq(hazardDeadlineChanges.hazardId, id));
    expect(change).toMatchObject({ kind: 'control', fromDate: original, toDate: newDate, status: 'granted', reason: '需等待寒假施工', decisionNote: '同意寒假施工' });
    const after = await textOf(await supervisor.get(`/hazards/${id}`));
    expect(after).toContain(`原定整改时限：${original}`);
    expect(after).toContain('同意寒假施工');
    expect(after).toMatch(/于 .* 同意/);
  });

  it('a refused request leaves the deadline and the hazard overdue', async () => {
    const id = await inProgress(3);
    const original = (await hazard(id)).deadline!;
    await daysLater(5);
    let res = await fireUnit.post(`/hazards/${id}/extension`, { version: (await hazard(id)).version, newTargetDate: addDays(today(), 10), reason: '材料未到' });
    expect(res.status).toBe(303);
    res = await supervisor.post(`/hazards/${id}/extension-decision`, { version: (await hazard(id)).version, decision: 'refuse', note: '应先采取临时措施' });
    expect(res.status).toBe(303);
    expect((await hazard(id)).deadline).toBe(original);
    expect(await overdueIds(supervisor)).toContain(id);
    const [change] = await ctx.db.select().from(hazardDeadlineChanges).where(eq(hazardDeadlineChanges.hazardId, id));
    expect(change!.status).toBe('refused');
  });

  it('the control form without a reason comes back with what was typed', async () => {
    const id = await inProgress(5);
    const res = await fireUnit.post(`/hazards/${id}/control`, { version: (await hazard(id)).version, interimMeasures: '临时封闭通道', newTargetDate: addDays(today(), 20) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('临时封闭通道');
    expect((await hazard(id)).state).toBe('IN_PROGRESS');
  });

  it('a re-assignment that moves the deadline says why, and is recorded as a granted change', async () => {
    const id = await inProgress(5);
    const h = await hazard(id);
    const moved = addDays(today(), 15);
    let res = await supervisor.post(`/hazards/${id}/assign`, { version: h.version, leadDepartmentId: fire, deadline: moved, responsiblePerson: '李四' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(moved);
    res = await supervisor.post(`/hazards/${id}/assign`, { version: h.version, leadDepartmentId: fire, deadline: moved, responsiblePerson: '李四', deadlineReason: '联席会议决定延长' });
    expect(res.status).toBe(303);
    const after = await hazard(id);
    expect([after.deadline, after.originalDeadline]).toEqual([moved, h.deadline]);
    const [change] = await ctx.db.select().from(hazardDeadlineChanges).where(eq(hazardDeadlineChanges.hazardId, id));
    expect(change).toMatchObject({ kind: 'reassignment', status: 'granted', reason: '联席会议决定延长' });
    // Keeping the deadline needs no reason, even once it has passed.
    await daysLater(20);
    res = await supervisor.post(`/hazards/${id}/assign`, { version: after.version, leadDepartmentId: fire, deadline: moved, responsiblePerson: '王五' });
    expect(res.status).toBe(303);
  });
});

describe('listed supervision (挂牌督办)', () => {
  it('has a level and a date; unlisting before acceptance needs a written reason', async () => {
    const id = await inProgress(10);
    let res = await supervisor.post(`/hazards/${id}/list`, { version: (await hazard(id)).version, reason: '重大隐患', level: 'city', listedOn: addDays(today(), 1) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('重大隐患');
    res = await supervisor.post(`/hazards/${id}/list`, { version: (await hazard(id)).version, reason: '重大隐患', level: 'city', listedOn: addDays(today(), -2) });
    expect(res.status).toBe(303);
    let h = await hazard(id);
    expect([h.listed, h.listedLevel, h.listedOn]).toEqual([true, 'city', addDays(today(), -2)]);
    expect(await textOf(await supervisor.get(`/hazards/${id}`))).toContain('市级挂牌督办');

    // Before acceptance: refused without a reason (nothing changes), allowed with one, in the history.
    res = await supervisor.post(`/hazards/${id}/unlist`, { version: h.version });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('理由');
    expect((await hazard(id)).listed).toBe(true);
    res = await supervisor.post(`/hazards/${id}/unlist`, { version: h.version, reason: '经市安委会同意降为区级督办' });
    expect(res.status).toBe(303);
    h = await hazard(id);
    expect(h.listed).toBe(false);
    const [unlisted] = await ctx.db.select().from(events).where(and(eq(events.entityType, 'hazard'), eq(events.entityId, String(id)), eq(events.action, 'unlisted')));
    expect(unlisted!.data).toMatchObject({ reason: '经市安委会同意降为区级督办', level: 'city' });
  });

  it('after acceptance unlisting needs no reason, and closing a listed hazard unlists it in the history', async () => {
    const id = await inProgress(10);
    let res = await supervisor.post(`/hazards/${id}/list`, { version: (await hazard(id)).version, reason: '区级督办', level: 'district', listedOn: today() });
    expect(res.status).toBe(303);
    res = await postMultipart(fireUnit, `/hazards/${id}/complete`, { version: String((await hazard(id)).version), note: '已清理' }, [{ name: 'e.png', bytes: pngBytes() }]);
    expect(res.status).toBe(303);
    res = await supervisor.post(`/hazards/${id}/accept`, { version: (await hazard(id)).version });
    expect(res.status).toBe(303);
    res = await supervisor.post(`/hazards/${id}/close`, { version: (await hazard(id)).version });
    expect(res.status).toBe(303);
    expect((await hazard(id)).listed).toBe(false);
    const history = await ctx.db.select().from(events).where(and(eq(events.entityType, 'hazard'), eq(events.entityId, String(id)))).orderBy(asc(events.id));
    expect(history.map((e) => e.action).slice(-2)).toEqual(['closed', 'unlisted']);

    const other = await inProgress(10);
    await supervisor.post(`/hazards/${other}/list`, { version: (await hazard(other)).version, reason: '区级督办', level: 'district', listedOn: today() });
    await postMultipart(fireUnit, `/hazards/${other}/complete`, { version: String((await hazard(other)).version), note: '已清理' }, [{ name: 'e.png', bytes: pngBytes() }]);
    await supervisor.post(`/hazards/${other}/accept`, { version: (await hazard(other)).version });
    res = await supervisor.post(`/hazards/${other}/unlist`, { version: (await hazard(other)).version });
    expect(res.status).toBe(303);
  });
});

describe('a major hazard graded yellow or blue', () => {
  it('needs the explicit confirmation with a reason, kept in the history', async () => {
    const id = await report('实验楼屋面');
    const low = { grade: 'major', method: 'matrix', likelihood: 2, severity: 3 }; // 6 → yellow
    let res = await supervisor.post(`/hazards/${id}/verify`, { version: (await hazard(id)).version, ...low, majorLowLevelReason: '后果严重，可能性低' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('后果严重，可能性低');
    expect((await hazard(id)).state).toBe('REPORTED');
    res = await supervisor.post(`/hazards/${id}/verify`, { version: (await hazard(id)).version, ...low, confirmMajorLowLevel: 'on', majorLowLevelReason: '后果严重，可能性低' });
    expect(res.status).toBe(303);
    expect([(await hazard(id)).grade, (await hazard(id)).riskLevel]).toEqual(['major', 'yellow']);
    const [verified] = await ctx.db.select().from(events).where(and(eq(events.entityType, 'hazard'), eq(events.entityId, String(id)), eq(events.action, 'verified')));
    expect(verified!.data).toMatchObject({ majorLowLevelReason: '后果严重，可能性低' });
    expect(await textOf(await supervisor.get(`/hazards/${id}`))).toContain('后果严重，可能性低');

    // Red needs nothing more.
    const red = await report('配电房');
    await verify(red, { grade: 'major', method: 'matrix', likelihood: 5, severity: 5 });
  });
});

describe('overdue for verification', () => {
  it('a report waiting longer than the configured days shows on the supervisor home page and in the register filter', async () => {
    const id = await report('门卫室');
    const { number } = await hazard(id);
    const listed = async () => (await (await supervisor.get('/hazards?verifyOverdue=1')).text()).includes(`href="/hazards/${id}"`);
    expect(await listed()).toBe(false);
    await daysLater(4);
    expect(await listed()).toBe(true);
    const home = await (await supervisor.get('/home/supervisor')).text();
    expect(home).toContain('核实超期');
    expect(home).toContain('/hazards?verifyOverdue=1');
    expect(home).toContain(number);

    // The administrator sets a longer time: it is no longer overdue.
    const admin = (await signedInUser(ctx, 'admin')).agent;
    const form = await (await admin.get('/admin/scoring')).text();
    const value = (name: string) => new RegExp(`name="${name}" type="text" value="([^"]*)"`).exec(form)![1]!;
    const fields = Object.fromEntries(['matrixRed', 'matrixOrange', 'matrixYellow', 'lecRed', 'lecOrange', 'lecYellow'].map((n) => [n, value(n)]));
    expect(value('verifyOverdueDays')).toBe('3');
    let res = await admin.post('/admin/scoring', { method: 'matrix', ...fields, lecRedExclusive: 'on', verifyOverdueDays: 'x' });
    expect(res.status).toBe(422);
    res = await admin.post('/admin/scoring', { method: 'matrix', ...fields, lecRedExclusive: 'on', verifyOverdueDays: '10' });
    expect(res.status).toBe(303);
    expect(await listed()).toBe(false);
    await admin.post('/admin/scoring', { method: 'matrix', ...fields, lecRedExclusive: 'on', verifyOverdueDays: '3' });
  });
});
