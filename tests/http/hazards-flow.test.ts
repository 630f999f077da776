import { eq, and } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { events, hazardPhotos, hazards, notifications } from '../../src/db/schema/index.js';
import { sendDeadlineReminders } from '../../src/inbox/service.js';
import { addDays, shanghaiDate, shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool, makeUser } from '../support/factories.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

let ctx: TestContext;
let schoolA: { id: number };
let schoolB: { id: number };
let categoryId: number;
const as: Record<string, Agent> = {};
let psb: number;
let fire: number;

const signedIn = async (role: Parameters<typeof makeUser>[1], options: Parameters<typeof makeUser>[2] = {}) => (await signedInUser(ctx, role, options)).agent;

const hazard = async (id: number) => (await ctx.db.select().from(hazards).where(eq(hazards.id, id)))[0]!;
const today = () => shanghaiDate(ctx.clock.now());

beforeAll(async () => {
  ctx = await setupTestApp();
  schoolA = await makeSchool(ctx.db);
  schoolB = await makeSchool(ctx.db);
  psb = (await departmentByCode(ctx.db, 'PSB')).id;
  fire = (await departmentByCode(ctx.db, 'FIRE')).id;
  const rows = await ctx.db.execute(`SELECT id FROM hazard_categories WHERE code = 'FIRE'` as never);
  categoryId = ((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as { id: number }).id;
  as.officer = await signedIn('officer', { schoolId: schoolA.id });
  as.officerB = await signedIn('officer', { schoolId: schoolB.id });
  as.supervisor = await signedIn('supervisor');
  as.supervisor2 = await signedIn('supervisor');
  as.police = await signedIn('department', { departmentId: psb });
  as.fire = await signedIn('department', { departmentId: fire });
  as.leader = await signedIn('leader');
});
afterAll(() => ctx.close());
// A test that moves the clock puts it back.
afterEach(() => ctx.clock.reset());

function reportFields(overrides: Record<string, string> = {}) {
  return {
    subjectType: 'campus',
    schoolId: String(schoolA.id),
    location: '食堂后厨燃气管道',
    categoryId: String(categoryId),
    description: '燃气管道接口老化，有轻微异味',
    source: 'self_check',
    foundAt: shanghaiInputValue(new Date(ctx.clock.now().getTime() - 5 * 60_000)),
    foundBy: '张三',
    submissionKey: crypto.randomUUID(),
    ...overrides,
  };
}

async function report(agent: Agent, overrides: Record<string, string> = {}, files = [{ name: 'a.png', bytes: pngBytes() }]) {
  const res = await postMultipart(agent, '/hazards', reportFields(overrides), files);
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(res.headers.get('location')!.split('/').pop());
}

describe('the closed loop, end to end', () => {
  it('reports, verifies, assigns, rectifies, rejects once, accepts and closes, with full history', async () => {
    const id = await report(as.officer!);
    let h = await hazard(id);
    expect(h.state).toBe('REPORTED');
    expect(h.number).toMatch(/^ZJ-\d{4}-\d{6}$/);
    const photos = await ctx.db.select().from(hazardPhotos).where(eq(hazardPhotos.hazardId, id));
    expect(photos).toHaveLength(1);

    // Verify and grade: 4 × 4 = 16 → orange.
    let res = await as.supervisor!.post(`/hazards/${id}/verify`, { version: h.version, grade: 'ordinary', method: 'matrix', likelihood: 4, severity: 4 });
    expect(res.status).toBe(303);
    h = await hazard(id);
    expect([h.state, h.riskLevel, Number(h.riskScore)]).toEqual(['VERIFIED', 'orange', 16]);

    // Assign to fire (lead) + police (support).
    res = await as.supervisor!.post(`/hazards/${id}/assign`, {
      version: h.version,
      leadDepartmentId: fire,
      leadTask: '更换燃气管道接口',
      supportDepartmentIds: [String(psb)],
      [`task_${psb}`]: '协助维护秩序',
      deadline: addDays(today(), 10),
      responsiblePerson: '李四',
    });
    expect(res.status).toBe(303);
    h = await hazard(id);
    expect(h.state).toBe('ASSIGNED');

    // The supporting unit cannot submit completion; the lead can.
    res = await postMultipart(as.police!, `/hazards/${id}/complete`, { version: String(h.version), note: 'x' }, [{ name: 'e.png', bytes: pngBytes() }]);
    expect(res.status).toBe(403);
    res = await postMultipart(as.police!, `/hazards/${id}/support`, { version: String(h.version), text: '已安排民警巡逻' });
    expect(res.status).toBe(303);
    h = await hazard(id);
    res = await postMultipart(as.fire!, `/hazards/${id}/progress`, { version: String(h.version), text: '已关闭阀门，联系燃气公司' }, [{ name: 'p.png', bytes: pngBytes([10, 120, 200]) }]);
    expect(res.status).toBe(303);
    h = await hazard(id);
    expect(h.state).toBe('IN_PROGRESS');
    res = await postMultipart(as.fire!, `/hazards/${id}/complete`, { version: String(h.version), note: '接口已更换' }, [{ name: 'e.png', bytes: pngBytes([20, 160, 60]) }]);
    expect(res.status).toBe(303);
    h = await hazard(id);
    expect(h.state).toBe('RECTIFIED');

    // The acceptance page shows both sets of photos; the supervisor rejects once.
    const page = await as.supervisor!.get(`/hazards/${id}/accept`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/\/photos\/[a-f0-9]{32}/g)!.length).toBeGreaterThanOrEqual(2);
    res = await as.supervisor!.post(`/hazards/${id}/reject`, { version: h.version, reason: '接口处仍有异味' });
    expect(res.status).toBe(303);
    h = await hazard(id);
    expect([h.state, h.rejectionCount]).toEqual(['IN_PROGRESS', 1]);

    res = await postMultipart(as.fire!, `/hazards/${id}/complete`, { version: String(h.version), note: '重新检测合格' }, [{ name: 'e2.png', bytes: pngBytes() }]);
    expect(res.status).toBe(303);
    h = await hazard(id);
    res = await as.supervisor!.post(`/hazards/${id}/accept`, { version: h.version, note: '验收合格' });
    expect(res.status).toBe(303);
    h = await hazard(id);
    res = await as.supervisor!.post(`/hazards/${id}/close`, { version: h.version });
    expect(res.status).toBe(303);
    h = await hazard(id);
    expect(h.state).toBe('CLOSED');

    const history = await ctx.db.select().from(events).where(and(eq(events.entityType, 'hazard'), eq(events.entityId, String(id))));
    expect(history.map((e) => e.action)).toEqual(['reported', 'verified', 'assigned', 'supportReported', 'progress', 'completed', 'rejected', 'completed', 'accepted', 'closed']);

    // The timeline shows every step, and a closed hazard is never edited again.
    const detail = await textOf(await as.supervisor!.get(`/hazards/${id}`));
    for (const word of ['上报隐患', '核实定级', '交办', '退回整改', '验收通过', '销号']) expect(detail).toContain(word);
    res = await as.supervisor!.post(`/hazards/${id}/list`, { version: h.version, reason: '再次督办', level: 'district', listedOn: today() });
    expect(res.status).toBe(409);
  });
});

describe('rules', () => {
  it('search ignores letter case and full-width forms, and finds a word inside the number, location or description', async () => {
    const id = await report(as.officer!, { location: 'Boiler Room Ｂ栋', description: '锅炉房安全阀校验过期' });
    for (const q of ['boiler', 'BOILER room', 'ｂｏｉｌｅｒ', '安全阀', '校验过期']) {
      expect(await (await as.officer!.get(`/hazards?q=${encodeURIComponent(q)}`)).text(), q).toContain(`href="/hazards/${id}"`);
    }
    expect(await (await as.officer!.get(`/hazards?q=${encodeURIComponent('boilers')}`)).text()).not.toContain(`href="/hazards/${id}"`);
  });

  it('text a user typed is escaped in the register rows and on the hazard page', async () => {
    const location = '<img src=x onerror="alert(1)">&甲';
    const id = await report(as.officer!, { location, description: '<script>alert(2)</script>' });
    const register = await (await as.officer!.get('/hazards?q=onerror')).text();
    expect(register).toContain(`href="/hazards/${id}"`);
    expect(register).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;甲');
    expect(register).not.toContain('<img src=x');
    const page = await (await as.officer!.get(`/hazards/${id}`)).text();
    expect(page).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(2)');
  });

  it('another school’s hazard is a 404 for an officer, in pages, photos, search and export', async () => {
    const id = await report(as.officer!, { location: '独有位置甲乙丙' });
    expect((await as.officerB!.get(`/hazards/${id}`)).status).toBe(404);
    const [photo] = await ctx.db.select().from(hazardPhotos).where(eq(hazardPhotos.hazardId, id));
    expect((await as.officerB!.get(`/photos/${photo!.id}`)).status).toBe(404);
    expect((await as.officer!.get(`/photos/${photo!.id}`)).status).toBe(200);
    expect(await (await as.officerB!.get('/hazards?q=独有位置甲乙丙')).text()).not.toContain(`href="/hazards/${id}"`);
    expect(await (await as.officer!.get('/hazards?q=独有位置甲乙丙')).text()).toContain(`href="/hazards/${id}"`);
    expect(await (await as.officerB!.get('/hazards/export.csv?q=独有位置')).text()).not.toContain('独有位置甲乙丙');
    expect(await (await as.officer!.get('/hazards/export.csv?q=独有位置')).text()).toContain('独有位置甲乙丙');
  });

  it('an officer cannot report for another school', async () => {
    const res = await postMultipart(as.officer!, '/hazards', reportFields({ schoolId: String(schoolB.id) }));
    // The officer's own school is always used, whatever the form says.
    expect(res.status).toBe(303);
    const h = await hazard(Number(res.headers.get('location')!.split('/').pop()));
    expect(h.schoolId).toBe(schoolA.id);
  });

  it('bad input: 422 with the values kept, uploaded photos still attached', async () => {
    const res = await postMultipart(as.supervisor!, '/hazards', reportFields({ location: '', categoryId: '999999', description: '保留我写的描述' }), [{ name: 'keep.png', bytes: pngBytes() }]);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('保留我写的描述');
    const kept = html.match(/name="photoIds" value="([a-f0-9]{32})"/);
    expect(kept).not.toBeNull();
    // Resubmitting with the kept photo id attaches it.
    const ok = await postMultipart(as.supervisor!, '/hazards', reportFields({ photoIds: kept![1]! }));
    expect(ok.status).toBe(303);
    const id = Number(ok.headers.get('location')!.split('/').pop());
    expect(await ctx.db.select().from(hazardPhotos).where(eq(hazardPhotos.hazardId, id))).toHaveLength(1);
  });

  it('an unknown category is refused beside the field', async () => {
    const res = await postMultipart(as.supervisor!, '/hazards', reportFields({ categoryId: '999999' }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('请选择有效的隐患类别');
  });

  it('a renamed non-image or an oversized upload is refused and nothing is stored', async () => {
    const before = ctx.storage.keys().length;
    let res = await postMultipart(as.officer!, '/hazards', reportFields(), [{ name: 'photo.png', bytes: new TextEncoder().encode('%PDF-1.4 not an image'), type: 'image/png' }]);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('只能上传 JPEG、PNG 或 WebP 图片');
    res = await postMultipart(as.officer!, '/hazards', reportFields(), [{ name: 'big.png', bytes: new Uint8Array(11 * 1024 * 1024) }]);
    expect(res.status).toBe(413);
    expect(ctx.storage.keys().length).toBe(before);
  });

  it('a double-clicked submit creates one hazard', async () => {
    const fields = reportFields();
    const [a, b] = await Promise.all([postMultipart(as.officer!, '/hazards', fields), postMultipart(as.officer!, '/hazards', fields)]);
    expect(a.headers.get('location')).toBe(b.headers.get('location'));
  });

  it('a deadline in the past is refused, and a stale version gets 409 with the current state', async () => {
    const id = await report(as.officer!);
    let h = await hazard(id);
    await as.supervisor!.post(`/hazards/${id}/verify`, { version: h.version, grade: 'ordinary', method: 'matrix', likelihood: 1, severity: 2 });
    h = await hazard(id);
    let res = await as.supervisor!.post(`/hazards/${id}/assign`, { version: h.version, leadDepartmentId: fire, deadline: addDays(today(), -1), responsiblePerson: '王五' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('日期不能早于今天');
    res = await as.supervisor!.post(`/hazards/${id}/assign`, { version: h.version - 1, leadDepartmentId: fire, deadline: addDays(today(), 3), responsiblePerson: '王五' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('已核实定级');
  });

  it('the one who rectified cannot accept; a major hazard needs the five-in-place plan', async () => {
    const id = await report(as.officer!, { subjectType: 'campus' });
    let h = await hazard(id);
    await as.supervisor!.post(`/hazards/${id}/verify`, { version: h.version, grade: 'major', method: 'matrix', likelihood: 5, severity: 5 });
    h = await hazard(id);
    expect(h.riskLevel).toBe('red');
    await as.supervisor!.post(`/hazards/${id}/assign`, { version: h.version, leadDepartmentId: fire, deadline: addDays(today(), 5), responsiblePerson: '赵六' });
    h = await hazard(id);
    let res = await as.fire!.post(`/hazards/${id}/start`, { version: h.version });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('重大隐患须先落实');
    res = await as.fire!.post(`/hazards/${id}/plan`, { version: h.version, measures: '更换', funds: '2万元', responsiblePerson: '赵六', contingencyPlan: '停用厨房' });
    expect(res.status).toBe(303);
    h = await hazard(id);
    expect((await as.fire!.post(`/hazards/${id}/start`, { version: h.version })).status).toBe(303);
    h = await hazard(id);
    expect((await postMultipart(as.fire!, `/hazards/${id}/complete`, { version: String(h.version), note: '完成' }, [{ name: 'x.png', bytes: pngBytes() }])).status).toBe(303);
    // A department member is not a supervisor: accepting is refused outright.
    h = await hazard(id);
    expect((await as.fire!.post(`/hazards/${id}/accept`, { version: h.version })).status).toBe(403);
  });

  it('fixed on the spot: a supervisor who fixed it cannot accept it, another supervisor can', async () => {
    const id = await report(as.officer!);
    let h = await hazard(id);
    await as.supervisor!.post(`/hazards/${id}/verify`, { version: h.version, grade: 'ordinary', method: 'lec', l: 1, e: 2, c: 3 });
    h = await hazard(id);
    expect(h.riskLevel).toBe('blue');
    const res = await postMultipart(as.supervisor!, `/hazards/${id}/fix-on-spot`, { version: String(h.version), note: '当场关闭阀门' }, [{ name: 'x.png', bytes: pngBytes() }]);
    expect(res.status).toBe(303);
    h = await hazard(id);
    expect(h.state).toBe('RECTIFIED');
    expect((await as.supervisor!.post(`/hazards/${id}/accept`, { version: h.version })).status).toBe(422);
    expect((await as.supervisor2!.post(`/hazards/${id}/accept`, { version: h.version })).status).toBe(303);
  });

  it('the reporter may withdraw while REPORTED, nobody else', async () => {
    const id = await report(as.officer!);
    const h = await hazard(id);
    expect((await as.supervisor!.post(`/hazards/${id}/withdraw`, { version: h.version })).status).toBe(403);
    expect((await as.officer!.post(`/hazards/${id}/withdraw`, { version: h.version })).status).toBe(303);
    expect((await hazard(id)).state).toBe('WITHDRAWN');
  });

  it('the leader reads everything and changes nothing', async () => {
    const id = await report(as.officer!);
    expect((await as.leader!.get(`/hazards/${id}`)).status).toBe(200);
    expect((await as.leader!.get('/hazards')).status).toBe(200);
    expect((await as.leader!.post(`/hazards/${id}/verify`, { version: 1, grade: 'ordinary', method: 'matrix', likelihood: 1, severity: 1 })).status).toBe(403);
    expect((await as.leader!.get('/hazards/new')).status).toBe(403);
  });

  it('queues and the inbox: assignment reaches the department', async () => {
    const id = await report(as.officer!);
    let h = await hazard(id);
    await as.supervisor!.post(`/hazards/${id}/verify`, { version: h.version, grade: 'ordinary', method: 'matrix', likelihood: 2, severity: 2 });
    h = await hazard(id);
    await as.supervisor!.post(`/hazards/${id}/assign`, { version: h.version, leadDepartmentId: psb, deadline: addDays(today(), 2), responsiblePerson: '周七' });
    const home = await as.police!.get('/home/department');
    const text = await home.text();
    expect(text).toContain(h.number);
    const inbox = await textOf(await as.police!.get('/inbox'));
    expect(inbox).toContain(`隐患 ${h.number} 已交办给你们牵头整改`);
    expect(inbox).toContain(`隐患 ${h.number} 将于`);
  });
});

describe('scheduled deadline reminders', () => {
  it('tell the rectifying unit once per hazard and deadline, however often the job runs', async () => {
    const id = await report(as.officer!);
    let h = await hazard(id);
    await as.supervisor!.post(`/hazards/${id}/verify`, { version: h.version, grade: 'ordinary', method: 'matrix', likelihood: 2, severity: 2 });
    h = await hazard(id);
    await as.supervisor!.post(`/hazards/${id}/assign`, { version: h.version, leadDepartmentId: fire, deadline: addDays(today(), 1), responsiblePerson: '吴九' });
    await sendDeadlineReminders(ctx.db, ctx.clock.now());
    await sendDeadlineReminders(ctx.db, ctx.clock.now());
    const soon = await ctx.db.select().from(notifications).where(and(eq(notifications.hazardId, id), eq(notifications.kind, 'deadlineSoon')));
    expect(soon.map((n) => n.departmentId)).toEqual([fire]);
    // Two days later the deadline has passed: one more notice, of the other kind.
    ctx.clock.advance(2 * 86400_000);
    await sendDeadlineReminders(ctx.db, ctx.clock.now());
    ctx.clock.advance(-2 * 86400_000);
    const missed = await ctx.db.select().from(notifications).where(and(eq(notifications.hazardId, id), eq(notifications.kind, 'deadlineMissed')));
    expect(missed).toHaveLength(1);
  });
});
