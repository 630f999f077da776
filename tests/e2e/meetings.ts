// Reusable helpers for browser tests of the joint meetings: scheduling, the agenda, the live page
// (whose links and forms swap the #live area in place with htmx), attachments and the printed minutes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
// unpdf (a dev dependency, MIT, unjs) wraps Mozilla's pdf.js in a build that runs in plain Node with no
// canvas and no worker set-up. It reads the text of Chromium's PDFs, Chinese included, through the
// embedded fonts' ToUnicode maps. 1.7.0 is pinned: 1.8 needs Node 22 and this project runs on Node 20.
import { extractText, getDocumentProxy } from 'unpdf';
import { translator, type MessageKey } from '../../src/i18n/index.js';
import { ARTIFACTS_DIR } from './browser.js';
import { escapeRegExp, field } from './hazards.js';

/** The interface's Chinese texts, from the catalogue the app uses (labels, buttons, notices). */
export const zh = translator('zh-CN');

/** A file for setInputFiles (no file on disk). */
export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * A small but valid one-page PDF showing `text` (ASCII), built with a correct cross-reference table so
 * any reader opens it. The app recognises a PDF from its first bytes (%PDF-).
 */
export function pdfFile(name: string, text: string): UploadFile {
  const safe = text.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, (c) => `\\${c}`);
  const stream = `BT /F1 18 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body, 'latin1') };
}

/** The text of a PDF, all pages joined. */
export async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(doc, { mergePages: true });
  return { text, pages: totalPages };
}

/** Text with every space and line break removed: Chinese lines wrap anywhere in a PDF. */
export const squash = (s: string): string => s.replace(/\s+/g, '');

/** Saves bytes next to the screenshots (test-artifacts/e2e/<name>) and returns the path. */
export function saveArtifact(name: string, bytes: Uint8Array): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, name);
  writeFileSync(path, bytes);
  return path;
}

/**
 * Accepts every confirmation (htmx's hx-confirm uses window.confirm) and keeps their messages, so a
 * test can check that the right question was asked.
 */
export function acceptDialogs(page: Page): string[] {
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.accept();
  });
  return asked;
}

/** Waits for the flash message (`p.flash`) reading `text`; in <main>, or in the live area. */
export async function waitForFlash(page: Page, text: string): Promise<void> {
  await page.locator('p.flash', { hasText: text }).waitFor();
}

/** The id of the meeting page /meetings/<id> the page is on. */
export function meetingIdOf(page: Page): number {
  const match = /^\/meetings\/(\d+)$/.exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`not on a meeting page: ${page.url()}`);
  return Number(match[1]);
}

export interface MeetingInput {
  number: string;
  title: string;
  /** the kind's label, e.g. 定期风险研判会 */
  kind: string;
  date: string;
  start: string;
  end: string;
  place: string;
  convener: string;
  chair: string;
  /** invited member units by name, e.g. 公安分局 */
  units: string[];
}

/** Fills and saves the 安排会议 form (/meetings/new); waits for the new meeting's page and returns its id. */
export async function scheduleMeeting(page: Page, input: MeetingInput): Promise<number> {
  const form = page.locator('form[action="/meetings"]');
  await field(form, zh('meeting.number')).fill(input.number);
  await field(form, zh('meeting.title')).fill(input.title);
  await field(form, zh('meeting.kindLabel')).selectOption({ label: input.kind });
  await field(form, zh('meeting.date')).fill(input.date);
  await field(form, zh('meeting.start')).fill(input.start);
  await field(form, zh('meeting.end')).fill(input.end);
  await field(form, zh('meeting.place')).fill(input.place);
  await field(form, zh('meeting.convener')).fill(input.convener);
  await field(form, zh('meeting.chair')).fill(input.chair);
  for (const unit of input.units) await form.getByRole('checkbox', { name: unit, exact: true }).check();
  await form.getByRole('button', { name: zh('action.save') }).click();
  await page.waitForURL((url) => /^\/meetings\/\d+$/.test(url.pathname));
  await waitForFlash(page, zh('meeting.flash.scheduled'));
  return meetingIdOf(page);
}

/** Presses one of the agenda's buttons on the meeting page (生成建议议程, 发布…) and waits for its notice. */
export async function agendaButton(page: Page, label: MessageKey, notice: MessageKey): Promise<void> {
  await page.locator('#agenda').getByRole('button', { name: zh(label), exact: true }).click();
  await waitForFlash(page, zh(notice));
}

export interface AgendaEntry {
  /** the kind's label, e.g. 待核实隐患 */
  kind: string;
  title: string;
  /** the hazard, order or resolution the item links to */
  href: string | null;
}

/** The agenda as the meeting page lists it, in order. */
export async function agendaEntries(page: Page): Promise<AgendaEntry[]> {
  return page.locator('#agenda ol.agenda > li').evaluateAll((items) =>
    items.map((li) => {
      const link = li.querySelector(':scope > a');
      const kind = li.querySelector(':scope > .badge')?.textContent?.trim() ?? '';
      // The title is the link's text, or else the item's own text between the badge and the reason.
      const own = [...li.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      return { kind, title: link?.textContent?.trim() ?? own, href: link?.getAttribute('href') ?? null };
    }),
  );
}

/** The live area (#live), which htmx swaps whole after every step. */
export const liveArea = (page: Page): Locator => page.locator('#live');

/** Waits until the live page shows the item titled `title` (its heading reads "<n>. <title>"). */
export async function waitForLiveItem(page: Page, title: string): Promise<void> {
  await page.locator('#live-item-title', { hasText: new RegExp(`^\\s*\\d+\\.\\s*${escapeRegExp(title)}\\s*$`) }).waitFor();
}

/** The link to an item in the live page's agenda list. */
export function liveAgendaLink(page: Page, title: string): Locator {
  return page.locator('nav.live-agenda a').filter({ has: page.locator('.live-agenda-title', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
}

/** The item's outcome badge (未议, 已决定…) in the live page's agenda list. */
export async function liveOutcome(page: Page, title: string): Promise<string> {
  return ((await liveAgendaLink(page, title).locator('.badge').textContent()) ?? '').trim();
}

/**
 * Marks the document, the page heading and the live area so a later check can tell what was replaced:
 * a full load loses the window marker, a boosted navigation replaces the heading, an htmx swap of the
 * live area replaces only #live.
 */
export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eMarker?: number }).__e2eMarker = 1;
    (document.querySelector('main h1') as unknown as { __e2eMarker?: number }).__e2eMarker = 1;
    (document.getElementById('live') as unknown as { __e2eMarker?: number }).__e2eMarker = 1;
  });
}

/** What survived since markPage: the window, the heading outside the live area, the live area itself. */
export async function marksKept(page: Page): Promise<{ window: boolean; heading: boolean; live: boolean }> {
  return page.evaluate(() => ({
    window: (window as unknown as { __e2eMarker?: number }).__e2eMarker === 1,
    heading: (document.querySelector('main h1') as unknown as { __e2eMarker?: number }).__e2eMarker === 1,
    live: (document.getElementById('live') as unknown as { __e2eMarker?: number } | null)?.__e2eMarker === 1,
  }));
}

/**
 * Catalogue keys shown instead of text (a missing translation prints its key, e.g. live.outcome.none).
 * Looks at the visible text of <main>.
 */
export async function untranslatedKeys(page: Page): Promise<string[]> {
  const text = (await page.locator('main').innerText()) ?? '';
  return [...text.matchAll(/\b(?:live|agenda|meeting|minutes|resolution|attachment|order|hazard|event|notice|grade|scoring|state|form|action|validation)\.[a-z][A-Za-z0-9_.]*/g)].map((m) => m[0]);
}
