// Every page a browser test sees is checked twice when the test file ends (useServerAndBrowser's afterAll):
// - axe-core on each state of the page the user saw: the page as loaded and after each htmx swap, in the
//   language it was shown in. Any violation of impact serious or critical fails the file.
// - the Nu HTML Checker (vnu-jar, Java) on each HTML document the server sent. Any error fails the file,
//   except those about htmx's own attributes (hx-*, hx-on:…, …:inherited), which HTML does not know.
// The pages are recorded while the test runs (cheaply: a copy of the DOM, the response text) and checked
// afterwards in a page of their own, so the checks never race the test's clicks and skip no page.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const VNU_JAR: string = require('vnu-jar');
const JAVA = process.env.JAVA ?? '/usr/bin/java';

interface Snapshot {
  url: string;
  width: number;
  height: number;
  html: string;
}

const snapshots = new Map<string, Snapshot>();
const documents = new Map<string, { url: string; html: string }>();

/** Nonces and CSRF tokens change on every response; without them, a page seen twice is recorded once. */
const keyOf = (html: string) => createHash('sha256').update(html.replace(/nonce="[^"]*"|"x-csrf-token":"[^"]*"/gi, '')).digest('hex');

/**
 * Records, for this browser context, the DOM after each load and each htmx swap, and each HTML document
 * the server answers (page loads and boosted requests). Call before the context opens its first page.
 */
export async function recordPages(context: BrowserContext): Promise<void> {
  await context.exposeBinding('__recordPage', (_source, url: string, html: string, width: number, height: number) => {
    const key = keyOf(html);
    if (!snapshots.has(key)) snapshots.set(key, { url, html, width, height });
  });
  await context.addInitScript(() => {
    const record = () =>
      (window as unknown as { __recordPage: (...a: unknown[]) => void }).__recordPage(location.href, document.documentElement.outerHTML, innerWidth, innerHeight);
    document.addEventListener('DOMContentLoaded', record);
    document.addEventListener('htmx:after:swap', record);
    document.addEventListener('htmx:after:settle', record);
  });
  context.on('response', (response) => {
    if (!response.ok() || !(response.headers()['content-type'] ?? '').startsWith('text/html')) return;
    response
      .text()
      .then((html) => {
        // Whole documents only: fragments for htmx partial swaps are checked by axe inside their page.
        if (!/^<!DOCTYPE html>/i.test(html.trimStart()) && !/^<html/i.test(html.trimStart())) return;
        const key = keyOf(html);
        if (!documents.has(key)) documents.set(key, { url: response.url(), html });
      })
      .catch(() => {
        // the page navigated on before the body was read: its next load is recorded instead
      });
  });
}

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** axe-core over every recorded page state; one line per serious or critical violation. */
export async function axeViolations(browser: Browser, baseURL: string): Promise<string[]> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const problems: string[] = [];
  let current = '';
  // Each recorded state is served under one URL of the app's origin, so its stylesheet loads as it did.
  await page.route(`${baseURL}/__recorded-page`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: current }));
  try {
    for (const snap of snapshots.values()) {
      // Scripts stripped: the copy is looked at, not used (htmx would otherwise start working on it).
      current = '<!DOCTYPE html>' + snap.html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
      await page.setViewportSize({ width: snap.width, height: snap.height });
      await page.goto('/__recorded-page', { waitUntil: 'load' });
      await page.evaluate(AXE_SOURCE);
      const violations = (await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
        return (await axe.run(document, { resultTypes: ['violations'] })).violations;
      })) as AxeViolation[];
      const lang = await page.evaluate(() => document.documentElement.lang);
      for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
        const targets = v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ');
        problems.push(`axe ${v.impact} ${v.id} on ${snap.url} (${lang}, ${snap.width}px): ${v.help} — ${targets}${v.nodes.length > 5 ? ` (+${v.nodes.length - 5})` : ''}`);
      }
    }
  } finally {
    await context.close();
  }
  return problems;
}

interface VnuMessage {
  type: string;
  subType?: string;
  message: string;
  url: string;
  lastLine?: number;
  extract?: string;
}

/** htmx attributes are not HTML's: hx-get, hx-on:click, hx-boost:inherited, … */
const ABOUT_HTMX = /(Attribute|attribute) “(hx-[^”]*|[^”]*:inherited)”|“hx-[^”]*”.*(not allowed|XML 1\.0)/;

/** The Nu HTML Checker over every recorded document; one line per error (htmx attributes aside). */
export async function htmlErrors(dir: string): Promise<string[]> {
  if (documents.size === 0) return [];
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const urls = new Map<string, string>();
  let n = 0;
  for (const doc of documents.values()) {
    const file = join(dir, `page-${String(++n).padStart(3, '0')}.html`);
    writeFileSync(file, doc.html);
    urls.set(file, doc.url);
  }
  const run = promisify(execFile);
  const args = ['-Xss4m', '-jar', VNU_JAR, '--format', 'json', '--errors-only', '--exit-zero-always', ...urls.keys()];
  const { stderr } = await run(JAVA, args, { maxBuffer: 64 * 1024 * 1024 });
  const messages = (JSON.parse(stderr) as { messages: VnuMessage[] }).messages;
  return messages
    .filter((m) => m.type === 'error' && !ABOUT_HTMX.test(m.message))
    .map((m) => {
      const file = decodeURIComponent(m.url.replace(/^file:/, ''));
      return `vnu on ${urls.get(file) ?? file} (${file.split('/').pop()}, line ${m.lastLine ?? '?'}): ${m.message}${m.extract ? ` — ${m.extract.trim().slice(0, 120)}` : ''}`;
    });
}

/** How many page states and documents were recorded (for the failure message and a sanity check). */
export const recordedCounts = () => ({ states: snapshots.size, documents: documents.size });
