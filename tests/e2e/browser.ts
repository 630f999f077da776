// Reusable helpers for browser tests: Debian's Chromium driven by playwright-core (no bundled browsers).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Locale } from '../../src/db/schema/auth.js';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { startServer, type TestServer } from './server.js';
import { axeViolations, htmlErrors, recordedCounts, recordPages } from './page-checks.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** Screenshots go here (git-ignored). */
export const ARTIFACTS_DIR = join(import.meta.dirname, '../../test-artifacts/e2e');

let fontsChecked = false;

/** Chinese pages render as empty boxes without a CJK font (CI installs fonts-wqy-microhei). */
function warnWithoutCjkFont(): void {
  if (fontsChecked) return;
  fontsChecked = true;
  try {
    if (execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() === '') {
      console.warn('No CJK font installed: screenshots will show boxes for Chinese text (apt-get install fonts-wqy-microhei).');
    }
  } catch {
    // no fontconfig tools: nothing to say
  }
}

export function launchBrowser(): Promise<Browser> {
  warnWithoutCjkFont();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Console errors that are known and accepted, each with its reason. Keep this list short (now empty). */
export const IGNORED_PROBLEMS: RegExp[] = [];

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /**
   * Console errors, uncaught page errors and CSP violations seen so far, as readable lines.
   * A test asserts it is empty at the end (`expect(problems).toEqual([])`).
   */
  problems: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser context (own cookies) and page against `baseURL`. The browser asks for Chinese by
 * default, as the district's users' browsers do; pass `locale: 'en-US'` for an English browser.
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: { locale?: string; viewport?: ViewportName } = {},
): Promise<UserPage> {
  const context = await browser.newContext({
    baseURL,
    locale: options.locale ?? 'zh-CN',
    viewport: VIEWPORTS[options.viewport ?? 'desktop'],
  });
  // Every page this context shows is checked by axe and the Nu HTML Checker when the file ends (page-checks.ts).
  await recordPages(context);
  // Report CSP violations explicitly (init scripts are injected by the driver, outside the page's CSP).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url ? ` (${msg.location().url})` : '';
    const line = `console error on ${page.url()}: ${msg.text()}${where}`;
    if (!IGNORED_PROBLEMS.some((re) => re.test(line))) problems.push(line);
  });
  page.on('pageerror', (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`));
  return { context, page, problems, close: () => context.close() };
}

/** Signs in through the sign-in form and waits until the user's home page is shown. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#f-username').fill(username);
  await page.locator('#f-password').fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.locator('form[action="/login"] button[type="submit"]').click(),
  ]);
  await page.locator('main h1').waitFor();
}

/** Presses a language button in the header and waits until the page shows that language. */
export async function switchLanguage(page: Page, locale: Locale): Promise<void> {
  await page.locator(`form.lang-switch button[value="${locale}"]`).click();
  await page.locator(`form.lang-switch button[value="${locale}"][aria-pressed="true"]`).waitFor();
}

/** Signs out through the account menu and waits for the sign-in form. */
export async function signOut(page: Page): Promise<void> {
  await page.locator('details.account-menu summary').click();
  await page.locator('form[action="/logout"] button[type="submit"]').click();
  await page.locator('form[action="/login"] #f-username').waitFor();
}

/** Full-page screenshot at a named width, saved as test-artifacts/e2e/<name>-<viewport>.png. */
export async function screenshot(page: Page, name: string, viewport: ViewportName): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.setViewportSize(VIEWPORTS[viewport]);
  const path = join(ARTIFACTS_DIR, `${name}-${viewport}.png`);
  // caret 'initial': Playwright's caret hiding leaves style="" on every input; htmx 4 copies it onto the
  // same-id elements of the next boosted page with setAttribute, which the CSP reports as a violation.
  await page.screenshot({ path, fullPage: true, caret: 'initial' });
  return path;
}

/** Screenshots at phone and desktop width; leaves the page at desktop width. */
export async function screenshotBoth(page: Page, name: string): Promise<string[]> {
  const paths = [await screenshot(page, name, 'phone'), await screenshot(page, name, 'desktop')];
  return paths;
}

/**
 * One app server (demo data) and one Chromium for a whole test file, started together in beforeAll
 * and closed in afterAll. Read `.server` and `.browser` inside the tests. Before closing, every page the
 * file's browser contexts showed goes through axe and the Nu HTML Checker (page-checks.ts): a serious or
 * critical axe violation, or an HTML error, fails the file. The documents checked are kept in
 * test-artifacts/html/<test file>/.
 */
export function useServerAndBrowser(): { server: TestServer; browser: Browser } {
  const env = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    [env.server, env.browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  // vitest wants a destructuring pattern as a hook's first argument; the suite (for the file name) is the second.
  // eslint-disable-next-line no-empty-pattern
  afterAll(async ({}, suite) => {
    try {
      if (!env.browser || !env.server) return;
      const name = basename(suite.file?.filepath ?? 'e2e', '.test.ts');
      const problems = [...(await axeViolations(env.browser, env.server.url)), ...(await htmlErrors(join(ARTIFACTS_DIR, '../html', name)))];
      const { states, documents } = recordedCounts();
      if (problems.length > 0) throw new Error(`${problems.length} problems on the ${states} page states and ${documents} documents seen:\n${problems.join('\n')}`);
    } finally {
      await env.browser?.close();
      await env.server?.close();
    }
  }, 600_000);
  return env;
}

/** The users of one browser test, each signed in in their own context; their problems and closing go together. */
export function signedInUsers(env: { server: TestServer; browser: Browser }) {
  const users = new Map<string, UserPage>();
  return {
    async open(username: string, viewport: ViewportName): Promise<UserPage> {
      const user = await openPage(env.browser, env.server.url, { viewport });
      users.set(username, user);
      await signIn(user.page, username);
      return user;
    },
    /** console errors and CSP violations, by user */
    problems: () => Object.fromEntries([...users].map(([name, user]) => [name, user.problems])),
    async closeAll(): Promise<void> {
      for (const user of users.values()) await user.close();
    },
  };
}
