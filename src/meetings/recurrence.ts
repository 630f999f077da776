/**
 * Recurring meeting rules: "monthly on the second Tuesday", "monthly on the 31st", "last Friday of
 * each month", "quarterly on the first Wednesday". Dates are Shanghai calendar dates 'YYYY-MM-DD';
 * no clock: the caller passes `from`. Holidays are not considered.
 */
import { addDays, dateInMonth, daysBetween, isValidDate, weekdayOf } from '../lib/shanghai-time.js';
import { chineseNumeral } from './minutes.js';

/** 0 = Sunday, as Date#getUTCDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
/** -1 = the last one. There is no 5th: most months lack a fifth of any weekday. */
export type Ordinal = 1 | 2 | 3 | 4 | -1;

/** The day within a month: the n-th (or last) weekday, or a day number clamped to the month's last day. */
export type DayOfMonth = { weekday: Weekday; ordinal: Ordinal } | { monthDay: number };

interface Common {
  /** Every n-th week / month / quarter; default 1. */
  interval?: number;
  /**
   * The series' first date. Intervals count from the first occurrence on or after it, so paging
   * through a series with a later `from` never shifts it. Default: `from`.
   */
  startsOn?: string;
}

/** Quarterly means the quarter's first month: January, April, July, October. */
export type RecurrenceRule =
  | (Common & { freq: 'weekly'; weekday: Weekday })
  | (Common & { freq: 'monthly' } & DayOfMonth)
  | (Common & { freq: 'quarterly' } & DayOfMonth);

export const MAX_INTERVAL = 99;
const EPOCH = '1970-01-01'; // a Thursday
const isInt = (v: unknown, lo: number, hi: number): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** Runtime check, for rules read back from JSON. Mixed shapes (monthDay and ordinal) are refused. */
export function isValidRule(rule: unknown): rule is RecurrenceRule {
  if (typeof rule !== 'object' || rule === null) return false;
  const r = rule as Record<string, unknown>;
  if (r.interval !== undefined && !isInt(r.interval, 1, MAX_INTERVAL)) return false;
  if (r.startsOn !== undefined && !(typeof r.startsOn === 'string' && isValidDate(r.startsOn))) return false;
  if (r.freq === 'weekly') return isInt(r.weekday, 0, 6) && r.ordinal === undefined && r.monthDay === undefined;
  if (r.freq !== 'monthly' && r.freq !== 'quarterly') return false;
  if (r.monthDay !== undefined) return isInt(r.monthDay, 1, 31) && r.weekday === undefined && r.ordinal === undefined;
  return isInt(r.weekday, 0, 6) && [1, 2, 3, 4, -1].includes(r.ordinal as number);
}

function dayInMonth(y: number, m0: number, by: DayOfMonth): string {
  if ('monthDay' in by) return dateInMonth(y, m0 + 1, by.monthDay);
  const first = dateInMonth(y, m0 + 1, 1);
  if (by.ordinal === -1) {
    const last = dateInMonth(y, m0 + 1, 31);
    return addDays(last, -((weekdayOf(last) - by.weekday + 7) % 7));
  }
  return addDays(first, ((by.weekday - weekdayOf(first) + 7) % 7) + 7 * (by.ordinal - 1));
}

/**
 * Periods are numbered consecutively (weeks Monday to Sunday, as Chinese calendars print them;
 * months; quarters) so that "every n-th" is plain arithmetic. Every period holds exactly one occurrence.
 */
function periodOf(freq: RecurrenceRule['freq'], date: string): number {
  if (freq === 'weekly') return Math.floor((daysBetween(EPOCH, date) + 3) / 7);
  const [y, m] = date.split('-').map(Number);
  const month = (y ?? 0) * 12 + (m ?? 1) - 1;
  return freq === 'monthly' ? month : Math.floor(month / 3);
}

function occurrenceIn(rule: RecurrenceRule, p: number): string {
  if (rule.freq === 'weekly') return addDays(EPOCH, 7 * p - 3 + ((rule.weekday + 6) % 7));
  const month = rule.freq === 'monthly' ? p : p * 3;
  return dayInMonth(Math.floor(month / 12), ((month % 12) + 12) % 12, rule);
}

/** The next `count` occurrences on or after `from` (inclusive), none after `until` (inclusive). */
export function occurrences(rule: RecurrenceRule, from: string, count: number, until?: string): string[] {
  if (!isValidRule(rule)) throw new RangeError('invalid recurrence rule');
  if (!isValidDate(from)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${from}`);
  if (until !== undefined && !isValidDate(until)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${until}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number, got ${count}`);
  const n = rule.interval ?? 1;
  const start = rule.startsOn !== undefined && rule.startsOn > from ? rule.startsOn : from;
  // The series' first period holds the first occurrence on or after its start.
  const anchor = rule.startsOn ?? from;
  let first = periodOf(rule.freq, anchor);
  if (occurrenceIn(rule, first) < anchor) first += 1;
  // Jump over whole intervals before `start` (a series may be years old); earlier periods end before it.
  let p = first + Math.max(0, Math.floor((periodOf(rule.freq, start) - first) / n)) * n;
  const out: string[] = [];
  for (; out.length < count; p += n) {
    const date = occurrenceIn(rule, p);
    if (until !== undefined && date > until) break;
    if (date >= start) out.push(date);
  }
  return out;
}

const WEEKDAYS_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const ORDINALS_ZH: Record<Ordinal, string> = { 1: '第一个', 2: '第二个', 3: '第三个', 4: '第四个', [-1]: '最后一个' };
const ORDINALS_EN: Record<Ordinal, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };

function nth(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function describeZh(rule: RecurrenceRule): string {
  const n = rule.interval ?? 1;
  const unit = ({ weekly: ['周', '周'], monthly: ['月', '个月'], quarterly: ['季度', '个季度'] } as const)[rule.freq];
  const every = n === 1 ? `每${unit[0]}` : `每${n === 2 ? '两' : chineseNumeral(n)}${unit[1]}`;
  // 每月第二个星期二 but 每两个月的第二个星期二: the 的 reads naturally only after a count.
  const of = n === 1 ? '' : '的';
  if (rule.freq === 'weekly') return every + of + WEEKDAYS_ZH[rule.weekday];
  const day =
    'monthDay' in rule
      ? `${rule.monthDay}日${rule.monthDay > 28 ? '（无该日的月份取月末）' : ''}`
      : ORDINALS_ZH[rule.ordinal] + WEEKDAYS_ZH[rule.weekday];
  if (rule.freq === 'monthly') return every + of + day;
  return `${every}${n === 1 ? '首月（1、4、7、10月）' : '首月'}的${day}`;
}

function describeEn(rule: RecurrenceRule): string {
  const n = rule.interval ?? 1;
  const units = { weekly: ['Weekly', 'weeks'], monthly: ['Monthly', 'months'], quarterly: ['Quarterly', 'quarters'] } as const;
  const unit = units[rule.freq];
  const every = n === 1 ? unit[0] : `Every ${n} ${unit[1]}`;
  if (rule.freq === 'weekly') return `${every} on ${WEEKDAYS_EN[rule.weekday]}`;
  const day =
    'monthDay' in rule ? `the ${nth(rule.monthDay)}` : `the ${ORDINALS_EN[rule.ordinal]} ${WEEKDAYS_EN[rule.weekday]}`;
  const clamp = 'monthDay' in rule && rule.monthDay > 28 ? ' (or the last day of shorter months)' : '';
  if (rule.freq === 'monthly') return `${every} on ${day}${clamp}`;
  const months = n === 1 ? 'January, April, July and October' : "the quarter's first month";
  return `${every} on ${day} of ${months}${clamp}`;
}

/** 每月第二个星期二 / "Monthly on the second Tuesday". */
export function describeRule(rule: RecurrenceRule, locale: 'zh-CN' | 'en'): string {
  return locale === 'zh-CN' ? describeZh(rule) : describeEn(rule);
}

/**
 * A rule from a simple form: freq, weekday (0–6), ordinal (1–4, -1 or 'last'), monthDay (1–31),
 * interval (blank = 1), startsOn. Monthly/quarterly take monthDay or ordinal+weekday, never both.
 * Returns null when anything is missing or malformed. Fields the frequency does not use are ignored.
 */
export function parseRule(form: Record<string, string>): RecurrenceRule | null {
  const text = (k: string) => (form[k] ?? '').trim();
  // NaN for junk, so that the validity check refuses it instead of treating it as "not given".
  const num = (k: string) => (text(k) === '' ? undefined : /^-?\d+$/.test(text(k)) ? Number(text(k)) : NaN);
  const freq = text('freq');
  const interval = num('interval');
  const ordinal = text('ordinal') === 'last' ? -1 : num('ordinal');
  const monthDay = num('monthDay');
  const common = {
    ...(interval === 1 || interval === undefined ? {} : { interval }),
    ...(text('startsOn') === '' ? {} : { startsOn: text('startsOn') }),
  };
  let rule: unknown;
  if (freq === 'weekly') rule = { freq, ...common, weekday: num('weekday') };
  else if (freq === 'monthly' || freq === 'quarterly') {
    if (monthDay !== undefined && ordinal !== undefined) return null;
    rule = monthDay !== undefined ? { freq, ...common, monthDay } : { freq, ...common, weekday: num('weekday'), ordinal };
  } else return null;
  return isValidRule(rule) ? rule : null;
}
