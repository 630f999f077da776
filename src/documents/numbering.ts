/**
 * Official document numbers (发文字号) and meeting numbers — pure rules, no database, no clock.
 *
 * A document number is the issuing body's code (机关代字, the configurable prefix of the document's kind),
 * the year in hexagonal brackets 〔〕 and the sequence number of the kind in that year, followed by 号:
 * 浈教安纪〔2026〕3号. GB/T 9704-2012 §7.2.4: the year in full, the sequence without leading zeros and
 * without 第.
 */

/** The kinds of numbered documents; the coming briefs, notices and 通报 add theirs here. */
export const DOCUMENT_KINDS = ['minutes', 'order'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The prefixes a new installation starts with (the district bureau's safety office). */
export const DEFAULT_PREFIXES: Record<DocumentKind, string> = { minutes: '浈教安纪', order: '浈教安督' };

export interface NumberParts {
  year: number;
  seq: number;
}

export const MAX_PREFIX_LENGTH = 12;

/**
 * A prefix is the code alone: letters or 汉字 (no brackets, digits or 号, which would make numbers
 * ambiguous to read back). Returns whether it may be used.
 */
export function isValidPrefix(prefix: string): boolean {
  return prefix.length >= 1 && prefix.length <= MAX_PREFIX_LENGTH && /^[\p{Script=Han}A-Za-z]+$/u.test(prefix);
}

export function formatDocumentNumber(prefix: string, parts: NumberParts): string {
  if (!Number.isInteger(parts.seq) || parts.seq < 1) throw new RangeError(`sequence must be a positive integer, got ${parts.seq}`);
  if (!Number.isInteger(parts.year) || parts.year < 1000 || parts.year > 9999) throw new RangeError(`year must have four digits, got ${parts.year}`);
  return `${prefix}〔${parts.year}〕${parts.seq}号`;
}

/**
 * Reads a number typed by hand: it must be exactly `prefix〔YYYY〕N号` (surrounding blanks ignored).
 * Other brackets ([] () 【】 〈〉), a leading zero, 第 or another prefix: null.
 */
export function parseDocumentNumber(prefix: string, text: string): NumberParts | null {
  const m = /^(.+)〔(\d{4})〕([1-9]\d{0,5})号$/u.exec(text.trim());
  if (!m || m[1] !== prefix) return null;
  return { year: Number(m[2]), seq: Number(m[3]) };
}

/** The next sequence number of a kind in a year, after the highest one taken (1 when none). */
export const nextSequence = (highestTaken: number | null): number => (highestTaken ?? 0) + 1;

/** 2026年第12次 — how meetings are numbered: the n-th sitting of the year. */
const MEETING_NUMBER = /^(\d{4})年第([1-9]\d{0,3})次$/u;

export function parseMeetingNumber(text: string): NumberParts | null {
  const m = MEETING_NUMBER.exec(text.trim());
  return m ? { year: Number(m[1]), seq: Number(m[2]) } : null;
}

export const formatMeetingNumber = (parts: NumberParts): string => `${parts.year}年第${parts.seq}次`;

/**
 * The numbers of the meetings of a recurring series, one per date ('YYYY-MM-DD', ascending).
 * A first number of the form 2026年第12次 continues within its year (第13次, 第14次 …) and restarts in each
 * new year after the highest number already given in that year (`highestIn(year)`, null when none —
 * so 2027年第1次 normally). Any other first number gets -1, -2 … as before.
 * Returns null when the first number names another year than the first meeting's date: that number is wrong.
 */
export function seriesNumbers(first: string, dates: string[], highestIn: (year: number) => number | null): string[] | null {
  const base = parseMeetingNumber(first);
  if (!base) return dates.map((_, i) => `${first.trim()}-${i + 1}`);
  const yearOf = (date: string) => Number(date.slice(0, 4));
  if (dates.length > 0 && yearOf(dates[0]!) !== base.year) return null;
  const next = new Map<number, number>([[base.year, base.seq]]);
  return dates.map((date) => {
    const year = yearOf(date);
    const seq = next.get(year) ?? nextSequence(highestIn(year));
    next.set(year, seq + 1);
    return formatMeetingNumber({ year, seq });
  });
}
