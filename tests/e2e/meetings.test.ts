// A joint meeting (联席会议) from start to finish in real Chromium, each user in their own browser
// context: the bureau's supervisor schedules it and prepares the agenda; the police, invited, send their
// liaison officer and propose a topic with a file from a phone; the meeting runs live, grading and
// assigning two reported hazards and making a resolution from the police's topic; the minutes are
// issued and printed to PDF by Chromium; the police report back on the resolution with a file.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, signedInUsers, useServerAndBrowser, VIEWPORTS } from './browser.js';
import { escapeRegExp, field, horizontalOverflow, navigate, openAction, shanghaiDatePlus, timelineSteps, waitForState } from './hazards.js';
import {
  acceptDialogs,
  agendaButton,
  agendaEntries,
  liveAgendaLink,
  liveArea,
  liveOutcome,
  markPage,
  marksKept,
  pdfFile,
  pdfText,
  saveArtifact,
  scheduleMeeting,
  squash,
  untranslatedKeys,
  waitForFlash,
  waitForLiveItem,
  zh,
} from './meetings.js';

const env = useServerAndBrowser();

const POLICE = '公安分局';
/** the police's official name, as the minutes give it */
const POLICE_FULL = '韶关市公安局浈江分局';
const FIRE = '消防救援大队';
/** The mastheads a new installation prints (src/documents/settings.ts). */
const MINUTES_MASTHEAD = '浈江区校园安全工作联席会议纪要';
const ORDER_MASTHEAD = '浈江区教育局';

/** Grades a reported hazard on the live page, then assigns it; each step swaps the live area. */
async function verifyAndAssign(page: Page, hazard: { title: string; number: string }, deadline: string, person: string): Promise<void> {
  const live = liveArea(page);
  const verify = await openAction(page, zh('hazard.action.verify'));
  await verify.getByRole('radio', { name: zh('grade.ordinary') }).check();
  await verify.getByRole('radio', { name: zh('scoring.matrix') }).check();
  await field(verify, zh('scoring.likelihood')).selectOption('3');
  await field(verify, zh('scoring.severity')).selectOption('3');
  await verify.getByRole('button', { name: zh('hazard.action.verify') }).click();
  await waitForFlash(page, zh('hazard.flash.verified'));
  await live.locator('.live-context .state', { hasText: zh('state.VERIFIED') }).waitFor();
  await waitForLiveItem(page, hazard.title);
  expect(await liveOutcome(page, hazard.title)).toBe(zh('live.outcome.decided'));

  const assign = await openAction(page, zh('hazard.action.assign'));
  await field(assign, zh('hazard.lead')).selectOption({ label: POLICE });
  await field(assign, zh('hazard.leadTask')).fill('会同学校排查周边治安隐患，落实上下学时段护学岗。');
  await assign.getByRole('checkbox', { name: FIRE, exact: true }).check();
  await assign.getByRole('textbox', { name: `${FIRE}: ${zh('hazard.task')}` }).fill('检查消防通道和灭火器配置。');
  await field(assign, zh('hazard.deadline')).fill(deadline);
  await field(assign, zh('hazard.responsiblePerson')).fill(person);
  await assign.getByRole('button', { name: zh('hazard.action.assign') }).click();
  await waitForFlash(page, zh('hazard.flash.assigned'));
  await live.locator('.live-context .state', { hasText: zh('state.ASSIGNED') }).waitFor();
  const context = (await live.locator('.live-context').textContent()) ?? '';
  expect(context).toContain(hazard.number);
  expect(context).toContain(POLICE);
  expect(context).toContain(FIRE);
}

/**
 * The live page at desktop, then phone width (it stays there). Scrolled to the top first: the agenda
 * list is sticky, and a full-page screenshot taken while scrolled shows it where the scroll left it.
 */
async function liveScreenshots(page: Page, name: string): Promise<void> {
  for (const viewport of ['desktop', 'phone'] as const) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name, viewport);
  }
}

describe('a joint meeting', () => {
  it('schedule → agenda → stand-in and topic → live decisions → minutes printed to PDF → feedback', async () => {
    const users = signedInUsers(env);
    const open = users.open;
    const stamp = Date.now().toString(36).toUpperCase();
    const meeting = {
      number: `E2E-${stamp}`,
      title: `校园周边安全联席会议（浏览器测试${stamp}）`,
      kind: zh('meeting.kind.regular'),
      date: shanghaiDatePlus(1, env.server.clock.now()), // tomorrow: a meeting may be opened from the day before its date
      start: '09:00',
      end: '11:00',
      place: '区教育局三楼会议室',
      convener: '区教育局',
      chair: '李副局长',
      units: [POLICE, FIRE],
    };
    const liaison = '王联络员';
    const topic = { title: `校门口上下学时段交通秩序${stamp}`, text: '建议在东河第一小学校门口增设护学岗和临时停车区。' };
    const resolutionContent = `公安分局牵头在${stamp}号议题涉及的校门口设置护学岗，每日上下学时段值守。`;
    const orderRequirements = `${stamp}校门口周边每日上下学时段安排警力巡逻，三日内书面报告落实情况`;
    try {
      // 1. The supervisor schedules the meeting for tomorrow and invites the police and the fire brigade.
      const { page: supervisor } = await open('supervisor', 'desktop');
      const asked = acceptDialogs(supervisor);
      await navigate(supervisor, zh('nav.meetings'));
      await supervisor.waitForURL('**/meetings');
      await supervisor.getByRole('link', { name: zh('meeting.new'), exact: true }).click();
      await supervisor.waitForURL('**/meetings/new');
      const meetingId = await scheduleMeeting(supervisor, meeting);
      const facts = (await supervisor.locator('dl.facts').textContent()) ?? '';
      expect(facts).toContain(meeting.date);
      expect(facts).toContain(meeting.place);
      expect(await supervisor.locator('main h1').textContent()).toContain(meeting.number);

      // 2. The supervisor proposes the agenda from the register and publishes it (the units are told).
      await agendaButton(supervisor, 'agenda.propose', 'agenda.flash.proposed');
      const proposed = await agendaEntries(supervisor);
      expect(proposed.filter((e) => e.kind === zh('agenda.kind.hazardVerification')).length).toBeGreaterThanOrEqual(2);
      await agendaButton(supervisor, 'agenda.publish', 'agenda.flash.published');
      expect(await supervisor.locator('#agenda .page-head').textContent()).not.toContain(zh('agenda.draft'));

      // 3. The police, on a phone, open the meeting from their inbox, send their liaison officer and
      //    propose a topic with a PDF.
      const { page: police } = await open('police', 'phone');
      await navigate(police, zh('nav.inbox'));
      await police.getByRole('button', { name: zh('notice.agendaPublished', { title: meeting.title }) }).click();
      await police.waitForURL(`**/meetings/${meetingId}`);
      const answer = police.locator(`form[action="/meetings/${meetingId}/respond"]`);
      await answer.getByRole('radio', { name: zh('meeting.response.standIn') }).check();
      await field(answer, zh('meeting.responseNote')).fill(liaison);
      await answer.getByRole('button', { name: zh('meeting.sendAnswer') }).click();
      await waitForFlash(police, zh('meeting.flash.responded'));
      expect(await police.getByRole('radio', { name: zh('meeting.response.standIn') }).isChecked()).toBe(true);

      const topicForm = police.locator(`form[action="/meetings/${meetingId}/topics"]`);
      await field(topicForm, zh('agenda.topicTitle')).fill(topic.title);
      await field(topicForm, zh('agenda.topicText')).fill(topic.text);
      await field(topicForm, zh('attachment.label')).setInputFiles([pdfFile('护学岗设置方案.pdf', 'Traffic plan for the school gate')]);
      expect(await horizontalOverflow(police)).toBe(0);
      await screenshot(police, 'meeting-topic-form', 'phone');
      await topicForm.getByRole('button', { name: zh('agenda.sendTopic') }).click();
      await waitForFlash(police, zh('agenda.flash.topic'));
      const topics = police.locator('#topics');
      await topics.getByText(topic.title).waitFor();
      await topics.getByRole('link', { name: '护学岗设置方案.pdf' }).waitFor();
      expect(await untranslatedKeys(police)).toEqual([]);

      // A topic sent after the agenda was proposed is listed but is not an item yet: the supervisor
      // proposes again (which asks first, as it replaces the draft) and publishes again.
      await supervisor.reload();
      await supervisor.locator('#topics').getByText(topic.title).waitFor();
      const topicItem = `${topic.title} · ${POLICE}`;
      expect((await agendaEntries(supervisor)).map((e) => e.title)).not.toContain(topicItem);
      await agendaButton(supervisor, 'agenda.propose', 'agenda.flash.proposed');
      expect(asked).toContain(zh('agenda.proposeConfirm'));
      await agendaButton(supervisor, 'agenda.republish', 'agenda.flash.published');
      const agenda = await agendaEntries(supervisor);
      expect(agenda.find((e) => e.title === topicItem)?.kind).toBe(zh('agenda.kind.topic'));
      const hazardItems = agenda.filter((e) => e.kind === zh('agenda.kind.hazardVerification')).slice(0, 2);
      expect(agenda[0]).toEqual(hazardItems[0]); // reported hazards come first
      const hazards = hazardItems.map((e) => ({ title: e.title, number: e.title.split(' · ')[0]!, id: Number(/^\/hazards\/(\d+)$/.exec(e.href ?? '')?.[1]) }));
      expect(hazards.every((h) => h.id > 0)).toBe(true);
      // The liaison officer is on the attendance sheet with the police's answer.
      const sheet = (await supervisor.locator('table').textContent()) ?? '';
      expect(sheet).toContain(zh('meeting.response.standIn'));
      expect(sheet).toContain(liaison);

      // 4. The supervisor opens the meeting (it asks first) and lands on the live page at the first item.
      await supervisor.getByRole('button', { name: zh('live.open'), exact: true }).click();
      await supervisor.waitForURL(`**/meetings/${meetingId}/live`);
      expect(asked).toContain(zh('live.openConfirm'));
      await waitForFlash(supervisor, zh('live.flash.opened'));
      await supervisor.locator('.live-badge', { hasText: zh('live.inSession') }).waitFor();
      await waitForLiveItem(supervisor, hazards[0]!.title);
      const agendaNav = supervisor.getByRole('navigation', { name: zh('live.agenda') });
      expect(await agendaNav.locator('li').count()).toBe(agenda.length);
      expect(await liveOutcome(supervisor, topicItem)).toBe(zh('live.outcome.none'));

      // The first hazard is graded and assigned at the meeting, the live area swapped in place each time.
      await markPage(supervisor);
      const deadline = shanghaiDatePlus(14, env.server.clock.now());
      await verifyAndAssign(supervisor, hazards[0]!, deadline, '赵警官');
      expect(await marksKept(supervisor)).toEqual({ window: true, heading: true, live: false });
      await liveScreenshots(supervisor, 'meeting-live-hazard');
      // On a phone the agenda folds above the item and nothing scrolls sideways.
      expect(await horizontalOverflow(supervisor)).toBe(0);
      const navBox = (await agendaNav.boundingBox())!;
      const itemBox = (await supervisor.locator('section.live-item').boundingBox())!;
      expect(navBox.y + navBox.height).toBeLessThanOrEqual(itemBox.y);
      await supervisor.setViewportSize(VIEWPORTS.desktop);

      // "Next" walks to the second hazard without reloading the page; the address follows.
      const secondHref = await liveAgendaLink(supervisor, hazards[1]!.title).getAttribute('href');
      await markPage(supervisor);
      await liveArea(supervisor).getByRole('link', { name: new RegExp(`^\\s*${escapeRegExp(zh('live.next'))}`) }).click();
      await supervisor.waitForURL((url) => `${url.pathname}${url.search}` === secondHref);
      await waitForLiveItem(supervisor, hazards[1]!.title);
      expect(await marksKept(supervisor)).toEqual({ window: true, heading: true, live: false });
      await verifyAndAssign(supervisor, hazards[1]!, deadline, '钱警官');
      // A supervision order to the police about it, numbered automatically (the number field left empty).
      const orderForm = await openAction(supervisor, zh('live.order.title'));
      await field(orderForm, zh('order.unit')).selectOption({ label: POLICE });
      await field(orderForm, zh('order.requirements')).fill(orderRequirements);
      await field(orderForm, zh('order.deadline')).fill(deadline);
      await orderForm.getByRole('button', { name: zh('order.issue') }).click();
      await waitForFlash(supervisor, zh('order.flash.issued'));
      await waitForLiveItem(supervisor, hazards[1]!.title);

      // The police's topic, chosen from the agenda list, becomes a resolution led by the police.
      const topicHref = await liveAgendaLink(supervisor, topicItem).getAttribute('href');
      await markPage(supervisor);
      await liveAgendaLink(supervisor, topicItem).click();
      await supervisor.waitForURL((url) => `${url.pathname}${url.search}` === topicHref);
      await waitForLiveItem(supervisor, topicItem);
      expect(await marksKept(supervisor)).toEqual({ window: true, heading: true, live: false });
      expect(await liveArea(supervisor).locator('.live-context').textContent()).toContain(topic.text);
      const resolutionForm = await openAction(supervisor, zh('live.resolution.title'));
      await field(resolutionForm, zh('resolution.content')).fill(resolutionContent);
      await field(resolutionForm, zh('resolution.lead')).selectOption({ label: POLICE });
      await resolutionForm.getByRole('checkbox', { name: FIRE, exact: true }).check();
      await field(resolutionForm, zh('resolution.deadline')).fill(shanghaiDatePlus(30, env.server.clock.now()));
      await field(resolutionForm, zh('resolution.schedule')).selectOption({ label: zh('resolution.schedule.weekly') });
      await resolutionForm.getByRole('button', { name: zh('resolution.add') }).click();
      await waitForFlash(supervisor, zh('resolution.flash.created'));
      await waitForLiveItem(supervisor, topicItem);
      // The button that was pressed is gone with the swap: focus lands on the updated item's heading,
      // and the polite live region outside the swapped area reads out what happened.
      await supervisor.waitForFunction(() => document.activeElement?.id === 'live-item-title');
      await supervisor.locator('#announcer[aria-live="polite"]', { hasText: zh('resolution.flash.created') }).waitFor({ state: 'attached' });
      expect(await liveOutcome(supervisor, topicItem)).toBe(zh('live.outcome.decided'));
      expect(await agendaNav.locator('h2 .muted').textContent()).toBe(`3/${agenda.length}`);
      expect(await untranslatedKeys(supervisor)).toEqual([]);
      await liveScreenshots(supervisor, 'meeting-live-topic');
      expect(await horizontalOverflow(supervisor)).toBe(0);
      await supervisor.setViewportSize(VIEWPORTS.desktop);

      // 5. The supervisor closes the sitting (it asks first); the meeting is held. Back on its page the
      //    supervisor records attendance (the answers are preselected).
      await supervisor.getByRole('button', { name: zh('live.close'), exact: true }).click();
      await supervisor.waitForURL(`**/meetings/${meetingId}`);
      expect(asked).toContain(zh('live.closeConfirm'));
      await waitForFlash(supervisor, zh('live.flash.closed'));
      expect(await supervisor.locator('main h1').textContent()).toContain(zh('meeting.sitting.held'));
      const attendance = supervisor.locator('section.panel').filter({ has: supervisor.getByRole('heading', { name: zh('meeting.recordAttendance') }) });
      expect(await attendance.getByRole('combobox', { name: `${POLICE} ${zh('meeting.attendance')}` }).inputValue()).toBe('standIn');
      await attendance.getByRole('button', { name: zh('action.save') }).click();
      await waitForFlash(supervisor, zh('meeting.flash.attendance'));
      expect(await supervisor.locator('table').textContent()).toContain(zh('meeting.attendance.standIn'));
      const resolutionLink = supervisor.locator('main').getByRole('link', { name: resolutionContent });
      const resolutionPath = await resolutionLink.getAttribute('href');
      expect(resolutionPath).toMatch(/^\/resolutions\/\d+$/);

      // The minutes: drafted from attendance, agenda and resolutions, then issued with a document number.
      await supervisor.locator('main .page-head').getByRole('link', { name: zh('minutes.title') }).click();
      await supervisor.waitForURL(`**/meetings/${meetingId}/minutes`);
      await supervisor.getByRole('button', { name: zh('minutes.draft') }).click();
      await supervisor.getByRole('heading', { name: zh('minutes.editDraft') }).waitFor();
      // Drafting again throws away edits, so it asks first.
      await field(supervisor, zh('minutes.body')).fill('将被重新起草覆盖的草稿');
      await supervisor.getByRole('button', { name: zh('minutes.redraft') }).click();
      // The page already shows the "saved" notice of the first draft: wait for the new text itself.
      await expect.poll(() => field(supervisor, zh('minutes.body')).inputValue(), { timeout: 15_000 }).toContain(`${meeting.title}纪要`);
      expect(asked).toContain(zh('minutes.redraftConfirm'));
      const draft = await field(supervisor, zh('minutes.body')).inputValue();
      expect(draft).toContain(`${meeting.title}纪要`);
      expect(draft).toContain(`${POLICE_FULL}（${liaison}代为出席）`);
      expect(draft).toContain(resolutionContent);
      // Issuing without a number: the text typed is kept and the message names the field; no question yet.
      // The draft states the order with its number, generated from the order prefix.
      const orderNumber = /浈教安督〔\d{4}〕[1-9]\d*号/.exec(draft)?.[0] ?? '';
      expect(draft).toContain(`会议决定向${POLICE_FULL}下发督办单（${orderNumber}），要求：${orderRequirements}`);
      // The next minutes number of the year is offered in the field.
      const documentNumber = await field(supervisor, zh('minutes.documentNumber')).inputValue();
      expect(documentNumber).toMatch(/^浈教安纪〔\d{4}〕[1-9]\d*号$/);
      await field(supervisor, zh('minutes.body')).fill(`${draft}\n（会后由主持人审定）`);
      await field(supervisor, zh('minutes.documentNumber')).fill('');
      await supervisor.getByRole('button', { name: zh('minutes.issue'), exact: true }).click();
      await supervisor.locator('.error-summary').getByText(zh('minutes.error.numberRequired')).waitFor();
      expect(await field(supervisor, zh('minutes.body')).inputValue()).toContain('（会后由主持人审定）');
      await field(supervisor, zh('minutes.documentNumber')).fill(documentNumber);
      await supervisor.getByRole('button', { name: zh('minutes.issue'), exact: true }).click();
      // Valid: the "cannot be changed after issue" question, then the issue.
      await supervisor.getByRole('heading', { name: zh('minutes.issueConfirmTitle') }).waitFor();
      await supervisor.getByRole('button', { name: zh('minutes.issueConfirmed'), exact: true }).click();
      await waitForFlash(supervisor, zh('minutes.flash.issued'));
      await supervisor.locator('.gbt .gbt-number', { hasText: documentNumber }).waitFor();
      expect(await untranslatedKeys(supervisor)).toEqual([]);
      await screenshot(supervisor, 'meeting-minutes', 'phone');
      expect(await horizontalOverflow(supervisor)).toBe(0);
      await screenshot(supervisor, 'meeting-minutes', 'desktop');

      // Printed to PDF by Chromium (print media, A4), as a user printing the issued minutes later.
      await supervisor.reload();
      await supervisor.locator('.gbt .gbt-number').waitFor();
      const pdf = await supervisor.pdf({ format: 'A4' });
      saveArtifact('meeting-minutes.pdf', pdf);
      await supervisor.emulateMedia({ media: 'print' });
      await screenshot(supervisor, 'meeting-minutes-print', 'desktop');
      await supervisor.emulateMedia({ media: null });
      const printed = await pdfText(pdf);
      expect(printed.pages).toBeGreaterThanOrEqual(1);
      const text = squash(printed.text);
      // GB/T 9704: the red masthead, the number under it, the title, the decisions and the page number.
      const orderSentence = `会议决定向${POLICE_FULL}下发督办单（${orderNumber}），要求：${orderRequirements}`;
      for (const expected of [MINUTES_MASTHEAD, documentNumber, `${meeting.title}纪要`, resolutionContent, orderSentence, `${POLICE_FULL}（${liaison}代为出席）`, '— 1 —', '抄送', '印发']) {
        expect(text).toContain(squash(expected));
      }
      expect(text.indexOf(squash(MINUTES_MASTHEAD))).toBeLessThan(text.indexOf(squash(documentNumber)));
      // The page's controls and the site's header are not printed.
      for (const hidden of [zh('app.name'), zh('minutes.download'), zh('document.printHint'), zh('minutes.addAddendum')]) expect(text).not.toContain(squash(hidden));

      // The supervision order has its own print page, reached from the order (the Print button opens the dialog).
      await supervisor.goto('/supervision-orders');
      await supervisor.getByRole('link', { name: orderRequirements }).click();
      await supervisor.locator('main h1', { hasText: orderNumber }).waitFor();
      await supervisor.locator('main').getByRole('link', { name: zh('document.print'), exact: true }).click();
      await supervisor.waitForURL('**/supervision-orders/*/print');
      await supervisor.getByRole('button', { name: zh('document.print'), exact: true }).waitFor();
      const orderPdf = await supervisor.pdf({ format: 'A4' });
      saveArtifact('supervision-order.pdf', orderPdf);
      await screenshot(supervisor, 'supervision-order-print', 'desktop');
      const orderText = squash((await pdfText(orderPdf)).text);
      for (const expected of [ORDER_MASTHEAD, orderNumber, zh('order.printTitle'), `${POLICE_FULL}：`, orderRequirements, '— 1 —', '抄送']) expect(orderText).toContain(squash(expected));
      expect(orderText).not.toContain(squash(zh('document.printHint')));

      // 6. The police report back on their resolution with a file; the supervisor sees it.
      await navigate(police, zh('nav.resolutions'));
      await police.waitForURL('**/resolutions');
      await police.getByRole('link', { name: resolutionContent }).click();
      await police.waitForURL(`**${resolutionPath}`);
      const feedback = police.locator(`form[action="${resolutionPath}/feedback"]`);
      const feedbackText = '已在校门口设置护学岗，安排2名民警每日上下学时段值守。';
      await field(feedback, zh('resolution.feedbackText')).fill(feedbackText);
      await field(feedback, zh('attachment.label')).setInputFiles([pdfFile('护学岗值守记录.pdf', 'Duty roster, week 1')]);
      await feedback.getByRole('button', { name: zh('resolution.action.feedback'), exact: true }).click();
      await waitForFlash(police, zh('resolution.flash.feedback'));
      const thread = police.locator('section.panel').filter({ has: police.getByRole('heading', { name: zh('resolution.thread') }) });
      await thread.getByText(feedbackText).waitFor();
      await thread.getByRole('link', { name: '护学岗值守记录.pdf' }).waitFor();
      expect(await untranslatedKeys(police)).toEqual([]);
      expect(await horizontalOverflow(police)).toBe(0);
      await screenshot(police, 'meeting-resolution-feedback', 'phone');

      await supervisor.goto(resolutionPath!);
      const seen = supervisor.locator('ol.updates > li').filter({ hasText: feedbackText });
      expect(await seen.locator('p.muted').textContent()).toContain(`${POLICE} · ${zh('resolution.action.feedback')}`);
      const download = seen.getByRole('link', { name: '护学岗值守记录.pdf' });
      const file = await supervisor.context().request.get((await download.getAttribute('href'))!);
      expect(file.status()).toBe(200);
      expect((await file.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The first feedback moves the resolution from 待落实 to 落实中.
      expect((await supervisor.locator('dl.facts .state').textContent())?.trim()).toBe(zh('resolution.status.in_progress'));

      // 7. The hazard's own history says it was decided at this meeting.
      await supervisor.goto(`/hazards/${hazards[0]!.id}`);
      await waitForState(supervisor, zh('state.ASSIGNED'));
      expect(await timelineSteps(supervisor)).toEqual(expect.arrayContaining([zh('event.verified'), zh('event.assigned')]));
      expect(await supervisor.locator('ol.timeline').textContent()).toContain(zh('event.atMeeting', { meeting: `${meeting.title}（${meeting.number}）` }));

      // No console errors or CSP violations in any browser, nothing logged as a problem by the app.
      // (The browser logs the deliberately refused issue without a number as a failed 422 load.)
      const problems = users.problems();
      const refusedIssue = new RegExp(`status of 422 .*/meetings/${meetingId}/minutes\\)$`);
      expect({ ...problems, supervisor: problems.supervisor!.filter((line) => !refusedIssue.test(line)) }).toEqual({ supervisor: [], police: [] });
      expect(problems.supervisor!.filter((line) => refusedIssue.test(line))).toHaveLength(1);
      expect(env.server.logs.filter((line) => /"level":"(warn|error)"/.test(line))).toEqual([]);
    } finally {
      await users.closeAll();
    }
    // The longest browser flow (≈16 s alone, ≈35 s beside the other files on two cores): room for a slow CI box.
  }, 120_000);
});
