/**
 * Work is never lost, and every refusal says what to fix: a refused action form comes back on the page
 * that holds it, with the message beside the field (named in the summary) and what was typed; saves say
 * what they did; an empty agenda is not published; the live page before the sitting says so.
 */
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hazards, meetingInvitations, meetings } from '../../src/db/schema/index.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { addDays, shanghaiDate, shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool } from '../support/factories.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

let ctx: TestContext;
const as: Record<string, Agent> = {};
let schoolId: number;
let categoryId: number;
let fire: number;
let supervisorId: string;
let counter = 0;

const hazard = async (id: number) => (await ctx.db.select().from(hazards).where(eq(hazards.id, id)))[0]!;
const today = () => shanghaiDate(ctx.clock.now());
/** "退回理由：此项必填。" — the summary line that names the field. */
const named = (label: keyof typeof zhCN, message: keyof typeof zhCN = 'validation.required') => `${zhCN[label]}：${zhCN[message]}`;

beforeAll(async () => {
  ctx = await setupTestApp();
  schoolId = (await makeSchool(ctx.db)).id;
  fire = (await departmentByCode(ctx.db, 'FIRE')).id;
  const rows = await ctx.db.execute(`SELECT id FROM hazard_categories WHERE code = 'FIRE'` as never);
  categoryId = ((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as { id: number }).id;
  as.officer = (await signedInUser(ctx, 'officer', { schoolId })).agent;
  const supervisor = await signedInUser(ctx, 'supervisor');
  as.supervisor = supervisor.agent;
  supervisorId = supervisor.user.id;
  as.fire = (await signedInUser(ctx, 'department', { departmentId: fire })).agent;
});
afterAll(() => ctx.close());
afterEach(() => ctx.clock.reset());

/** A hazard reported, verified (graded ordinary, likelihood × severity) and assigned to the fire brigade. */
async function assignedHazard(likelihood = 2, severity = 2): Promise<number> {
  const res = await postMultipart(
    as.officer!,
    '/hazards',
    { subjectType: 'campus', schoolId: String(schoolId), location: '实验楼二层走廊', categoryId: String(categoryId), description: '灭火器过期', source: 'self_check', foundAt: shanghaiInputValue(new Date(ctx.clock.now().getTime() - 5 * 60_000)), foundBy: '张三', submissionKey: crypto.randomUUID() },
    [{ name: 'a.png', bytes: pngBytes() }],
  );
  expect(res.status).toBe(303);
  const id = Number(res.headers.get('location')!.split('/').pop());
  expect((await as.supervisor!.post(`/hazards/${id}/verify`, { version: (await hazard(id)).version, grade: 'ordinary', method: 'matrix', likelihood, severity })).status).toBe(303);
  const assigned = await as.supervisor!.post(`/hazards/${id}/assign`, { version: (await hazard(id)).version, leadDepartmentId: fire, deadline: addDays(today(), 10), responsiblePerson: '李四' });
  expect(assigned.status).toBe(303);
  return id;
}

/** Assigned, and the lead unit has started rectifying. */
async function startedHazard(): Promise<number> {
  const id = await assignedHazard();
  expect((await as.fire!.post(`/hazards/${id}/start`, { version: (await hazard(id)).version })).status).toBe(303);
  return id;
}

async function rectifiedHazard(): Promise<number> {
  const id = await startedHazard();
  const res = await postMultipart(as.fire!, `/hazards/${id}/complete`, { version: String((await hazard(id)).version), note: '已更换灭火器' }, [{ name: 'e.png', bytes: pngBytes([20, 160, 60]) }]);
  expect(res.status).toBe(303);
  expect((await hazard(id)).state).toBe('RECTIFIED');
  return id;
}

describe('hazard action forms', () => {
  it('a rejection without a reason comes back on the acceptance page, the reject form named and open', async () => {
    const id = await rectifiedHazard();
    const res = await as.supervisor!.post(`/hazards/${id}/reject`, { version: (await hazard(id)).version, reason: '   ' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`action="/hazards/${id}/reject"`);
    expect(html).toContain(`action="/hazards/${id}/accept"`);
    expect(html).toContain('aria-invalid="true"');
    expect(await textOf(new Response(html))).toContain(named('hazard.rejectReason'));
    expect((await hazard(id)).state).toBe('RECTIFIED');
  });

  it("someone else's change refuses a rejection with the reason kept on the acceptance page", async () => {
    const id = await rectifiedHazard();
    const reason = '灭火器摆放位置不对，请重新放置';
    const res = await as.supervisor!.post(`/hazards/${id}/reject`, { version: (await hazard(id)).version - 1, reason });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(`action="/hazards/${id}/reject"`);
    expect(html).toContain(reason);
    expect(html).toContain(zhCN['error.conflict']);
  });

  it('a completion without a note comes back on the hazard page with its own photo label and the field named', async () => {
    const id = await startedHazard();
    const res = await postMultipart(as.fire!, `/hazards/${id}/complete`, { version: String((await hazard(id)).version), note: '' }, [{ name: 'e.png', bytes: pngBytes() }]);
    expect(res.status).toBe(422);
    const text = await textOf(res);
    expect(text).toContain(named('hazard.completionNote'));
    expect(text).toContain(zhCN['photo.evidence']);
    // The photo sent with the refused form is kept, and can be removed before sending again.
    expect(text).toContain(zhCN['photo.remove'].replace('{n}', '1'));
  });

  it('saves say what they did', async () => {
    const id = await assignedHazard();
    const res = await as.fire!.post(`/hazards/${id}/start`, { version: (await hazard(id)).version });
    expect(res.status).toBe(303);
    expect(await textOf(await as.fire!.get(`/hazards/${id}`))).toContain(zhCN['hazard.flash.started']);
    const done = await postMultipart(as.fire!, `/hazards/${id}/complete`, { version: String((await hazard(id)).version), note: '已更换' }, [{ name: 'e.png', bytes: pngBytes() }]);
    expect(done.status).toBe(303);
    expect(await textOf(await as.fire!.get(`/hazards/${id}`))).toContain(zhCN['hazard.flash.completed']);
  });
});

describe('the photo field', () => {
  it('keeps its own label after an upload, and a ticked photo is left out', async () => {
    const uploaded = await postMultipart(as.fire!, '/hazards/photos', { picker: 'complete' }, [{ name: 'e.png', bytes: pngBytes() }]);
    expect(uploaded.status).toBe(200);
    const html = await uploaded.text();
    expect(html).toContain(zhCN['photo.evidence']);
    expect(html).not.toContain(`>${zhCN['photo.label']}<`);
    const photoId = /name="photoIds" value="([a-f0-9]+)"/.exec(html)![1]!;
    const removed = await postMultipart(as.fire!, '/hazards/photos', { picker: 'complete', photoIds: photoId, removePhotoIds: photoId });
    expect(removed.status).toBe(200);
    const after = await removed.text();
    expect(after).not.toContain(photoId);
    expect(after).toContain(zhCN['photo.evidence']);
  });
});

async function insertMeeting(startsInMs: number): Promise<number> {
  const startsAt = new Date(ctx.clock.now().getTime() + startsInMs);
  const [m] = await ctx.db
    .insert(meetings)
    .values({ number: `REF-${++counter}`, title: '季度安全联席会', kind: 'regular', startsAt, endsAt: new Date(startsAt.getTime() + 7200_000), createdBy: supervisorId })
    .returning({ id: meetings.id });
  await ctx.db.insert(meetingInvitations).values([{ meetingId: m!.id, departmentId: fire }]);
  return m!.id;
}

describe('the agenda and the live page', () => {
  it('an empty agenda is not published: the meeting page says why', async () => {
    const id = await insertMeeting(3 * 24 * 3600_000);
    const res = await as.supervisor!.post(`/meetings/${id}/agenda`, { action: 'publish' });
    expect(res.status).toBe(409);
    const text = await textOf(res);
    expect(text).toContain(zhCN['agenda.error.empty']);
    expect(text).toContain(zhCN['agenda.title']);
    expect((await ctx.db.select().from(meetings).where(eq(meetings.id, id)))[0]!.agendaPublishedAt).toBeNull();
    // With an item it is published.
    expect((await as.supervisor!.post(`/meetings/${id}/agenda`, { action: 'add', title: '寒假安全教育' })).status).toBe(303);
    expect((await as.supervisor!.post(`/meetings/${id}/agenda`, { action: 'publish' })).status).toBe(303);
  });

  it('the badge of an orange hazard graded ordinary says 一般隐患, not 重大隐患', async () => {
    // 4 × 4 = 16: orange, graded ordinary, so it joins the agenda's major section for its colour.
    const id = await assignedHazard(4, 4);
    expect((await hazard(id)).riskLevel).toBe('orange');
    const meetingId = await insertMeeting(3 * 24 * 3600_000);
    expect((await as.supervisor!.post(`/meetings/${meetingId}/agenda`, { action: 'propose' })).status).toBe(303);
    const html = await (await as.supervisor!.get(`/meetings/${meetingId}`)).text();
    const number = (await hazard(id)).number;
    const item = html.split('<li>').find((li) => li.includes(number))!;
    expect(item).toContain(`<span class="badge">${zhCN['agenda.badge.ordinary']}</span>`);
    expect(item).toContain(zhCN['agenda.reason.orange']);
    expect(item).not.toContain(`<span class="badge">${zhCN['agenda.badge.major']}</span>`);
  });

  it('an agenda item with an empty title comes back beside the field', async () => {
    const id = await insertMeeting(3 * 24 * 3600_000);
    const res = await as.supervisor!.post(`/meetings/${id}/agenda`, { action: 'add', title: ' ' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('id="agenda-new-title-error"');
  });

  it('opening too early comes back on the meeting page with why', async () => {
    const id = await insertMeeting(3 * 24 * 3600_000);
    const res = await as.supervisor!.post(`/meetings/${id}/open`);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(`<p class="form-message" role="alert">${zhCN['live.error.tooEarly']}</p>`);
    expect(html).toContain(`action="/meetings/${id}/agenda"`);
    expect(html).not.toContain(zhCN['error.title.409']);
  });

  it('before the sitting the live page says so and links back to the meeting', async () => {
    const id = await insertMeeting(3 * 24 * 3600_000);
    const res = await as.supervisor!.get(`/meetings/${id}/live`);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(zhCN['live.notOpenTitle']);
    expect(html).toContain(`href="/meetings/${id}"`);
    expect(html).not.toContain(zhCN['error.title.409']);
  });
});
