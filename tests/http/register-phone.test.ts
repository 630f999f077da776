// The register and the home pages on a phone (issue 13): the result count (exact up to 1,000, "1,000+"
// beyond), the active filters as chips that each drop one filter, and home pages that show what changed
// for the user first.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazardCategories, hazards } from '../../src/db/schema/index.js';
import { addDays, shanghaiDate, shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool } from '../support/factories.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

let ctx: TestContext;
let school: { id: number };
let crowded: { id: number };
let categoryId: number;
let fire: number;
let officer: Agent;
let supervisor: Agent;
let fireUnit: Agent;

const hazard = async (id: number) => (await ctx.db.select().from(hazards).where(eq(hazards.id, id)))[0]!;
const partial = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

beforeAll(async () => {
  ctx = await setupTestApp();
  school = await makeSchool(ctx.db);
  crowded = await makeSchool(ctx.db);
  fire = (await departmentByCode(ctx.db, 'FIRE')).id;
  categoryId = (await ctx.db.select().from(hazardCategories).where(eq(hazardCategories.code, 'FIRE')))[0]!.id;
  officer = (await signedInUser(ctx, 'officer', { schoolId: school.id })).agent;
  supervisor = (await signedInUser(ctx, 'supervisor')).agent;
  fireUnit = (await signedInUser(ctx, 'department', { departmentId: fire })).agent;
});
afterAll(() => ctx.close());

async function report(location: string): Promise<number> {
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

/** Verified and assigned to the fire brigade through the app, as the bureau does it. */
async function assignToFire(id: number, days = 10): Promise<void> {
  let res = await supervisor.post(`/hazards/${id}/verify`, { version: (await hazard(id)).version, grade: 'ordinary', method: 'matrix', likelihood: 3, severity: 3 });
  expect(res.status).toBe(303);
  res = await supervisor.post(`/hazards/${id}/assign`, { version: (await hazard(id)).version, leadDepartmentId: fire, deadline: addDays(shanghaiDate(ctx.clock.now()), days), responsiblePerson: '李四' });
  expect(res.status).toBe(303);
}

/** The text of one home-page queue (its panel), found by its heading. */
function queueText(page: string, heading: string): string {
  const panels = page.split('<section class="panel queue">').slice(1);
  const panel = panels.find((p) => p.includes(heading));
  if (!panel) throw new Error(`no queue headed ${heading}`);
  return panel.split('</section>')[0]!;
}

describe('the register counts its results and shows the active filters as chips', () => {
  it('counts exactly, and each chip is a link to the register without that one filter', async () => {
    await report('图书馆消防通道');
    const res = await officer.get('/hazards?state=REPORTED&q=%E5%9B%BE%E4%B9%A6%E9%A6%86&sort=deadline');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(await textOf(new Response(page))).toContain('共 1 条');
    // The chips name the filter and its value; dropping one keeps the others (and the sort).
    expect(page).toMatch(/<a class="chip" href="\/hazards\?q=%E5%9B%BE%E4%B9%A6%E9%A6%86&amp;sort=deadline"[^>]*>状态：已上报/);
    expect(page).toMatch(/<a class="chip" href="\/hazards\?state=REPORTED&amp;sort=deadline"[^>]*>搜索编号、位置或描述：图书馆/);
    // The filters are folded behind a 筛选 button (a <details>, which works without JavaScript).
    expect(page).toMatch(/<details class="filter-panel"><summary class="button">筛选<\/summary>/);
    // No filter, no chips.
    expect(await (await officer.get('/hazards')).text()).not.toContain('class="chip"');
  });

  it('the results swapped in by htmx carry the count and the chips too', async () => {
    const res = await officer.get('/hazards?state=REPORTED', partial);
    const fragment = await res.text();
    expect(fragment.startsWith('<div id="register-results">')).toBe(true);
    expect(fragment).toContain('共 1 条');
    expect(fragment).toMatch(/<a class="chip" href="\/hazards"[^>]*>状态：已上报/);
  });

  it('says "1,000+" beyond 1,000 matches, and the exact number up to it', async () => {
    const [original] = await ctx.db.select().from(hazards).where(eq(hazards.schoolId, school.id)).limit(1);
    const { id: _id, number: _n, seq: _s, submissionKey: _k, ...copy } = original!;
    await ctx.db.insert(hazards).values(Array.from({ length: 1000 }, (_, i) => ({ ...copy, schoolId: crowded.id, number: `CNT-${i}`, seq: 800000 + i })));
    expect(await textOf(await supervisor.get(`/hazards?school=${crowded.id}`))).toContain('共 1,000 条');
    expect(await textOf(await supervisor.get('/hazards'))).toContain('共 1,000+ 条');
  });
});

describe('home pages show what changed for the user first', () => {
  it('a unit sees its newly assigned hazards first, newest first, not only the oldest overdue', async () => {
    const older = await report('旧实验楼配电间');
    await assignToFire(older, 1);
    // The older one is started and later overdue; the new one arrives afterwards.
    const res = await postMultipart(fireUnit, `/hazards/${older}/progress`, { version: String((await hazard(older)).version), text: '已开始' });
    expect(res.status).toBe(303);
    const fresh = await report('新食堂燃气间');
    await assignToFire(fresh, 30);

    const page = await (await fireUnit.get('/home/department')).text();
    const first = page.split('<section class="panel queue">')[1]!;
    expect(first).toContain('新交办给我们、待开始整改');
    expect(first).toContain((await hazard(fresh)).number);
    expect(first).not.toContain((await hazard(older)).number);
    // The unit's hazard queues come before its supervision orders and its own details.
    expect(page.indexOf('新交办给我们')).toBeLessThan(page.indexOf('我们牵头、待整改'));
  });

  it("an officer's 待我办理 holds what needs the school's action, not its reports waiting for the bureau", async () => {
    const waiting = await report('操场看台栏杆');
    const page = await (await officer.get('/home/officer')).text();
    const number = (await hazard(waiting)).number;
    expect(queueText(page, '待我办理')).not.toContain(number);
    expect(queueText(page, '本校上报、待区教育局核实')).toContain(number);
    // The school's own work comes first.
    expect(page.indexOf('待我办理')).toBeLessThan(page.indexOf('本校上报、待区教育局核实'));
  });
});
