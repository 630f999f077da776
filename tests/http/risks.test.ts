import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { events, hazardCategories, riskAssessments, riskPoints } from '../../src/db/schema/index.js';
import { addDays, addMonths, shanghaiDate, shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { readZipEntry, zipEntries } from '../../src/attachments/zip.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool, makeTown, makeUser } from '../support/factories.js';

let ctx: TestContext;
const as: Record<string, Agent> = {};
let schoolA: number;
let schoolB: number;
let psb: number;
let fire: number;
let traffic: number;

const signedIn = async (role: Parameters<typeof makeUser>[1], options: Parameters<typeof makeUser>[2] = {}) => (await signedInUser(ctx, role, options)).agent;

beforeAll(async () => {
  ctx = await setupTestApp();
  const town = await makeTown(ctx.db);
  schoolA = (await makeSchool(ctx.db, town.id)).id;
  schoolB = (await makeSchool(ctx.db, town.id)).id;
  psb = (await departmentByCode(ctx.db, 'PSB')).id;
  fire = (await departmentByCode(ctx.db, 'FIRE')).id;
  traffic = (await ctx.db.select().from(hazardCategories).where(eq(hazardCategories.code, 'TRAF')))[0]!.id;
  as.officer = await signedIn('officer', { schoolId: schoolA });
  as.officerB = await signedIn('officer', { schoolId: schoolB });
  as.supervisor = await signedIn('supervisor');
  as.police = await signedIn('department', { departmentId: psb });
  as.fire = await signedIn('department', { departmentId: fire });
  as.leader = await signedIn('leader');
});
afterAll(() => ctx.close());
afterEach(() => ctx.clock.reset());

const today = () => shanghaiDate(ctx.clock.now());
const point = (overrides: Record<string, string> = {}) => ({
  schoolId: String(schoolA),
  name: '校门口上下学高峰',
  place: 'surroundings',
  area: '校门外人民路口',
  distanceBand: '50',
  categoryId: String(traffic),
  hazardFactors: '上下学高峰车流量大，家长车辆临时停靠',
  consequences: '学生被车辆碰撞',
  measuresEngineering: '设置护栏和减速带',
  measuresManagement: '护学岗值守',
  measuresPersonal: '',
  measuresEmergency: '',
  responsiblePerson: '李老师',
  responsibleDepartmentId: String(psb),
  method: 'matrix',
  likelihood: '3',
  severity: '4',
  reason: '',
  nextReviewOn: '',
  ...overrides,
});

async function record(agent: Agent, overrides: Record<string, string> = {}): Promise<number> {
  const res = await agent.post('/risks', point(overrides));
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(res.headers.get('location')!.split('/').pop());
}

const load = async (id: number) => (await ctx.db.select().from(riskPoints).where(eq(riskPoints.id, id)))[0]!;

describe('recording a risk point', () => {
  it('scores it by the configured method, sets the review date by its level, and records the first assessment and the history', async () => {
    const id = await record(as.officer!);
    const p = await load(id);
    expect(p).toMatchObject({ schoolId: schoolA, level: 'orange', score: 12, levelRank: 3, nextReviewOn: addMonths(today(), 3), version: 1, assessmentCount: 1, retired: false });
    const versions = await ctx.db.select().from(riskAssessments).where(eq(riskAssessments.riskPointId, id));
    expect(versions).toMatchObject([{ seq: 1, level: 'orange', score: 12 }]);
    const history = await ctx.db.select().from(events).where(and(eq(events.entityType, 'riskPoint'), eq(events.entityId, String(id))));
    expect(history.map((e) => e.action)).toEqual(['riskRecorded']);
    const page = await textOf(await as.officer!.get(`/risks/${id}`));
    expect(page).toContain('校门口上下学高峰');
    expect(page).toContain('较大风险');
    expect(page).toContain('护学岗值守');
  });

  it('uses LEC when chosen', async () => {
    const id = await record(as.officer!, { method: 'lec', l: '3', e: '6', c: '15', name: 'LEC 点' });
    expect(await load(id)).toMatchObject({ scoringMethod: 'lec', scoringInput: { l: 3, e: 6, c: 15 }, score: 270, level: 'orange', nextReviewOn: addMonths(today(), 3) });
  });

  it('refuses a red point without an emergency measure (422, everything typed kept)', async () => {
    const res = await as.officer!.post('/risks', point({ likelihood: '5', severity: '5', name: '燃气管道泄漏' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('重大风险（红）必须有应急处置措施');
    expect(html).toContain('燃气管道泄漏');
    expect(html).toContain('护学岗值守');
    expect(html).toMatch(/<option value="5" selected/);
  });

  it('refuses a review date in the past, a surroundings point without distance, a campus point led by a unit', async () => {
    const past = await as.officer!.post('/risks', point({ nextReviewOn: addDays(today(), -1) }));
    expect(past.status).toBe(422);
    expect(await past.text()).toContain('复评日期不能早于今天');
    const noBand = await as.officer!.post('/risks', point({ distanceBand: '' }));
    expect(noBand.status).toBe(422);
    expect(await noBand.text()).toContain('须选择距学校距离');
    const campus = await as.officer!.post('/risks', point({ place: 'campus', distanceBand: '' }));
    expect(campus.status).toBe(422);
    expect(await campus.text()).toContain('只有校园周边的风险点可以由成员单位负责');
  });

  it('takes a chosen review date of today or later', async () => {
    const id = await record(as.officer!, { nextReviewOn: addDays(today(), 10) });
    expect((await load(id)).nextReviewOn).toBe(addDays(today(), 10));
  });

  it('answers nonsense with 422, never 500', async () => {
    for (const bad of [{ likelihood: '9' }, { method: 'dice' }, { categoryId: '999999' }, { schoolId: 'x' }, { nextReviewOn: '2026-02-30' }, { responsibleDepartmentId: '-3' }] as Array<Record<string, string>>) {
      const res = await as.officer!.post('/risks', point(bad));
      expect(res.status, JSON.stringify(bad)).toBe(422);
    }
  });

  it("does not let an officer record for another school", async () => {
    const before = (await ctx.db.select().from(riskPoints).where(eq(riskPoints.schoolId, schoolA))).length;
    const res = await as.officerB!.post('/risks', point({ name: '别校的点' }));
    expect(res.status).toBe(422);
    expect((await ctx.db.select().from(riskPoints).where(eq(riskPoints.schoolId, schoolA))).length).toBe(before);
  });
});

describe('re-assessment', () => {
  it('makes a new version with its score and reason; the page draws the levels', async () => {
    const id = await record(as.officer!);
    const res = await as.officer!.post(`/risks/${id}/assess`, { version: '1', method: 'matrix', likelihood: '4', severity: '5', reason: '近期发生两起险情', measuresEmergency: '交警联动疏导，校医待命' });
    expect(res.status, await res.clone().text()).toBe(303);
    const p = await load(id);
    expect(p).toMatchObject({ level: 'red', score: 20, version: 2, assessmentCount: 2, nextReviewOn: addMonths(today(), 1), measuresEmergency: '交警联动疏导，校医待命' });
    const versions = await ctx.db.select().from(riskAssessments).where(eq(riskAssessments.riskPointId, id)).orderBy(asc(riskAssessments.seq));
    expect(versions.map((v) => [v.seq, v.level, v.reason])).toEqual([
      [1, 'orange', ''],
      [2, 'red', '近期发生两起险情'],
    ]);
    const html = await (await as.officer!.get(`/risks/${id}`)).text();
    expect(html).toContain('<svg class="level-chart"');
    expect(html.match(/<circle /g)?.length).toBe(2);
    const [event] = await ctx.db.select().from(events).where(and(eq(events.entityType, 'riskPoint'), eq(events.entityId, String(id)), eq(events.action, 'riskAssessed')));
    expect(event!.data).toMatchObject({ from: 'orange', to: 'red', reason: '近期发生两起险情' });
  });

  it('refuses a re-assessment without a reason, and names a lowered level (422, values kept)', async () => {
    const id = await record(as.officer!);
    const same = await as.officer!.post(`/risks/${id}/assess`, { version: '1', method: 'matrix', likelihood: '3', severity: '4', reason: '' });
    expect(same.status).toBe(422);
    expect(await same.text()).toContain('复评必须填写理由');
    const lower = await as.officer!.post(`/risks/${id}/assess`, { version: '1', method: 'matrix', likelihood: '1', severity: '2', reason: '  ', nextReviewOn: addDays(today(), 30) });
    expect(lower.status).toBe(422);
    const html = await lower.text();
    expect(html).toContain('降低风险等级必须说明理由');
    expect(html).toContain(`value="${addDays(today(), 30)}"`);
    expect((await load(id)).version).toBe(1);
  });

  it('refuses a red re-assessment without an emergency measure, and a review date in the past', async () => {
    const id = await record(as.officer!);
    const red = await as.officer!.post(`/risks/${id}/assess`, { version: '1', method: 'matrix', likelihood: '5', severity: '5', reason: '升级', measuresEmergency: '' });
    expect(red.status).toBe(422);
    expect(await red.text()).toContain('重大风险（红）必须有应急处置措施');
    const past = await as.officer!.post(`/risks/${id}/assess`, { version: '1', method: 'matrix', likelihood: '3', severity: '4', reason: '例行复评', nextReviewOn: addDays(today(), -1) });
    expect(past.status).toBe(422);
    expect(await past.text()).toContain('复评日期不能早于今天');
  });

  it('answers a stale version with 409', async () => {
    const id = await record(as.officer!);
    expect((await as.officer!.post(`/risks/${id}/assess`, { version: '1', method: 'matrix', likelihood: '3', severity: '4', reason: '例行复评' })).status).toBe(303);
    expect((await as.supervisor!.post(`/risks/${id}/assess`, { version: '1', method: 'matrix', likelihood: '3', severity: '4', reason: '例行复评' })).status).toBe(409);
  });

  it('flags a point overdue for review and puts it in the officer’s home queue', async () => {
    const id = await record(as.officer!, { name: '宿舍电气线路', likelihood: '4', severity: '5', measuresEmergency: '断电疏散' });
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 40 * 86400_000));
    // Forty days on, the morning's session has lapsed: the officer signs in again.
    const later = await signedIn('officer', { schoolId: schoolA });
    const list = await textOf(await later.get('/risks?review=overdue'));
    expect(list).toContain('宿舍电气线路');
    expect(list).toContain('逾期未复评');
    const home = await textOf(await later.get('/home/officer'));
    expect(home).toContain('待复评的风险点');
    expect(home).toContain('宿舍电气线路');
    expect(await textOf(await later.get(`/risks/${id}`))).toContain('逾期未复评');
  });
});

describe('editing and retiring', () => {
  it('edits what the point is with its history; a red point keeps its emergency measure', async () => {
    const id = await record(as.officer!, { likelihood: '5', severity: '5', measuresEmergency: '启动预案' });
    const base = point({ likelihood: '5', severity: '5', measuresEmergency: '启动预案' });
    const ok = await as.officer!.post(`/risks/${id}`, { ...base, version: '1', responsiblePerson: '王老师' });
    expect(ok.status).toBe(303);
    expect((await load(id)).responsiblePerson).toBe('王老师');
    const bad = await as.officer!.post(`/risks/${id}`, { ...base, version: '2', measuresEmergency: '' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('重大风险（红）必须有应急处置措施');
  });

  it('retires with a reason, never deletes; a retired point cannot change', async () => {
    const id = await record(as.officer!);
    expect((await as.officer!.post(`/risks/${id}/retire`, { version: '1', retiredReason: '' })).status).toBe(422);
    expect((await as.officer!.post(`/risks/${id}/retire`, { version: '1', retiredReason: '河道已加装护栏并填埋' })).status).toBe(303);
    const p = await load(id);
    expect(p).toMatchObject({ retired: true, retiredReason: '河道已加装护栏并填埋' });
    expect(await textOf(await as.officer!.get('/risks'))).not.toContain(`/risks/${id}"`);
    expect(await (await as.officer!.get('/risks?retired=1')).text()).toContain(`/risks/${id}"`);
    expect((await as.officer!.post(`/risks/${id}/assess`, { version: '2', method: 'matrix', likelihood: '3', severity: '4', reason: 'x' })).status).toBe(409);
    expect(await textOf(await as.officer!.get(`/risks/${id}`))).toContain('河道已加装护栏并填埋');
  });
});

describe('scoping', () => {
  it('an officer sees only their school’s points; the responsible unit reads its points; the leader reads all', async () => {
    const id = await record(as.officer!, { name: '派出所负责的点' });
    const campus = await record(as.officer!, { name: '仅学校负责的点', place: 'campus', distanceBand: '', responsibleDepartmentId: '' });
    expect((await as.officerB!.get(`/risks/${id}`)).status).toBe(404);
    expect(await textOf(await as.officerB!.get('/risks'))).not.toContain('派出所负责的点');
    expect((await as.police!.get(`/risks/${id}`)).status).toBe(200);
    expect((await as.police!.get(`/risks/${campus}`)).status).toBe(404);
    expect((await as.fire!.get(`/risks/${id}`)).status).toBe(404);
    const policeList = await textOf(await as.police!.get('/risks'));
    expect(policeList).toContain('派出所负责的点');
    expect(policeList).not.toContain('仅学校负责的点');
    expect((await as.leader!.get(`/risks/${campus}`)).status).toBe(200);
    // Readers get no forms.
    const asPolice = await (await as.police!.get(`/risks/${id}`)).text();
    expect(asPolice).not.toContain(`/risks/${id}/assess`);
    expect((await as.police!.post(`/risks/${id}/assess`, { version: '1' })).status).toBe(403);
    expect((await as.officerB!.post(`/risks/${id}/retire`, { version: '1', retiredReason: 'x' })).status).toBe(404);
  });

  it('the supervisor records for any school and filters by school and level', async () => {
    const id = await record(as.supervisor!, { schoolId: String(schoolB), name: '实验室危化品柜', place: 'campus', distanceBand: '', responsibleDepartmentId: '' });
    expect((await load(id)).schoolId).toBe(schoolB);
    const filtered = await textOf(await as.supervisor!.get(`/risks?schoolId=${schoolB}&level=orange`));
    expect(filtered).toContain('实验室危化品柜');
    expect(await textOf(await as.supervisor!.get(`/risks?schoolId=${schoolB}&level=red`))).not.toContain('实验室危化品柜');
  });
});

describe('hazards found at a risk point', () => {
  const hazardFields = (overrides: Record<string, string> = {}) => ({
    subjectType: 'surroundings',
    distanceBand: '50',
    schoolId: String(schoolA),
    location: '校门外人民路口',
    categoryId: String(traffic),
    description: '护栏被车辆撞坏',
    source: 'patrol',
    foundAt: shanghaiInputValue(new Date(ctx.clock.now().getTime() - 10 * 60_000)),
    submissionKey: crypto.randomUUID(),
    ...overrides,
  });

  it('the report form offers the school’s points; hazards reported at one show on its page, and two suggest a higher level', async () => {
    const id = await record(as.officer!, { name: '人民路口' });
    const formPage = await (await as.officer!.get(`/hazards/new?riskPoint=${id}`)).text();
    expect(formPage).toContain('所在风险点');
    expect(formPage).toMatch(new RegExp(`<option value="${id}" selected`));
    expect(formPage).not.toContain('别校的点');
    const first = await as.officer!.post('/hazards', hazardFields({ riskPointId: String(id) }));
    expect(first.status, await first.clone().text()).toBe(303);
    let page = await textOf(await as.officer!.get(`/risks/${id}`));
    expect(page).toContain('护栏被车辆撞坏');
    expect(page).not.toContain('建议重新评估');
    expect((await as.officer!.post('/hazards', hazardFields({ riskPointId: String(id), description: '减速带松脱' }))).status).toBe(303);
    page = await textOf(await as.officer!.get(`/risks/${id}`));
    expect(page).toContain('减速带松脱');
    expect(page).toContain('近 12 个月在此风险点发现了 2 条隐患，建议重新评估并提高到重大风险（红）');
  });

  it('refuses a point of another school or a retired one (422, the report kept)', async () => {
    const other = await record(as.supervisor!, { schoolId: String(schoolB), name: '乙校的点', place: 'campus', distanceBand: '', responsibleDepartmentId: '' });
    const res = await as.officer!.post('/hazards', hazardFields({ riskPointId: String(other), description: '不应关联到别校' }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('不应关联到别校');
    const retired = await record(as.officer!, { name: '已注销的点' });
    expect((await as.officer!.post(`/risks/${retired}/retire`, { version: '1', retiredReason: '已消除' })).status).toBe(303);
    expect((await as.officer!.post('/hazards', hazardFields({ riskPointId: String(retired) }))).status).toBe(422);
  });
});

describe('the four-colour map and the counts', () => {
  it('draws the school’s points by level on its areas, with the list; an officer only ever sees their own school', async () => {
    const gas = await record(as.officer!, { name: '锅炉房', place: 'campus', distanceBand: '', responsibleDepartmentId: '', area: '锅炉房', likelihood: '5', severity: '5', measuresEmergency: '停炉疏散' });
    const html = await (await as.officer!.get('/risks/map')).text();
    expect(html).toContain('<svg class="risk-map"');
    expect(html).toMatch(new RegExp(`<a href="/risks/${gas}" aria-label="锅炉房"><circle [^>]*fill="#d92d20"`));
    expect(html).toContain('锅炉房');
    const other = await record(as.supervisor!, { schoolId: String(schoolB), name: '乙校配电房', place: 'campus', distanceBand: '', responsibleDepartmentId: '', area: '配电房' });
    expect(await (await as.officer!.get(`/risks/map?schoolId=${schoolB}`)).text()).not.toContain('乙校配电房');
    const supervisorMap = await (await as.supervisor!.get(`/risks/map?schoolId=${schoolB}`)).text();
    expect(supervisorMap).toContain(`/risks/${other}`);
    expect(await textOf(await as.supervisor!.get('/risks/map'))).toContain('请选择学校');
  });

  it('counts points by town, school and category, each figure linking to the filtered list', async () => {
    const html = await (await as.supervisor!.get('/risks/overview')).text();
    expect(html).toMatch(new RegExp(`href="/risks\\?schoolId=${schoolA}&(amp;)?level=red">\\d+</a>`));
    expect(html).toMatch(new RegExp(`href="/risks\\?categoryId=${traffic}&(amp;)?level=orange">\\d+</a>`));
    const police = await (await as.police!.get('/risks/overview')).text();
    expect(police).not.toContain(`schoolId=${schoolB}`);
  });
});

describe('the risk notice card', () => {
  it('prints the point’s level, factors, measures and owner; another school’s officer gets 404', async () => {
    const id = await record(as.officer!, { name: '告知卡测试点', measuresPersonal: '佩戴反光背心' });
    const card = await textOf(await as.officer!.get(`/risks/${id}/card`));
    expect(card).toContain('风险告知卡');
    expect(card).toContain('较大风险');
    expect(card).toContain('佩戴反光背心');
    expect(card).toContain('李老师');
    expect((await as.officerB!.get(`/risks/${id}/card`)).status).toBe(404);
  });
});

describe('the risk list as .xlsx', () => {
  it('exports the points the user may see, with the list’s filters, in the ledger columns', async () => {
    await record(as.officer!, { name: '导出测试点' });
    const res = await as.officer!.get('/risks/export.xlsx?level=orange');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const entry = zipEntries(bytes)!.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const sheet = new TextDecoder().decode((await readZipEntry(bytes, entry, 1 << 22))!);
    expect(sheet).toContain('风险点名称');
    expect(sheet).toContain('导出测试点');
    expect(sheet).toContain('护学岗值守');
    expect(sheet).not.toContain('重大风险（红）');
    const other = await as.officerB!.get('/risks/export.xlsx');
    const otherBytes = new Uint8Array(await other.arrayBuffer());
    const otherSheet = new TextDecoder().decode((await readZipEntry(otherBytes, zipEntries(otherBytes)!.find((e) => e.name === 'xl/worksheets/sheet1.xml')!, 1 << 22))!);
    expect(otherSheet).not.toContain('导出测试点');
  });
});

describe('review cycles', () => {
  it('the administrator sets the months between reviews per level; a new point takes its review date from them', async () => {
    const admin = await signedIn('admin');
    const form = await (await admin.get('/admin/scoring')).text();
    const value = (name: string) => new RegExp(`name="${name}" type="text" value="([^"]*)"`).exec(form)![1]!;
    expect(['reviewRed', 'reviewOrange', 'reviewYellow', 'reviewBlue'].map(value)).toEqual(['1', '3', '6', '12']);
    const fields = Object.fromEntries(['matrixRed', 'matrixOrange', 'matrixYellow', 'lecRed', 'lecOrange', 'lecYellow', 'verifyOverdueDays'].map((n) => [n, value(n)]));
    const cycles = { reviewRed: '1', reviewOrange: '2', reviewYellow: '6', reviewBlue: '12' };
    // Out of range: 422 with the field named and the typed values kept.
    let res = await admin.post('/admin/scoring', { method: 'matrix', ...fields, lecRedExclusive: 'on', ...cycles, reviewOrange: '0' });
    expect(res.status).toBe(422);
    const refused = await res.text();
    expect(refused).toContain('较大风险（橙）复评周期（月）');
    expect(refused).toMatch(/name="reviewOrange" type="text" value="0"/);
    res = await admin.post('/admin/scoring', { method: 'matrix', ...fields, lecRedExclusive: 'on', ...cycles });
    expect(res.status).toBe(303);
    const id = await record(as.officer!);
    expect((await load(id)).nextReviewOn).toBe(addMonths(today(), 2));
    const history = await ctx.db.select().from(events).where(and(eq(events.entityType, 'setting'), eq(events.entityId, 'riskReview')));
    expect(history.map((e) => e.data)).toEqual([{ from: { red: 1, orange: 3, yellow: 6, blue: 12 }, to: { red: 1, orange: 2, yellow: 6, blue: 12 } }]);
    await admin.post('/admin/scoring', { method: 'matrix', ...fields, lecRedExclusive: 'on', ...cycles, reviewOrange: '3' });
  });
});
