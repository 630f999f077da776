/**
 * Dates and times as people in the district read them: the wall clock of Asia/Shanghai.
 *
 * The one place that turns instants into Shanghai dates and times and back. It asks Intl (with the
 * time zone) for the wall clock, so nothing here adds "+8 h" by hand; the rest of the code calls
 * these functions and never does its own time-zone arithmetic. See docs/decisions/0006.
 *
 * Two kinds of value:
 * - an instant (`Date`), stored as timestamptz in UTC;
 * - a calendar date 'YYYY-MM-DD' (deadlines, meeting days), which has no time zone of its own:
 *   it is the date a person in Shanghai would write. Calendar arithmetic (addDays …) is zone-free.
 */

export const TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

// One formatter, built once: constructing Intl formatters is the expensive part.
const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface WallClock {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:mm' */
  time: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The Shanghai wall clock at this instant. */
export function shanghaiWallClock(instant: Date): WallClock {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid instant');
  const p: Record<string, number> = {};
  for (const part of wallClock.formatToParts(instant)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const [year, month, day, hour, minute, second] = [p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!];
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`,
    time: `${pad(hour)}:${pad(minute)}`,
    year,
    month,
    day,
    hour,
    minute,
    second,
  };
}

/** The calendar date in Shanghai at this instant. */
export function shanghaiDate(instant: Date): string {
  return shanghaiWallClock(instant).date;
}

/** 'YYYY-MM-DD HH:mm' in Shanghai: how the app shows an instant. */
export function shanghaiDateTime(instant: Date): string {
  const w = shanghaiWallClock(instant);
  return `${w.date} ${w.time}`;
}

/** 'YYYY-MM-DDTHH:mm' in Shanghai: the value of a datetime-local field. */
export function shanghaiInputValue(instant: Date): string {
  const w = shanghaiWallClock(instant);
  return `${w.date}T${w.time}`;
}

/** How far the Shanghai wall clock is ahead of UTC at this instant, in ms (asked of Intl). */
function offsetAt(ms: number): number {
  const w = shanghaiWallClock(new Date(ms));
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which Shanghai's wall clock shows this date and time ('HH:mm' or 'HH:mm:ss').
 * Throws RangeError on a malformed or impossible date or time.
 */
export function shanghaiInstant(date: string, time = '00:00'): Date {
  const base = parseOrThrow(date);
  const t = TIME_RE.exec(time);
  if (!t) throw new RangeError(`not a valid time 'HH:mm': ${time}`);
  const wall = base + (Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3] ?? 0)) * 1000;
  // Take the offset in force at the guess, then check it at the result (the two differ only
  // across a change of offset, which Shanghai has not had since 1991).
  let instant = wall - offsetAt(wall);
  const corrected = wall - offsetAt(instant);
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/** A datetime-local value 'YYYY-MM-DDTHH:mm[:ss]' read as Shanghai time; null when malformed. */
export function parseShanghaiInput(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)$/.exec(value);
  if (!m || !isValidDate(m[1]!) || !TIME_RE.test(m[2]!)) return null;
  return shanghaiInstant(m[1]!, m[2]!);
}

/** The first instant of that Shanghai day. */
export const startOfShanghaiDay = (date: string): Date => shanghaiInstant(date);

// ---------------------------------------------------------------- calendar dates (zone-free)

/** Midnight UTC of the date: a day number to count with, or null when malformed or impossible. */
function parse(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 02-30 over to 03-02; formatting back exposes that.
  return format(ms) === date ? ms : null;
}

function parseOrThrow(date: string): number {
  const ms = parse(date);
  if (ms === null) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${date}`);
  return ms;
}

const format = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function isValidDate(date: string): boolean {
  return parse(date) !== null;
}

/** The date's parts; throws RangeError when it is not a real date. */
export function dateParts(date: string): { year: number; month: number; day: number } {
  const d = new Date(parseOrThrow(date));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return new Date(parseOrThrow(date)).getUTCDay();
}

/** The date of that day in that month; `day` is clamped to the month's length (31 → 30 in April). */
export function dateInMonth(year: number, month: number, day: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return format(Date.UTC(year, month - 1, Math.min(Math.max(day, 1), last)));
}

export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`days must be an integer, got ${n}`);
  return format(parseOrThrow(date) + n * DAY_MS);
}

/** Calendar months, clamping the day: 2026-05-31 minus 3 months is 2026-02-28. */
export function addMonths(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`months must be an integer, got ${n}`);
  const { year, month, day } = dateParts(date);
  const target = year * 12 + (month - 1) + n;
  const y = Math.floor(target / 12);
  return dateInMonth(y, target - y * 12 + 1, day);
}

/** Days from a to b: positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseOrThrow(b) - parseOrThrow(a)) / DAY_MS);
}

// ---------------------------------------------------------------- words for people

const MONTHS_EN = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** 2026年12月8日 / 8 December 2026: a date as official documents write it. */
export function formatLongDate(date: string, locale: 'zh-CN' | 'en'): string {
  const { year, month, day } = dateParts(date);
  return locale === 'zh-CN' ? `${year}年${month}月${day}日` : `${day} ${MONTHS_EN[month - 1]} ${year}`;
}
