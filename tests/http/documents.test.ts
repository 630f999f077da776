// Numbered official documents: numbers per kind and year from the administrator's prefixes, typed numbers
// checked against the kind's pattern, unique; the print pages; meeting numbers of a series across a year.
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { documentNumbers, meetingMinutes, meetings, supervisionOrders } from '../../src/db/schema/index.js';
import { addDays, shanghaiDate } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode } from '../support/factories.js';

let ctx: TestContext;
let supervisor: Agent;
let police: Agent;
let fire: Agent;
let admin: Agent;
let psb: number;

beforeAll(async () => {
  ctx = await setupTestApp();
  psb = (await departmentByCode(ctx.db, 'PSB')).id;
  supervisor = (await signedInUser(ctx, 'supervisor')).agent;
  admin = (await signedInUser(ctx, 'admin')).agent;
  police = (await signedInUser(ctx, 'department', { departmentId: psb })).agent;
  fire = (await signedInUser(ctx, 'department', { departmentId: (await departmentByCode(ctx.db, 'FIRE')).id })).agent;
});
afterAll(() => ctx.close());
afterEach(() => ctx.clock.reset());

const today = () => shanghaiDate(ctx.clock.now());
const year = () => Number(today().slice(0, 4));

async function issueOrder(fields: Record<string, string> = {}, as: Agent = supervisor) {
  return as.post('/supervision-orders', { departmentId: String(psb), requirements: '校门口增设护学岗，上下学时段安排民警值守', deadline: addDays(today(), 14), ...fields });
}

async function orderNumber(res: Response): Promise<string | null> {
  expect(res.status, await res.clone().text()).toBe(303);
  const id = Number(res.headers.get('location')!.split('/').pop());
  const [o] = await ctx.db.select({ n: supervisionOrders.documentNumber }).from(supervisionOrders).where(eq(supervisionOrders.id, id));
  return o!.n;
}

describe('supervision order numbers', () => {
  it('are generated per kind and year, one after the other, from the default prefix', async () => {
    const first = await orderNumber(await issueOrder());
    const second = await orderNumber(await issueOrder());
    const seq = Number(/〕(\d+)号$/.exec(first!)![1]);
    expect(first).toBe(`浈教安督〔${year()}〕${seq}号`);
    expect(second).toBe(`浈教安督〔${year()}〕${seq + 1}号`);
    // Minutes have their own sequence: orders do not move it.
    const kinds = await ctx.db.select().from(documentNumbers).where(eq(documentNumbers.number, second!));
    expect(kinds.map((k) => [k.kind, k.year, k.seq])).toEqual([['order', year(), seq + 1]]);
  });

  it('take the year in Shanghai: 1 January 00:30 there (still 31 December in UTC) starts the next year at 1', async () => {
    const next = year() + 1;
    ctx.clock.set(new Date(`${next - 1}-12-31T16:30:00Z`));
    // Signed in at that time: a month of idleness would have ended the other sessions.
    const late = (await signedInUser(ctx, 'supervisor')).agent;
    expect(await orderNumber(await issueOrder({}, late))).toBe(`浈教安督〔${next}〕1号`);
    expect(await orderNumber(await issueOrder({}, late))).toBe(`浈教安督〔${next}〕2号`);
  });

  it('typed by hand must match the pattern: other brackets, 第, a leading zero or another year are refused with 422, the text kept', async () => {
    for (const bad of [`浈教安督[${year()}]50号`, `浈教安督〔${year()}〕第50号`, `浈教安督〔${year()}〕050号`, `浈教安纪〔${year()}〕50号`, `浈教安督〔${year() - 1}〕50号`]) {
      const res = await issueOrder({ documentNumber: bad, requirements: '保留的督办要求' });
      expect(res.status, bad).toBe(422);
      const html = await res.text();
      const text = await textOf(new Response(html));
      expect(text).toContain('文号');
      expect(html).toContain('保留的督办要求');
      expect(html).toContain(bad.replace(/&/g, '&amp;'));
    }
    expect(await ctx.db.select().from(supervisionOrders).where(eq(supervisionOrders.requirements, '保留的督办要求'))).toEqual([]);
  });

  it('typed by hand is used when it fits, and a number given before is refused (422) — unique across kinds', async () => {
    const typed = `浈教安督〔${year()}〕500号`;
    expect(await orderNumber(await issueOrder({ documentNumber: typed }))).toBe(typed);
    const again = await issueOrder({ documentNumber: typed, requirements: '重复文号的督办单' });
    expect(again.status).toBe(422);
    expect(await textOf(again)).toContain('已被使用');
    // The next generated number follows the highest taken.
    expect(await orderNumber(await issueOrder())).toBe(`浈教安督〔${year()}〕501号`);
    // The database refuses a second document with the same number whatever the code does.
    await expect(ctx.db.insert(documentNumbers).values({ number: typed, kind: 'minutes', year: year(), seq: 999 })).rejects.toThrow();
    await expect(ctx.db.insert(documentNumbers).values({ number: `X〔${year()}〕501号`, kind: 'order', year: year(), seq: 501 })).rejects.toThrow();
  });
});

describe('orders issued at the same moment', () => {
  it('get consecutive numbers, none twice (on a server database the losers of the race retry)', async () => {
    const numbers = await Promise.all(Array.from({ length: 5 }, (_, i) => issueOrder({ requirements: `同时发出的督办单${i}` }).then(orderNumber)));
    const seqs = numbers.map((n) => Number(/〕(\d+)号$/.exec(n!)![1])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(5);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });
});

describe('the order print page', () => {
  it('shows the order in the official layout to whoever may see it, and to nobody else', async () => {
    const res = await issueOrder({ requirements: '对校门口交通秩序开展专项整治' });
    const number = await orderNumber(res);
    const path = `${res.headers.get('location')}/print`;
    const text = await textOf(await police.get(path));
    for (const expected of ['浈江区教育局', number!, '督办单', '对校门口交通秩序开展专项整治', '抄送', '浈江区教育局办公室', '印发']) expect(text).toContain(expected);
    expect(await textOf(await police.get(res.headers.get('location')!))).toContain('打印');
    expect((await fire.get(path)).status).toBe(404);
  });
});

describe('minutes numbers', () => {
  async function closedMeetingWithDraft(number: string) {
    const res = await supervisor.post('/meetings', { number, title: '文号测试会议', kind: 'regular', date: today(), startTime: '09:00', endTime: '09:30', place: '区教育局', departmentIds: [String(psb)] });
    expect(res.status, await res.clone().text()).toBe(303);
    const id = Number(res.headers.get('location')!.split('/').pop());
    expect((await supervisor.post(`/meetings/${id}/open`)).status).toBe(303);
    expect((await supervisor.post(`/meetings/${id}/close`)).status).toBe(303);
    expect((await supervisor.post(`/meetings/${id}/minutes`, { action: 'draft' })).status).toBe(303);
    const [m] = await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, id));
    return { id, version: m!.version, body: `${m!.body}\n（会后补充的一句）` };
  }

  it('the next number is offered; a number not matching the pattern is refused before the question, the typed text kept; issued minutes print in the layout', async () => {
    const { id, version, body } = await closedMeetingWithDraft('文号测试-1');
    const offered = `浈教安纪〔${year()}〕1号`;
    expect(await (await supervisor.get(`/meetings/${id}/minutes`)).text()).toContain(`value="${offered}"`);
    let res = await supervisor.post(`/meetings/${id}/minutes`, { action: 'issue', version, documentNumber: `浈教安纪(${year()})1号`, body });
    expect(res.status).toBe(422);
    let html = await res.text();
    expect(html).toContain('（会后补充的一句）');
    expect(await textOf(new Response(html))).toContain('文号格式不符');
    expect(html).not.toContain('确认印发');
    // Without a number: 422 naming the field, the text kept (as before numbering).
    res = await supervisor.post(`/meetings/${id}/minutes`, { action: 'issue', version, documentNumber: '', body });
    expect(res.status).toBe(422);
    html = await res.text();
    expect(html).toContain('（会后补充的一句）');
    expect(await textOf(new Response(html))).toContain('请填写文号');
    res = await supervisor.post(`/meetings/${id}/minutes`, { action: 'issue', confirm: '1', version, documentNumber: offered, body });
    expect(res.status).toBe(303);
    const page = await textOf(await police.get(`/meetings/${id}/minutes`));
    for (const expected of ['浈江区校园安全工作联席会议纪要', offered, '文号测试会议纪要', '（会后补充的一句）', '抄送', '印发']) expect(page).toContain(expected);

    // A second meeting's minutes: the next number is offered; the first one's is refused.
    const second = await closedMeetingWithDraft('文号测试-2');
    expect(await (await supervisor.get(`/meetings/${second.id}/minutes`)).text()).toContain(`value="浈教安纪〔${year()}〕2号"`);
    res = await supervisor.post(`/meetings/${second.id}/minutes`, { action: 'issue', version: second.version, documentNumber: offered, body: second.body });
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain('已被使用');
  });
});

describe('the prefixes are the administrator’s', () => {
  it('a changed prefix numbers the next documents; a prefix with brackets or digits is refused with the values kept', async () => {
    const page = await textOf(await admin.get('/admin/documents'));
    expect(page).toContain('浈教安督');
    const fields = { prefixMinutes: '浈教安纪', prefixOrder: '浈教督', mastheadMinutes: '浈江区校园安全工作联席会议纪要', mastheadOrder: '浈江区教育局', issuer: '浈江区教育局', copyTo: '区委政法委', printedBy: '浈江区教育局办公室' };
    let res = await admin.post('/admin/documents', { ...fields, prefixOrder: '浈教〔督〕', issuer: '保留的署名' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('保留的署名');
    expect(await textOf(new Response(html))).toContain('前缀只能由');
    res = await admin.post('/admin/documents', { ...fields, prefixOrder: '浈教安纪' });
    expect(res.status).toBe(422);
    res = await admin.post('/admin/documents', fields);
    expect(res.status).toBe(303);
    expect(await orderNumber(await issueOrder())).toMatch(new RegExp(`^浈教督〔${year()}〕\\d+号$`));
    // Back to the defaults for the other tests of this file.
    expect((await admin.post('/admin/documents', { ...fields, prefixOrder: '浈教安督' })).status).toBe(303);
  });
});

describe('meeting numbers of a recurring series', () => {
  it('go on within the year and restart at 第1次 in the next ("2027年第1次"); a number of another year is refused', async () => {
    const y = year() + 1; // a year no other meeting of this file is numbered in
    const form = { title: '月度研判会', kind: 'regular', startTime: '09:30', endTime: '11:30', place: '区教育局', departmentIds: [String(psb)], repeat: 'on', freq: 'monthly', ordinal: '2', weekday: '2', count: '3' };
    let res = await supervisor.post('/meetings', { ...form, number: `${y}年第10次`, date: `${y}-11-01` });
    expect(res.status, await res.clone().text()).toBe(303);
    const series = await ctx.db.select({ number: meetings.number, startsAt: meetings.startsAt }).from(meetings).where(like(meetings.title, '月度研判会')).orderBy(asc(meetings.startsAt));
    // Second Tuesdays of November, December and the next January.
    expect(series.map((m) => shanghaiDate(m.startsAt).slice(0, 7))).toEqual([`${y}-11`, `${y}-12`, `${y + 1}-01`]);
    expect(series.map((m) => m.number)).toEqual([`${y}年第10次`, `${y}年第11次`, `${y + 1}年第1次`]);
    res = await supervisor.post('/meetings', { ...form, title: '年份不符', number: `${y}年第20次`, date: `${y + 2}-01-01` });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(await textOf(new Response(html))).toContain('会议编号中的年份');
    expect(html).toContain('年份不符');
  });
});
