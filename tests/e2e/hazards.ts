// Reusable helpers for browser tests of the hazard pages: the report form, the action forms inside
// <details> on the hazard page, photos, the state badge and the timeline. All waits are on URLs and
// selectors (boosted forms and photo uploads go through htmx, so there is no page load to wait for).
import { addDays, shanghaiDate } from '../../src/lib/shanghai-time.js';
import type { Locator, Page } from 'playwright-core';
import { placeholderPng } from '../../seeds/placeholder-image.js';

/** A real PNG for setInputFiles (no file on disk). Different colours make the screenshots readable. */
export function pngFile(name: string, rgb: [number, number, number] = [200, 60, 40]): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: 'image/png', buffer: Buffer.from(placeholderPng(320, 240, rgb)) };
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The control of a form field by its visible label. Matches the whole label, allowing the " *" the
 * form components add to required fields, so 牵头单位 does not also find 牵头单位任务.
 */
export function field(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^\\s*${escapeRegExp(label)}(\\s*\\*)?\\s*$`));
}

/** Today's date plus `days`, as YYYY-MM-DD in Asia/Shanghai (the app's calendar). */
export function shanghaiDatePlus(days: number, now: Date): string {
  return addDays(shanghaiDate(now), days);
}

/** The hazard id of a /hazards/<id> URL. */
export function hazardIdOf(page: Page): number {
  const match = /^\/hazards\/(\d+)$/.exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`not on a hazard page: ${page.url()}`);
  return Number(match[1]);
}

/** Waits until the address bar shows the hazard page /hazards/<id>. */
export async function waitForHazardPage(page: Page, id?: number): Promise<void> {
  await page.waitForURL((url) => (id === undefined ? /^\/hazards\/\d+$/.test(url.pathname) : url.pathname === `/hazards/${id}`));
}

/** The state badge in the page heading. */
export const stateBadge = (page: Page): Locator => page.locator('main h1 .state');

/** Waits until the heading's state badge reads exactly `label` (e.g. 已交办) and returns it. */
export async function waitForState(page: Page, label: string): Promise<string> {
  await page.locator('main h1 .state', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }).waitFor();
  return (await stateBadge(page).textContent())?.trim() ?? '';
}

/** The hazard's number (e.g. ZJ-2026-000301), read from the page heading. */
export async function hazardNumber(page: Page): Promise<string> {
  const heading = (await page.locator('main h1').textContent()) ?? '';
  const number = heading.trim().split(/\s+/)[0];
  if (!number) throw new Error(`no hazard number in heading "${heading}"`);
  return number;
}

/** Follows a link of the main navigation by its text (a link may carry a count, e.g. 消息 3). */
export async function navigate(page: Page, label: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: '主导航' });
  const link = nav.getByRole('link', { name: new RegExp(`^\\s*${escapeRegExp(label)}(\\s|$)`) });
  // On a phone the destinations sit in the menu: open it first, as a user would.
  if (!(await link.isVisible())) await nav.locator('details.nav-menu > summary').click();
  await link.click();
}

/**
 * Waits until every image in <main> has loaded (thumbnails are lazy: scroll each into view first), so
 * a full-page screenshot shows them and a broken one fails the test.
 */
export async function waitForImages(page: Page): Promise<void> {
  const images = page.locator('main img');
  for (let i = 0; i < (await images.count()); i++) {
    const img = images.nth(i);
    await img.scrollIntoViewIfNeeded();
    await img.evaluate(
      (el: HTMLImageElement) =>
        new Promise<void>((resolve, reject) => {
          const check = () => (el.naturalWidth > 0 ? resolve() : reject(new Error(`image did not load: ${el.src}`)));
          if (el.complete) check();
          else {
            el.addEventListener('load', check, { once: true });
            el.addEventListener('error', check, { once: true });
          }
        }),
    );
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/**
 * Chooses photos in a photo picker (found by its label). Choosing uploads them at once through htmx,
 * which swaps the picker for one showing thumbnails and hidden photoIds; waits for those thumbnails.
 */
export async function attachPhotos(scope: Page | Locator, label: string, files: Array<ReturnType<typeof pngFile>>): Promise<void> {
  const input = field(scope, label);
  const pickerId = `#picker-${((await input.getAttribute('id')) ?? '').replace(/^f-/, '')}`;
  const page = 'page' in scope ? scope.page() : scope;
  const before = await page.locator(`${pickerId} img`).count();
  await input.setInputFiles(files);
  await page.locator(`${pickerId} img`).nth(before + files.length - 1).waitFor();
  await page.locator(`${pickerId} input[type="hidden"][name="photoIds"]`).nth(before + files.length - 1).waitFor({ state: 'attached' });
}

export interface ReportInput {
  location: string;
  /** the category's label, e.g. 消防安全 */
  category: string;
  description: string;
  /** the source's label, e.g. 日常巡查 */
  source?: string;
  subItem?: string;
  photos?: Array<ReturnType<typeof pngFile>>;
}

/** Fills the report form on /hazards/new (the subject stays at its default, 校内). */
export async function fillReport(page: Page, input: ReportInput): Promise<void> {
  const form = page.locator('form[action="/hazards"]');
  await field(form, '具体位置').fill(input.location);
  await field(form, '隐患类别').selectOption({ label: input.category });
  if (input.subItem) await field(form, '具体子项').fill(input.subItem);
  await field(form, '隐患描述').fill(input.description);
  if (input.source) await field(form, '发现途径').selectOption({ label: input.source });
  if (input.photos?.length) await attachPhotos(form, '现场照片', input.photos);
}

/** Submits the report form and waits for the new hazard's page; returns its id. */
export async function submitReport(page: Page): Promise<number> {
  await page.locator('form[action="/hazards"]').getByRole('button', { name: '提交上报' }).click();
  await waitForHazardPage(page);
  await page.locator('main h1 .state').waitFor();
  return hazardIdOf(page);
}

/**
 * One action form of the hazard page (a <details> whose summary is `title`, e.g. 核实定级), opened if it
 * is closed. Returns the <details> element to fill fields in.
 */
export async function openAction(page: Page, title: string): Promise<Locator> {
  const details = page.locator('details.action').filter({ has: page.locator('summary', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }) });
  await details.waitFor();
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await details.locator('form').waitFor();
  return details;
}

/** Presses an action form's submit button and waits until the hazard page shows `nextState`. */
export async function submitAction(page: Page, action: Locator, nextState: string): Promise<void> {
  await action.locator('form button[type="submit"]').click();
  await waitForState(page, nextState);
}

/** The 处理过程 timeline as its events' names, oldest first (e.g. 上报隐患, 核实定级, …). */
export async function timelineSteps(page: Page): Promise<string[]> {
  const panel = page.locator('section.panel').filter({ has: page.getByRole('heading', { name: '处理过程', exact: true }) });
  return (await panel.locator('ol.timeline > li strong').allTextContents()).map((s) => s.trim());
}

/** How many CSS pixels the page is wider than the viewport (0 = no sideways scrolling on a phone). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
