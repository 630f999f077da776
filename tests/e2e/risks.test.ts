// The risk register in real Chromium: the school's officer records a point on a phone and re-assesses
// it, reports a hazard at it and finds the hazard on the point's page; the supervisor sees the school's
// four-colour map (server-drawn SVG) and the district overview. Screenshots kept as artifacts.
import { like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { meetings } from '../../src/db/schema/index.js';
import { screenshot, signedInUsers, useServerAndBrowser } from './browser.js';
import { field, fillReport, hazardNumber, horizontalOverflow, pngFile, submitReport } from './hazards.js';

const env = useServerAndBrowser();

describe('the risk register', () => {
  it('officer records and re-assesses a point, a hazard reported at it shows there; the supervisor sees the map and the overview and assesses a point at the live meeting, which reaches the minutes', async () => {
    const users = signedInUsers(env);
    try {
      const { page: officer } = await users.open('officer', 'phone');
      await officer.goto('/risks/new');
      const form = officer.locator('form[action="/risks"]');
      await field(form, '风险点名称').fill('实验楼配电房（浏览器测试）');
      await officer.getByRole('radio', { name: '校内' }).check();
      await field(form, '区域/部位').fill('实验楼一层配电房');
      await field(form, '风险类别').selectOption({ index: 1 });
      await field(form, '危险有害因素').fill('配电柜老化，通风不良');
      await field(form, '可能导致的后果').fill('触电、电气火灾');
      await field(form, '责任人').fill('王老师');
      await field(form, '可能性').selectOption('2');
      await field(form, '严重程度').selectOption('2');
      expect(await horizontalOverflow(officer)).toBe(0);
      await screenshot(officer, 'risk-new', 'phone');
      await form.getByRole('button', { name: '登记' }).click();
      await officer.waitForURL(/\/risks\/\d+$/);
      const riskPath = new URL(officer.url()).pathname;
      await expect.poll(() => officer.locator('main h1').textContent()).toContain('实验楼配电房（浏览器测试）');

      // Re-assessment: higher scores, with a reason.
      const reassess = officer.locator('details.panel').filter({ has: officer.getByRole('heading', { name: '重新评估' }) });
      if ((await reassess.getAttribute('open')) === null) await reassess.locator('summary').click();
      await field(reassess, '可能性').selectOption('3');
      await field(reassess, '严重程度').selectOption('4');
      await field(reassess, '评估理由').fill('配电柜发现发热痕迹，提高等级');
      await reassess.getByRole('button', { name: '提交复评' }).click();
      await expect.poll(() => officer.locator('main').textContent()).toContain('复评已记录');
      expect(await officer.locator('main').textContent()).toContain('配电柜发现发热痕迹，提高等级');
      expect(await horizontalOverflow(officer)).toBe(0);
      await screenshot(officer, 'risk-reassessed', 'phone');

      // A hazard reported at the point shows on its page.
      await officer.goto('/hazards/new');
      await fillReport(officer, { location: '实验楼一层配电房', category: '消防安全', description: '配电柜门锁损坏，柜内积灰。', source: '日常巡查', photos: [pngFile('risk.png')] });
      const at = field(officer.locator('form[action="/hazards"]'), '所在风险点');
      await at.selectOption((await at.locator('option', { hasText: '实验楼配电房（浏览器测试）' }).getAttribute('value'))!);
      await submitReport(officer);
      const number = await hazardNumber(officer);
      await officer.goto(riskPath);
      expect(await officer.locator('main').textContent()).toContain(number);
      await screenshot(officer, 'risk-with-hazard', 'phone');

      // The supervisor: the school's map (SVG with the list behind it) and the overview.
      const { page: supervisor } = await users.open('supervisor', 'desktop');
      await supervisor.goto(riskPath);
      const school = (await supervisor.locator('dl.facts dd').first().textContent())!.trim();
      await supervisor.goto('/risks/map');
      await supervisor.locator('select[name="schoolId"]').selectOption({ label: school });
      await supervisor.locator('form.filters button[type="submit"]').click();
      await supervisor.locator('main svg').first().waitFor();
      expect(await supervisor.locator('main').textContent()).toContain('实验楼配电房（浏览器测试）');
      await screenshot(supervisor, 'risk-map', 'desktop');
      await supervisor.goto('/risks/overview');
      await supervisor.locator('main table').first().waitFor();
      await screenshot(supervisor, 'risk-overview', 'desktop');

      // 研判 at the live meeting: the demo's meeting tomorrow has the overdue red gas point on its agenda;
      // the supervisor opens it, confirms the level with a reason, closes it, and the draft minutes say so.
      const [coming] = await env.server.db.select({ id: meetings.id }).from(meetings).where(like(meetings.number, '%第12次%'));
      supervisor.on('dialog', (d) => void d.accept());
      await supervisor.goto(`/meetings/${coming!.id}`);
      await supervisor.getByRole('button', { name: '开始会议', exact: true }).click();
      await supervisor.waitForURL(`**/meetings/${coming!.id}/live`);
      await supervisor.getByRole('navigation', { name: '议程' }).getByRole('link', { name: /食堂燃气管道及灶具/ }).click();
      const assess = supervisor.locator('details.action').filter({ has: supervisor.locator('summary', { hasText: '研判风险等级' }) });
      await assess.waitFor();
      await field(assess, '评估理由').fill('燃气管道已检测，隐患仍在整改中，维持红色');
      await assess.getByRole('button', { name: '记录研判结果' }).click();
      await expect.poll(() => supervisor.locator('#live').textContent()).toContain('复评已记录');
      await screenshot(supervisor, 'risk-live-assessed', 'phone');
      await supervisor.getByRole('button', { name: '结束会议', exact: true }).click();
      await supervisor.waitForURL(`**/meetings/${coming!.id}`);
      await supervisor.goto(`/meetings/${coming!.id}/minutes`);
      await supervisor.getByRole('button', { name: '自动起草纪要' }).click();
      await supervisor.getByRole('heading', { name: '编辑纪要草稿' }).waitFor();
      expect(await field(supervisor, '纪要正文').inputValue()).toContain('“食堂燃气管道及灶具”风险点进行了研判，确认维持重大风险（红色）等级，理由：燃气管道已检测，隐患仍在整改中，维持红色。');
      await screenshot(supervisor, 'risk-minutes', 'desktop');
      expect(users.problems()).toEqual({ officer: [], supervisor: [] });
    } finally {
      await users.closeAll();
    }
  });
});
