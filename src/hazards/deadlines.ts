/**
 * Deadline arithmetic. Deadlines are calendar dates 'YYYY-MM-DD' as people in the district read
 * them, i.e. in Asia/Shanghai. China has had no DST since 1991, so a fixed +8 h offset is exact
 * and we need no time-zone library. `now` is always passed in.
 */
import { type HazardState, isFinished } from './lifecycle.js';

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of the date, or null when the string is malformed or the date impossible (2026-02-30). */
function parse(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
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

/** The calendar date in Shanghai at this instant. */
export function shanghaiDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid instant');
  return format(ms + OFFSET_MS);
}

export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`days must be an integer, got ${n}`);
  return format(parseOrThrow(date) + n * DAY_MS);
}

/** Calendar months, clamping the day: 2026-05-31 minus 3 months is 2026-02-28. */
export function addMonths(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`months must be an integer, got ${n}`);
  const d = new Date(parseOrThrow(date));
  const target = d.getUTCFullYear() * 12 + d.getUTCMonth() + n;
  const y = Math.floor(target / 12);
  const m = target - y * 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return format(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
}

/** Days from a to b: positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseOrThrow(b) - parseOrThrow(a)) / DAY_MS);
}

/**
 * Today in Shanghai is after the deadline and the work has not been accepted yet.
 * A RECTIFIED hazard past its deadline stays overdue until someone accepts it.
 */
export function isOverdue(deadline: string | null, state: HazardState, now: Date): boolean {
  if (deadline === null || isFinished(state)) return false;
  return daysBetween(deadline, shanghaiDate(now)) > 0;
}

/** Not overdue, not finished, and the deadline is today or within the next `days` days. */
export function isDueSoon(deadline: string | null, state: HazardState, now: Date, days = 7): boolean {
  if (deadline === null || isFinished(state)) return false;
  const left = daysBetween(shanghaiDate(now), deadline);
  return left >= 0 && left <= days;
}

/** Whole days past the deadline (0 when not past or no deadline). Ignores state: pair with isOverdue. */
export function overdueDays(deadline: string | null, now: Date): number {
  if (deadline === null) return 0;
  return Math.max(0, daysBetween(deadline, shanghaiDate(now)));
}

/** A deadline someone may set now: a real date, today or later in Shanghai. */
export function isValidFutureDeadline(date: string, now: Date): boolean {
  const ms = parse(date);
  return ms !== null && ms >= parseOrThrow(shanghaiDate(now));
}

export type DeadlineFlag = 'overdue' | 'soon' | null;

/**
 * isOverdue / isDueSoon for a whole list at one instant: today's date is worked out once, and each
 * deadline is compared as a 'YYYY-MM-DD' string (such strings sort like the dates they name).
 */
export function deadlineFlagger(now: Date, days = 7): (deadline: string | null, state: HazardState) => DeadlineFlag {
  const today = shanghaiDate(now);
  const soonUntil = addDays(today, days);
  return (deadline, state) => {
    if (deadline === null || isFinished(state)) return null;
    if (deadline < today) return 'overdue';
    return deadline <= soonUntil ? 'soon' : null;
  };
}
