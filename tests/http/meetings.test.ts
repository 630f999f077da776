import { and, asc, eq, like } from 'drizzle-orm';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agendaItems, events, meetingInvitations, meetingMinutes, meetings, resolutions, supervisionOrders } from '../../src/db/schema/index.js';
import { addDays, shanghaiDate } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeUser } from '../support/factories.js';

let ctx: TestContext;
const as: Record<string, Agent> = {};
let psb: number;
let fire: number;
let counter = 0;

const signedIn = async (role: Parameters<typeof makeUser>[1], options: Parameters<typeof makeUser>[2] = {}) => (await signedInUser(ctx, role, options)).agent;

beforeAll(async () => {
  ctx = await setupTestApp();
  psb = (await departmentByCode(ctx.db, 'PSB')).id;
  fire = (await departmentByCode(ctx.db, 'FIRE')).id;
  as.supervisor = await signedIn('supervisor');
  as.police = await signedIn('department', { departmentId: psb });
  as.fire = await signedIn('department', { departmentId: fire });
  as.leader = await signedIn('leader');
});
afterAll(() => ctx.close());
// A test that moves the clock puts it back.
afterEach(() => ctx.clock.reset());

const inDays = (n: number) => addDays(shanghaiDate(ctx.clock.now()), n);
const form = (overrides: Record<string, string | string[]> = {}) => ({
  number: `2026-T${++counter}`,
  title: '校园安全风险研判会',
  kind: 'regular',
  date: inDays(7),
  startTime: '09:30',
  endTime: '11:30',
  place: '区教育局三楼会议室',
  convener: '区委政法委',
  chair: '王局长',
  departmentIds: [String(psb)],
  ...overrides,
});

async function schedule(overrides: Record<string, string | string[]> = {}): Promise<number> {
  const res = await as.supervisor!.post('/meetings', form(overrides));
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(res.headers.get('location')!.split('/').pop());
}

describe('scheduling', () => {
  it('schedules a meeting, invites the units and records it in history', async () => {
    const id = await schedule();
    const [m] = await ctx.db.select().from(meetings).where(eq(meetings.id, id));
    expect(m!.startsAt.toISOString()).toBe(new Date(`${inDays(7)}T09:30:00+08:00`).toISOString());
    const invited = await ctx.db.select().from(meetingInvitations).where(eq(meetingInvitations.meetingId, id));
    expect(invited.map((i) => i.departmentId)).toEqual([psb]);
    const history = await ctx.db.select().from(events).where(and(eq(events.entityType, 'meeting'), eq(events.entityId, String(id))));
    expect(history.map((e) => e.action)).toEqual(['scheduled']);
  });

  it('refuses an end before the start and a meeting without units, keeping the values', async () => {
    let res = await as.supervisor!.post('/meetings', form({ startTime: '10:00', endTime: '09:00', title: '保留的标题' }));
    expect(res.status).toBe(422);
    let html = await res.text();
    expect(html).toContain('结束时间必须晚于开始时间');
    expect(html).toContain('保留的标题');
    res = await as.supervisor!.post('/meetings', form({ departmentIds: [] }));
    expect(res.status).toBe(422);
    html = await res.text();
    expect(html).toContain('请至少邀请一个成员单位');
  });

  it('a recurring rule creates the series (monthly on the second Tuesday)', async () => {
    const base = `2027-R${++counter}`;
    const res = await as.supervisor!.post('/meetings', form({ number: base, date: '2027-01-01', repeat: 'on', freq: 'monthly', ordinal: '2', weekday: '2', count: '3' }));
    expect(res.status).toBe(303);
    const series = await ctx.db.select().from(meetings).where(like(meetings.number, `${base}-%`)).orderBy(asc(meetings.startsAt));
    expect(series.map((m) => shanghaiDate(m.startsAt))).toEqual(['2027-01-12', '2027-02-09', '2027-03-09']);
    expect(series.map((m) => m.number)).toEqual([`${base}-1`, `${base}-2`, `${base}-3`]);
  });

  it('a changed meeting on a stale version is a 409 showing the current values', async () => {
    const id = await schedule();
    expect((await as.supervisor!.post(`/meetings/${id}`, { ...form({ title: '第一次修改' }), version: '1' })).status).toBe(303);
    const res = await as.supervisor!.post(`/meetings/${id}`, { ...form({ title: '过时的修改' }), version: '1' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('第一次修改');
  });
});

describe('invitations and attendance', () => {
  it('only invited units see the meeting; the leader sees all', async () => {
    const id = await schedule();
    expect((await as.police!.get(`/meetings/${id}`)).status).toBe(200);
    expect((await as.fire!.get(`/meetings/${id}`)).status).toBe(404);
    expect((await as.leader!.get(`/meetings/${id}`)).status).toBe(200);
    expect(await textOf(await as.police!.get('/meetings'))).toContain('校园安全风险研判会');
  });

  it('a unit answers its own invitation; leave needs a reason; another unit cannot answer', async () => {
    const id = await schedule();
    let res = await as.police!.post(`/meetings/${id}/respond`, { response: 'leave', responseNote: '' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('请假须写明理由');
    res = await as.police!.post(`/meetings/${id}/respond`, { response: 'standIn', responseNote: '联络员张三' });
    expect(res.status).toBe(303);
    const [inv] = await ctx.db.select().from(meetingInvitations).where(eq(meetingInvitations.meetingId, id));
    expect([inv!.response, inv!.responseNote]).toEqual(['standIn', '联络员张三']);
    expect((await as.fire!.post(`/meetings/${id}/respond`, { response: 'attending' })).status).toBe(404);
  });

  it('answers close when the meeting starts', async () => {
    const id = await schedule({ date: inDays(0), startTime: '00:00', endTime: '23:59' });
    const res = await as.police!.post(`/meetings/${id}/respond`, { response: 'attending' });
    expect(res.status).toBe(409);
  });

  it('the supervisor records attendance; the sheet shows it', async () => {
    const id = await schedule({ departmentIds: [String(psb), String(fire)] });
    let res = await as.supervisor!.post(`/meetings/${id}/attendance`, { [`attendance_${psb}`]: 'maybe', [`attendee_${psb}`]: '保留的姓名' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('保留的姓名');
    // A unit left "not recorded" stays so: never taken as present.
    res = await as.supervisor!.post(`/meetings/${id}/attendance`, { [`attendance_${psb}`]: 'present', [`attendee_${psb}`]: '赵民警', [`attendance_${fire}`]: '' });
    expect(res.status).toBe(303);
    let sheet = await textOf(await as.supervisor!.get(`/meetings/${id}`));
    expect(sheet).toContain('赵民警');
    expect(sheet).toContain('未记录');
    res = await as.supervisor!.post(`/meetings/${id}/attendance`, { [`attendance_${psb}`]: 'present', [`attendee_${psb}`]: '赵民警', [`attendance_${fire}`]: 'absent' });
    expect(res.status).toBe(303);
    sheet = await textOf(await as.supervisor!.get(`/meetings/${id}`));
    expect(sheet).toContain('缺席');
  });

  it('exports the meeting as iCalendar', async () => {
    const id = await schedule({ title: '日历测试会议' });
    const res = await as.police!.get(`/meetings/${id}/meeting.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const ics = await res.text();
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain('日历测试会议');
    expect(ics).toMatch(/DTSTART[^\r\n]*T013000Z/);
  });
});

describe('resolutions', () => {
  async function decide(meetingId: number, overrides: Record<string, string | string[]> = {}) {
    return as.supervisor!.post(`/meetings/${meetingId}/resolutions`, {
      content: '加强校门口高峰时段护学岗',
      leadDepartmentId: String(psb),
      supportDepartmentIds: [String(fire)],
      deadline: inDays(14),
      feedbackSchedule: 'weekly',
      ...overrides,
    });
  }

  it('refuses a resolution without a lead unit or deadline, keeping the text', async () => {
    const id = await schedule();
    const res = await decide(id, { leadDepartmentId: '', deadline: '', content: '保留的议定内容' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('保留的议定内容');
    expect(html).toContain('此项必填');
  });

  it('units report, the lead reports it done, the supervisor sends back then confirms', async () => {
    const meetingId = await schedule();
    expect((await decide(meetingId)).status).toBe(303);
    const [r] = await ctx.db.select().from(resolutions).where(eq(resolutions.meetingId, meetingId));
    const id = r!.id;
    // Both units see it and were told; a unit not involved does not see it.
    expect(await textOf(await as.police!.get('/inbox'))).toContain('新的议定事项');
    expect((await as.fire!.get(`/resolutions/${id}`)).status).toBe(200);
    const other = await signedIn('department', { departmentId: (await departmentByCode(ctx.db, 'SAMR')).id });
    expect((await other.get(`/resolutions/${id}`)).status).toBe(404);
    // Supporting unit gives feedback; it may not report the whole thing done.
    const version = async () => (await ctx.db.select().from(resolutions).where(eq(resolutions.id, id)))[0]!.version;
    expect((await as.fire!.post(`/resolutions/${id}/feedback`, { version: await version(), action: 'feedback', text: '已配合巡查' })).status).toBe(303);
    expect((await as.fire!.post(`/resolutions/${id}/feedback`, { version: await version(), action: 'reportDone', text: '完成' })).status).toBe(403);
    expect((await as.police!.post(`/resolutions/${id}/feedback`, { version: await version(), action: 'reportDone', text: '护学岗已设立' })).status).toBe(303);
    // Sending back needs a reason.
    let res = await as.supervisor!.post(`/resolutions/${id}/decision`, { version: await version(), action: 'sendBack', text: '' });
    expect(res.status).toBe(422);
    res = await as.supervisor!.post(`/resolutions/${id}/decision`, { version: await version(), action: 'sendBack', text: '请补充照片' });
    expect(res.status).toBe(303);
    expect((await as.police!.post(`/resolutions/${id}/feedback`, { version: await version(), action: 'reportDone', text: '已补充' })).status).toBe(303);
    expect((await as.supervisor!.post(`/resolutions/${id}/decision`, { version: await version(), action: 'confirm', text: '' })).status).toBe(303);
    const [done] = await ctx.db.select().from(resolutions).where(eq(resolutions.id, id));
    expect(done!.status).toBe('done');
    // A done resolution changes no more; a stale version is a 409.
    expect((await as.police!.post(`/resolutions/${id}/feedback`, { version: done!.version, action: 'feedback', text: 'x' })).status).toBe(409);
    expect((await as.supervisor!.post(`/resolutions/${id}/decision`, { version: 1, action: 'cancel' })).status).toBe(409);
    const page = await textOf(await as.police!.get(`/resolutions/${id}`));
    for (const word of ['提交反馈', '报告已办结', '退回继续办理', '确认办结', '已办结']) expect(page).toContain(word);
  });
});

describe('private calendar feed', () => {
  it('a unit subscribes to its meetings by a secret URL; a new URL stops the old one', async () => {
    const id = await schedule({ title: '订阅测试会议' });
    let res = await as.police!.post('/account/calendar-token');
    expect(res.status).toBe(200);
    const url = /https?:\/\/[^<\s]+\/calendar\/[A-Za-z0-9_-]+\.ics/.exec(await res.text())![0];
    const path = new URL(url).pathname;
    const anonymous = ctx.agent();
    res = await anonymous.get(path);
    expect(res.status).toBe(200);
    const ics = await res.text();
    expect(ics).toContain('订阅测试会议');
    expect(ics).toContain(`/meetings/${id}`);
    // The fire brigade is not invited: its feed does not list the meeting.
    const fireFeed = /\/calendar\/[A-Za-z0-9_-]+\.ics/.exec(await (await as.fire!.post('/account/calendar-token')).text())![0];
    expect(await (await anonymous.get(fireFeed)).text()).not.toContain('订阅测试会议');
    // Issuing again replaces the secret.
    await as.police!.post('/account/calendar-token');
    expect((await anonymous.get(path)).status).toBe(404);
  });
});

describe('supervision orders', () => {
  it('issued to a unit, answered by it, followed up, then closed; other units cannot see or answer', async () => {
    let res = await as.supervisor!.post('/supervision-orders', { departmentId: String(psb), requirements: '', deadline: inDays(-1) });
    expect(res.status).toBe(422);
    res = await as.supervisor!.post('/supervision-orders', { departmentId: String(psb), requirements: '三日内清理校门口占道摊贩', deadline: inDays(3) });
    expect(res.status).toBe(303);
    const id = Number(res.headers.get('location')!.split('/').pop());
    const version = async () => (await ctx.db.select().from(supervisionOrders).where(eq(supervisionOrders.id, id)))[0]!.version;
    expect(await textOf(await as.police!.get('/home/department'))).toContain('三日内清理校门口占道摊贩');
    expect((await as.fire!.get(`/supervision-orders/${id}`)).status).toBe(404);
    expect((await as.fire!.post(`/supervision-orders/${id}/reply`, { version: await version(), reply: 'x' })).status).toBe(404);
    expect((await as.police!.post(`/supervision-orders/${id}/reply`, { version: await version(), reply: '已清理' })).status).toBe(303);
    // A follow-up needs a note and reopens the order.
    expect((await as.supervisor!.post(`/supervision-orders/${id}/check`, { version: await version(), result: 'followUp', checkNote: '' })).status).toBe(422);
    expect((await as.supervisor!.post(`/supervision-orders/${id}/check`, { version: await version(), result: 'followUp', checkNote: '请附照片' })).status).toBe(303);
    expect((await ctx.db.select().from(supervisionOrders).where(eq(supervisionOrders.id, id)))[0]!.status).toBe('open');
    expect((await as.police!.post(`/supervision-orders/${id}/reply`, { version: await version(), reply: '已附照片' })).status).toBe(303);
    expect((await as.supervisor!.post(`/supervision-orders/${id}/check`, { version: await version(), result: 'satisfied' })).status).toBe(303);
    const [closed] = await ctx.db.select().from(supervisionOrders).where(eq(supervisionOrders.id, id));
    expect(closed!.status).toBe('closed');
    expect((await as.police!.post(`/supervision-orders/${id}/reply`, { version: closed!.version, reply: 'x' })).status).toBe(409);
    const history = await ctx.db.select().from(events).where(and(eq(events.entityType, 'supervisionOrder'), eq(events.entityId, String(id))));
    expect(history.map((e) => e.action)).toEqual(['issued', 'answered', 'followUp', 'answered', 'satisfied']);
  });
});

describe('agenda', () => {
  it('a unit proposes a topic; the supervisor proposes, arranges and publishes the agenda; it freezes at the start', async () => {
    const id = await schedule({ date: inDays(1) });
    const refused = await as.police!.post(`/meetings/${id}/topics`, { title: '', text: '保留的议题说明' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('保留的议题说明');
    expect((await as.police!.post(`/meetings/${id}/topics`, { title: '校门口交通疏导人手不足', text: '建议教育、交警联合排班' })).status).toBe(303);
    expect((await as.fire!.post(`/meetings/${id}/topics`, { title: '未受邀单位' })).status).toBe(404);
    // Before publication the unit sees its own topic (so it knows it arrived), not the draft agenda.
    const own = await textOf(await as.police!.get(`/meetings/${id}`));
    expect(own).toContain('本单位提出的议题');
    expect(own).toContain('校门口交通疏导人手不足');
    expect((await as.supervisor!.post(`/meetings/${id}/agenda`, { action: 'propose' })).status).toBe(303);
    let items = await ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, id)).orderBy(asc(agendaItems.position));
    expect(items.some((i) => i.kind === 'topic' && i.title.includes('校门口交通疏导人手不足'))).toBe(true);
    const empty = await as.supervisor!.post(`/meetings/${id}/agenda`, { action: 'add', title: '  ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toMatch(/id="agenda-new-title-error"[^>]*>[^<]+</);
    expect((await as.supervisor!.post(`/meetings/${id}/agenda`, { action: 'add', title: '其他事项：寒假安全教育' })).status).toBe(303);
    items = await ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, id)).orderBy(asc(agendaItems.position));
    const last = items[items.length - 1]!;
    expect(last.title).toBe('其他事项：寒假安全教育');
    expect((await as.supervisor!.post(`/meetings/${id}/agenda/${last.id}`, { change: 'up' })).status).toBe(303);
    items = await ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, id)).orderBy(asc(agendaItems.position));
    expect(items[items.length - 2]!.id).toBe(last.id);
    expect((await as.supervisor!.post(`/meetings/${id}/agenda/${last.id}`, { change: 'remove' })).status).toBe(303);
    // Before publication the units do not see the agenda; after it they do, and are told.
    expect(await textOf(await as.police!.get(`/meetings/${id}`))).not.toContain('会议议程');
    expect((await as.supervisor!.post(`/meetings/${id}/agenda`, { action: 'publish' })).status).toBe(303);
    expect(await textOf(await as.police!.get(`/meetings/${id}`))).toContain('会议议程');
    expect(await textOf(await as.police!.get('/inbox'))).toContain('的议程已发布');
    // Once the meeting has started the agenda is frozen.
    ctx.clock.advance(2 * 86400_000);
    expect((await as.supervisor!.post(`/meetings/${id}/agenda`, { action: 'add', title: '迟到的议题' })).status).toBe(409);
    // Minutes only for a meeting that sat: it began late, and the supervisor opens it then.
    expect((await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'draft' })).status).toBe(409);
    expect((await as.supervisor!.post(`/meetings/${id}/open`)).status).toBe(303);
    // What was decided on an item is noted during the meeting and goes into the minutes' draft.
    const first = (await ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, id)).orderBy(asc(agendaItems.position)))[0]!;
    expect((await as.supervisor!.post(`/meetings/${id}/agenda/${first.id}`, { change: 'note', note: '会议同意由交警大队牵头排班' })).status).toBe(303);
    expect((await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'draft' })).status).toBe(303);
    const [minutes] = await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, id));
    expect(minutes!.body).toContain('会议同意由交警大队牵头排班');
  });
});

describe('minutes', () => {
  it('drafted once the sitting was opened, edited, issued with a number after it was closed, then frozen (addenda only); units see it only once issued', async () => {
    const id = await schedule({ title: '纪要测试会议', date: inDays(1) });
    await as.supervisor!.post(`/meetings/${id}/resolutions`, { content: '落实校门口护学岗', leadDepartmentId: String(psb), deadline: inDays(10), feedbackSchedule: 'once' });
    expect((await as.police!.get(`/meetings/${id}/minutes`)).status).toBe(404);
    // A meeting that never sat has no minutes.
    const early = await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'draft' });
    expect(early.status).toBe(409);
    expect(await textOf(early)).toContain('会议尚未召开');
    expect(await textOf(await as.supervisor!.get(`/meetings/${id}/minutes`))).toContain('会议尚未召开');
    expect((await as.supervisor!.post(`/meetings/${id}/open`)).status).toBe(303);
    expect((await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'draft' })).status).toBe(303);
    let [m] = await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, id));
    expect(m!.body).toContain('纪要测试会议纪要');
    expect(m!.body).toContain('会议议定如下');
    expect(m!.body).toContain('落实校门口护学岗');
    // Nobody recorded attendance: the draft says so instead of listing the units as present.
    expect(m!.body).toContain('出席情况未记录');
    expect((await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'save', version: m!.version, body: m!.body + '\n（已审定）' })).status).toBe(303);
    expect((await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'save', version: m!.version, body: '过时的修改' })).status).toBe(409);
    [m] = await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, id));
    const typed = `${m!.body}\n（主持人最后补充的一句）`;
    const number = `浈教安纪〔2026〕${id}号`;

    // Not closed yet: refused, and the typed text comes back.
    let res = await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'issue', version: m!.version, documentNumber: number, body: typed });
    expect(res.status).toBe(409);
    let html = await res.text();
    expect(html).toContain('会议尚未结束');
    expect(html).toContain('（主持人最后补充的一句）');
    expect((await as.supervisor!.post(`/meetings/${id}/close`)).status).toBe(303);
    expect(await textOf(await as.supervisor!.get(`/meetings/${id}`))).toContain('已召开');

    // Without a number: 422 naming the field, the typed text kept, and no "cannot change" question.
    res = await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'issue', version: m!.version, documentNumber: '', body: typed });
    expect(res.status).toBe(422);
    html = await res.text();
    expect(html).toContain('（主持人最后补充的一句）');
    expect(await textOf(new Response(html))).toContain('文号');
    expect(html).not.toContain('确认印发');
    // Valid: the question comes first (the text travels with it), then the issue.
    res = await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'issue', version: m!.version, documentNumber: number, body: typed });
    expect(res.status).toBe(200);
    html = await res.text();
    expect(html).toContain('确认印发');
    expect(html).toContain('（主持人最后补充的一句）');
    expect((await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, id)))[0]!.status).toBe('draft');
    res = await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'edit', version: m!.version, documentNumber: number, body: typed });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('（主持人最后补充的一句）');
    res = await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'issue', confirm: '1', version: m!.version, documentNumber: number, body: typed });
    expect(res.status).toBe(303);
    [m] = await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, id));
    expect([m!.status, m!.documentNumber]).toEqual(['issued', number]);
    expect(m!.body).toContain('（主持人最后补充的一句）');
    // Issued: frozen; corrections are addenda; nothing more is added to the meeting.
    expect((await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'save', version: m!.version, body: '改' })).status).toBe(409);
    expect((await as.supervisor!.post(`/meetings/${id}/resolutions`, { content: '会后补加的事项', leadDepartmentId: String(psb), deadline: inDays(10), feedbackSchedule: 'once' })).status).toBe(409);
    expect((await as.supervisor!.post(`/meetings/${id}/attendance`, { [`attendance_${psb}`]: 'present' })).status).toBe(409);
    expect((await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'addendum', addendum: '更正：时限改为月底' })).status).toBe(303);
    const page = await textOf(await as.police!.get(`/meetings/${id}/minutes`));
    expect(page).toContain(number);
    expect(page).toContain('（已审定）');
    expect(page).toContain('更正：时限改为月底');
    const file = await as.police!.get(`/meetings/${id}/minutes.txt`);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('落实校门口护学岗');
  });
});

describe('minutes edited by two supervisors', () => {
  it('a redraft or a save over a version someone else has saved since is refused (409) with their text shown; nothing is overwritten', async () => {
    const id = await schedule({ title: '两人修改纪要' });
    // Minutes are for a meeting that sat: the sitting was opened.
    await ctx.db.update(meetings).set({ openedAt: ctx.clock.now() }).where(eq(meetings.id, id));
    const other = await signedIn('supervisor');
    expect((await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'draft' })).status).toBe(303);
    const [opened] = await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, id));
    // Both have the page open at this version; the other supervisor saves an edit first.
    expect((await other.post(`/meetings/${id}/minutes`, { action: 'save', version: opened!.version, body: opened!.body + '\n另一位监管人员补充的内容' })).status).toBe(303);

    const redraft = await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'draft', version: opened!.version });
    expect(redraft.status).toBe(409);
    const page = await textOf(redraft);
    expect(page).toContain(zhCN['minutes.currentText']);
    expect(page).toContain('另一位监管人员补充的内容');
    const save = await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'save', version: opened!.version, body: '我的修改' });
    expect(save.status).toBe(409);
    const saveText = await textOf(save);
    expect(saveText).toContain('另一位监管人员补充的内容');
    expect(saveText).toContain('我的修改');
    // A first draft that someone else created meanwhile is not replaced either.
    expect((await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'draft' })).status).toBe(409);

    const [now] = await ctx.db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, id));
    expect(now!.body).toContain('另一位监管人员补充的内容');
    expect(now!.version).toBe(opened!.version + 1);
    // With the current version, a redraft goes through.
    expect((await as.supervisor!.post(`/meetings/${id}/minutes`, { action: 'draft', version: now!.version })).status).toBe(303);
  });
});

describe('cancelling', () => {
  it('the supervisor calls a meeting off with a reason; the units are told and nothing more can happen in it', async () => {
    const id = await schedule({ date: inDays(3) });
    let [m] = await ctx.db.select().from(meetings).where(eq(meetings.id, id));
    const empty = await as.supervisor!.post(`/meetings/${id}/cancel`, { version: m!.version, reason: ' ' });
    expect(empty.status).toBe(422);
    expect(await textOf(empty)).toContain('请填写理由');
    expect((await as.police!.post(`/meetings/${id}/cancel`, { version: m!.version, reason: '越权' })).status).toBe(403);
    const res = await as.supervisor!.post(`/meetings/${id}/cancel`, { version: m!.version, reason: '与市级会议冲突，改期另行通知' });
    expect(res.status).toBe(303);
    [m] = await ctx.db.select().from(meetings).where(eq(meetings.id, id));
    expect([m!.status, m!.cancelReason]).toEqual(['cancelled', '与市级会议冲突，改期另行通知']);
    expect(await textOf(await as.police!.get('/inbox'))).toContain('已取消：与市级会议冲突，改期另行通知');
    const page = await textOf(await as.police!.get(`/meetings/${id}`));
    expect(page).toContain('会议已取消。原因：与市级会议冲突，改期另行通知');
    expect(await (await as.police!.get(`/meetings/${id}/meeting.ics`)).text()).toContain('STATUS:CANCELLED');
    // Nothing more happens in a cancelled meeting.
    expect((await as.police!.post(`/meetings/${id}/respond`, { response: 'attending' })).status).toBe(409);
    expect((await as.supervisor!.post(`/meetings/${id}/agenda`, { action: 'add', title: '不应加入' })).status).toBe(409);
    expect((await as.supervisor!.post(`/meetings/${id}/open`)).status).toBe(409);
    expect((await as.supervisor!.post(`/meetings/${id}/cancel`, { version: m!.version, reason: '再次取消' })).status).toBe(409);
    const history = await ctx.db.select().from(events).where(and(eq(events.entityType, 'meeting'), eq(events.entityId, String(id)), eq(events.action, 'cancelled')));
    expect(history).toHaveLength(1);
  });

  it('a meeting that has started cannot be cancelled', async () => {
    const id = await schedule({ date: inDays(1) });
    const [m] = await ctx.db.select().from(meetings).where(eq(meetings.id, id));
    ctx.clock.advance(3 * 86400_000);
    const res = await as.supervisor!.post(`/meetings/${id}/cancel`, { version: m!.version, reason: '太迟了' });
    expect(res.status).toBe(409);
  });
});
