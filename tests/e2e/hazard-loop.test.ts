// The whole closed loop (闭环) of one hazard in real Chromium, each user in their own browser context:
// a school's officer reports it on a phone, the bureau verifies and assigns it, the fire brigade
// rectifies it, the bureau rejects once, then accepts and closes it.
import { describe, expect, it } from 'vitest';
import { screenshot, signedInUsers, useServerAndBrowser } from './browser.js';
import {
  attachPhotos,
  escapeRegExp,
  field,
  fillReport,
  hazardNumber,
  horizontalOverflow,
  navigate,
  openAction,
  pngFile,
  shanghaiDatePlus,
  stateBadge,
  submitAction,
  submitReport,
  timelineSteps,
  waitForHazardPage,
  waitForImages,
  waitForState,
} from './hazards.js';

const env = useServerAndBrowser();

describe('the closed loop of a hazard', () => {
  it('report → verify → assign → progress → complete → reject → complete → accept → close', async () => {
    const users = signedInUsers(env);
    const open = users.open;
    try {
      // 1. The school's safety officer reports a hazard from a phone, with a photo.
      const { page: officer } = await open('officer', 'phone');
      await navigate(officer, '上报隐患');
      await officer.waitForURL('**/hazards/new');
      await expect.poll(() => officer.locator('main h1').textContent()).toBe('上报隐患');
      expect(await officer.getByRole('radio', { name: '校内' }).isChecked()).toBe(true);
      await fillReport(officer, {
        location: '食堂后厨配电箱',
        category: '消防安全',
        description: '配电箱门无法关闭，箱内电线老化外露，旁边堆放纸箱等可燃物。',
        source: '日常巡查',
        photos: [pngFile('report.png', [200, 60, 40])],
      });
      await waitForImages(officer);
      expect(await horizontalOverflow(officer)).toBe(0);
      await screenshot(officer, 'hazard-report-form', 'phone');

      const id = await submitReport(officer);
      expect(await waitForState(officer, '已上报')).toBe('已上报');
      const number = await hazardNumber(officer);
      expect(await officer.locator('main').textContent()).toContain('食堂后厨配电箱');
      const reportPhotos = officer.locator('main ul.thumbs').first().locator('img');
      expect(await reportPhotos.count()).toBe(1);
      await waitForImages(officer);
      expect(await horizontalOverflow(officer)).toBe(0);
      await screenshot(officer, 'hazard-reported', 'phone');

      // 2. The bureau's supervisor verifies and grades it, then assigns it to the fire brigade with the police supporting.
      const { page: supervisor } = await open('supervisor', 'desktop');
      await supervisor.goto(`/hazards/${id}`);
      await waitForState(supervisor, '已上报');
      const verify = await openAction(supervisor, '核实定级');
      await verify.getByRole('radio', { name: '一般隐患' }).check();
      await verify.getByRole('radio', { name: /^风险矩阵/ }).check();
      await field(verify, '可能性').selectOption('3');
      await field(verify, '严重程度').selectOption('4');
      await submitAction(supervisor, verify, '已核实定级');

      const deadline = shanghaiDatePlus(7, env.server.clock.now());
      const assign = await openAction(supervisor, '交办');
      await field(assign, '牵头单位').selectOption({ label: '消防救援大队' });
      await field(assign, '牵头单位任务').fill('更换配电箱并清理周边可燃物。');
      await assign.getByRole('checkbox', { name: '公安分局' }).check();
      await assign.getByRole('textbox', { name: '公安分局: 任务要求' }).fill('检查食堂周边治安防范设施。');
      await field(assign, '整改时限').fill(deadline);
      await field(assign, '责任人').fill('张主任');
      await screenshot(supervisor, 'hazard-assign', 'phone');
      await screenshot(supervisor, 'hazard-assign', 'desktop');
      await submitAction(supervisor, assign, '已交办');
      const facts = (await supervisor.locator('dl.facts').textContent()) ?? '';
      // The hazard page names the units in full (the forms use the short forms).
      expect(facts).toContain('韶关市浈江区消防救援大队');
      expect(facts).toContain('韶关市公安局浈江分局');
      expect(facts).toContain(deadline);

      // 3. The fire brigade finds it through its inbox, records progress and submits completion with evidence.
      const { page: fire } = await open('fire', 'desktop');
      await navigate(fire, '消息');
      await fire.getByRole('button', { name: new RegExp(`隐患 ${escapeRegExp(number)} 已交办给你们牵头整改`) }).click();
      await waitForHazardPage(fire, id);
      await waitForState(fire, '已交办');
      const progress = await openAction(fire, '填报整改进展');
      await field(progress, '整改进展').fill('已断电隔离，清走纸箱，新配电箱已订购。');
      await submitAction(fire, progress, '整改中');

      const complete = async (note: string, rgb: [number, number, number], wrongPhotoFirst = false) => {
        const form = await openAction(fire, '提交整改完成');
        await field(form, '整改情况说明').fill(note);
        if (wrongPhotoFirst) {
          // A photo chosen by mistake is removed before sending; the field keeps its own label.
          await attachPhotos(form, '整改完成佐证照片', [pngFile('wrong.png', [200, 200, 200])]);
          // A click, not check(): the picker is swapped at once and the box goes with the photo.
          await form.getByRole('checkbox', { name: '移除第 1 张照片' }).click();
          await form.locator('ul.thumbs img').waitFor({ state: 'detached' });
        }
        await attachPhotos(form, '整改完成佐证照片', [pngFile('evidence.png', rgb)]);
        expect(await form.locator('ul.thumbs img').count()).toBe(1);
        await submitAction(fire, form, '已整改待验收');
      };
      await complete('已更换新配电箱，周边可燃物已清理。', [40, 140, 70], true);

      // 4. The supervisor compares before and after on the acceptance page and sends it back.
      await supervisor.goto(`/hazards/${id}`);
      await waitForState(supervisor, '已整改待验收');
      await supervisor.getByRole('link', { name: '验收整改' }).click();
      await supervisor.waitForURL(`**/hazards/${id}/accept`);
      const compare = supervisor.locator('.compare > section');
      expect(await compare.nth(0).locator('img').count()).toBe(1);
      expect(await compare.nth(1).locator('img').count()).toBe(1);
      await waitForImages(supervisor);
      await screenshot(supervisor, 'hazard-acceptance', 'phone');
      await screenshot(supervisor, 'hazard-acceptance', 'desktop');
      const reason = '配电箱未加锁，现场仍有纸箱，请补充整改。';
      await field(supervisor, '退回理由').fill(reason);
      await supervisor.getByRole('button', { name: '退回整改' }).click();
      await waitForHazardPage(supervisor, id);
      await waitForState(supervisor, '整改中');
      expect(await supervisor.locator('main').textContent()).toContain('已退回 1 次');
      // The timeline quotes the reason (its closing full stop gives way to the list separator).
      expect(await supervisor.locator('ol.timeline').textContent()).toContain(reason.replace(/。$/, ''));

      // 5. The fire brigade completes again.
      await fire.goto(`/hazards/${id}`);
      await waitForState(fire, '整改中');
      await complete('配电箱已加锁，纸箱已全部清走。', [40, 90, 160]);

      // 6. The supervisor accepts and closes it (closing asks for confirmation).
      await supervisor.goto(`/hazards/${id}/accept`);
      await waitForState(supervisor, '已整改待验收');
      await field(supervisor, '验收意见').fill('复查合格。');
      await supervisor.getByRole('button', { name: '验收通过' }).click();
      await waitForHazardPage(supervisor, id);
      await waitForState(supervisor, '验收通过');
      supervisor.on('dialog', (dialog) => void dialog.accept());
      await submitAction(supervisor, await openAction(supervisor, '销号'), '已销号');

      // 7. The timeline tells the whole story, in order.
      expect(await timelineSteps(supervisor)).toEqual([
        '上报隐患',
        '核实定级',
        '交办',
        '填报整改进展',
        '提交整改完成',
        '退回整改',
        '提交整改完成',
        '验收通过',
        '销号',
      ]);
      expect(await stateBadge(supervisor).textContent()).toBe('已销号');
      expect(await supervisor.locator('details.action').count()).toBe(0);
      await waitForImages(supervisor);
      await screenshot(supervisor, 'hazard-closed', 'desktop');
      await screenshot(supervisor, 'hazard-closed', 'phone');
      expect(await horizontalOverflow(supervisor)).toBe(0);

      // The officer who reported it sees it closed too.
      await officer.goto(`/hazards/${id}`);
      await waitForState(officer, '已销号');

      // No console errors or CSP violations in any user's browser, nothing logged as a problem by the app.
      const problems = users.problems();
      expect(problems).toEqual({ officer: [], supervisor: [], fire: [] });
      expect(env.server.logs.filter((line) => /"level":"(warn|error)"/.test(line))).toEqual([]);
    } finally {
      await users.closeAll();
    }
  }, 120_000);
});
