// A supervisor signs in, switches the interface to English, and signs out — in real Chromium.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { openPage, screenshotBoth, signIn, signOut, switchLanguage, useServerAndBrowser } from './browser.js';

const zh = translator('zh-CN');
const en = translator('en');

const env = useServerAndBrowser();

describe('signing in and out', () => {
  it('supervisor: sign in, English, sign out', async () => {
    const { page, problems, close } = await openPage(env.browser, env.server.url);
    try {
      // Not signed in: any page leads to the sign-in form, in Chinese.
      await page.goto('/');
      expect(new URL(page.url()).pathname).toBe('/login');
      await expect.poll(() => page.locator('main h1').textContent()).toBe(zh('auth.signIn'));
      await screenshotBoth(page, 'sign-in');

      await signIn(page, 'supervisor');
      expect(new URL(page.url()).pathname).toBe('/home/supervisor');
      expect(await page.locator('main h1').textContent()).toBe(zh('home.supervisor'));
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      // A doctype: standards mode, not quirks mode.
      expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat');
      // The stylesheet and htmx loaded from /static (a missing one would show as a console error too).
      const cssRules = await page.evaluate(
        () => [...document.styleSheets].find((s) => s.href?.includes('/static/css/app.css'))?.cssRules.length ?? 0,
      );
      expect(cssRules).toBeGreaterThan(0);
      expect(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx)).toBe('object');
      await screenshotBoth(page, 'home-supervisor');

      await switchLanguage(page, 'en');
      await expect.poll(() => page.locator('main h1').textContent()).toBe(en('home.supervisor'));
      expect(await page.locator('header').textContent()).toContain(en('auth.signOut'));
      await screenshotBoth(page, 'home-supervisor-en');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');

      // Switched back to Chinese in another tab: the next boosted navigation here (htmx swaps only the
      // body) still brings <html lang> along with the Chinese page.
      const otherTab = await page.context().newPage();
      await otherTab.goto('/home/supervisor');
      await switchLanguage(otherTab, 'zh-CN');
      await otherTab.close();
      await page.locator('nav.main-nav a').first().click();
      await expect.poll(() => page.locator('main h1').textContent()).not.toBe(en('home.supervisor'));
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await switchLanguage(page, 'en');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');

      await signOut(page);
      await expect.poll(() => page.locator('main h1').textContent()).toBe(en('auth.signIn'));
      await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
      await screenshotBoth(page, 'sign-in-en');

      // Signed out for real: the home page sends the browser back to the sign-in form.
      await page.goto('/home/supervisor');
      expect(new URL(page.url()).pathname).toBe('/login');

      // Static files are versioned and immutable: across every page above (full loads included: signing
      // in, the language switch, signing out), the browser asked for each one once.
      const staticRequests = env.server.logs
        .map((line) => JSON.parse(line) as { msg: string; path?: string })
        .filter((e) => e.msg === 'request' && e.path?.startsWith('/static/'))
        .map((e) => e.path!);
      expect(staticRequests.length).toBeGreaterThanOrEqual(3);
      expect(staticRequests.filter((path, i) => staticRequests.indexOf(path) !== i)).toEqual([]);

      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
