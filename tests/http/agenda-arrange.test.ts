// Arranging a draft agenda (issue 13): the proposal is a short list (a configurable cap per kind) with the
// rest offered as "more"; items are removed or moved in bulk; htmx gets the agenda section back alone.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaItems, hazardCategories } from '../../src/db/schema/index.js';
import { addDays, shanghaiDate, shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, textOf, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool } from '../support/factories.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

const CAP = 3;
let ctx: TestContext;
let supervisor: Agent;
let meetingId: number;

const agenda = async () => ctx.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position), asc(agendaItems.id));
const partial = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

beforeAll(async () => {
  ctx = await setupTestApp({ agendaProposalCap: CAP });
  const school = await makeSchool(ctx.db);
  const categoryId = (await ctx.db.select().from(hazardCategories).where(eq(hazardCategories.code, 'FIRE')))[0]!.id;
  const officer = (await signedInUser(ctx, 'officer', { schoolId: school.id })).agent;
  supervisor = (await signedInUser(ctx, 'supervisor')).agent;
  // Five reports waiting for verification: five proposals of one kind.
  for (let i = 1; i <= 5; i++) {
    const res = await postMultipart(officer, '/hazards', {
      subjectType: 'campus', schoolId: String(school.id), location: `教学楼${i}层`, categoryId: String(categoryId), description: '灭火器过期',
      source: 'self_check', foundAt: shanghaiInputValue(new Date(ctx.clock.now().getTime() - 600_000)), submissionKey: crypto.randomUUID(),
    }, [{ name: 'a.png', bytes: pngBytes() }]);
    expect(res.status).toBe(303);
  }
  const psb = (await departmentByCode(ctx.db, 'PSB')).id;
  const res = await supervisor.post('/meetings', {
    number: '2026-A1', title: '研判会', kind: 'regular', date: addDays(shanghaiDate(ctx.clock.now()), 7), startTime: '09:30', endTime: '11:30',
    place: '三楼会议室', convener: '区委政法委', chair: '王局长', departmentIds: [String(psb)],
  });
  expect(res.status).toBe(303);
  meetingId = Number(res.headers.get('location')!.split('/').pop());
});
afterAll(() => ctx.close());

describe('the proposed agenda is a short list', () => {
  it('puts the configured number of each kind on the draft and offers the rest as more', async () => {
    expect((await supervisor.post(`/meetings/${meetingId}/agenda`, { action: 'propose' })).status).toBe(303);
    expect((await agenda()).length).toBe(CAP);
    const page = await supervisor.get(`/meetings/${meetingId}`);
    expect(await page.text()).toContain(`href="/meetings/${meetingId}?more=1#agenda-more"`);
    const more = await (await supervisor.get(`/meetings/${meetingId}?more=1`)).text();
    const offered = [...more.matchAll(/name="proposal" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(offered.length).toBe(5 - CAP);

    // Added from "more" (without JavaScript: a redirect back to the list), they join the end of the agenda.
    const res = await supervisor.post(`/meetings/${meetingId}/agenda`, { action: 'addProposed', proposal: offered, more: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/meetings/${meetingId}?more=1#agenda`);
    expect((await agenda()).length).toBe(5);
    expect(await textOf(await supervisor.get(`/meetings/${meetingId}?more=1`))).toContain('系统建议的议题都已在议程中');
    // A key the system does not propose is refused, naming the list.
    const forged = await supervisor.post(`/meetings/${meetingId}/agenda`, { action: 'addProposed', proposal: 'majorHazard:999999' });
    expect(forged.status).toBe(422);
  });
});

describe('bulk changes', () => {
  it('moves the selected items to the top or the bottom together, keeping their order', async () => {
    const before = (await agenda()).map((i) => i.id);
    const chosen = [before[3]!, before[1]!];
    expect((await supervisor.post(`/meetings/${meetingId}/agenda`, { action: 'moveTop', item: chosen.map(String) })).status).toBe(303);
    expect((await agenda()).map((i) => i.id)).toEqual([before[1], before[3], before[0], before[2], before[4]]);
    expect((await supervisor.post(`/meetings/${meetingId}/agenda`, { action: 'moveBottom', item: [String(before[0])] })).status).toBe(303);
    expect((await agenda()).map((i) => i.id).at(-1)).toBe(before[0]);
  });

  it('answers htmx with the agenda section alone, and refuses an empty selection beside the tools', async () => {
    const before = (await agenda()).map((i) => i.id);
    const res = await supervisor.post(`/meetings/${meetingId}/agenda`, { action: 'removeSelected', item: [String(before[0]), String(before[1])] }, partial);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section class="panel" id="agenda">')).toBe(true);
    expect(html).toContain('议程已调整');
    // Every item keeps its controls with stable ids, so htmx can put focus back on the one used.
    for (const id of before.slice(2)) expect(html).toContain(`id="agenda-up-${id}"`);
    expect((await agenda()).map((i) => i.id)).toEqual(before.slice(2));

    const none = await supervisor.post(`/meetings/${meetingId}/agenda`, { action: 'removeSelected' }, partial);
    expect(none.status).toBe(422);
    expect(await textOf(none)).toContain('所选事项：请先勾选事项');
    // Without htmx, the one-item move still goes back to the page.
    const one = await supervisor.post(`/meetings/${meetingId}/agenda/${before[3]}`, { change: 'up' });
    expect(one.status).toBe(303);
    expect((await agenda()).map((i) => i.id)).toEqual([before[3], before[2], before[4]]);
  });
});
