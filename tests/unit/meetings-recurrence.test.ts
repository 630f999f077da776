import { describe, it, expect } from 'vitest';
import { addDays } from '../../src/lib/shanghai-time.js';
import {
  type Ordinal,
  type RecurrenceRule,
  type Weekday,
  describeRule,
  isValidRule,
  occurrences,
  parseRule,
} from '../../src/meetings/recurrence.js';

const TUE = 2 as const;
const WED = 3 as const;
const FRI = 5 as const;

describe('occurrences: monthly by weekday', () => {
  const secondTuesday: RecurrenceRule = { freq: 'monthly', weekday: TUE, ordinal: 2 };

  it('lists the second Tuesday of each month', () => {
    expect(occurrences(secondTuesday, '2026-01-01', 6)).toEqual([
      '2026-01-13',
      '2026-02-10',
      '2026-03-10',
      '2026-04-14',
      '2026-05-12',
      '2026-06-09',
    ]);
  });

  it('includes a from-date that is itself an occurrence, and skips one just before', () => {
    expect(occurrences(secondTuesday, '2026-01-13', 2)).toEqual(['2026-01-13', '2026-02-10']);
    expect(occurrences(secondTuesday, '2026-01-14', 1)).toEqual(['2026-02-10']);
    expect(occurrences(secondTuesday, '2026-01-12', 1)).toEqual(['2026-01-13']);
  });

  it('rolls over the year', () => {
    expect(occurrences(secondTuesday, '2026-12-01', 3)).toEqual(['2026-12-08', '2027-01-12', '2027-02-09']);
    expect(occurrences(secondTuesday, '2026-12-09', 1)).toEqual(['2027-01-12']);
  });

  it('tells the 4th from the last in a month with five of that weekday', () => {
    // March 2026 has five Tuesdays (3, 10, 17, 24, 31); April 2026 has four (7 … 28).
    const fourth: RecurrenceRule = { freq: 'monthly', weekday: TUE, ordinal: 4 };
    const last: RecurrenceRule = { freq: 'monthly', weekday: TUE, ordinal: -1 };
    expect(occurrences(fourth, '2026-03-01', 2)).toEqual(['2026-03-24', '2026-04-28']);
    expect(occurrences(last, '2026-03-01', 2)).toEqual(['2026-03-31', '2026-04-28']);
  });

  it('finds the last Friday of each month', () => {
    expect(occurrences({ freq: 'monthly', weekday: FRI, ordinal: -1 }, '2026-10-01', 4)).toEqual([
      '2026-10-30',
      '2026-11-27',
      '2026-12-25',
      '2027-01-29',
    ]);
  });

  it('handles a weekday falling on the 1st (first) and on the last day (last)', () => {
    // 2026-04-01 is a Wednesday; 2026-03-31 is a Tuesday.
    expect(occurrences({ freq: 'monthly', weekday: WED, ordinal: 1 }, '2026-04-01', 1)).toEqual(['2026-04-01']);
    expect(occurrences({ freq: 'monthly', weekday: TUE, ordinal: -1 }, '2026-03-31', 1)).toEqual(['2026-03-31']);
  });

  it('every 2 months, counted from the first occurrence on or after from', () => {
    const rule: RecurrenceRule = { freq: 'monthly', interval: 2, weekday: 1, ordinal: 1 };
    // January's first Monday (5th) is before from, so the series starts in February.
    expect(occurrences(rule, '2026-01-15', 3)).toEqual(['2026-02-02', '2026-04-06', '2026-06-01']);
  });

  it('every 2 months with startsOn: the series does not shift with from', () => {
    const rule: RecurrenceRule = { freq: 'monthly', interval: 2, weekday: 1, ordinal: 1, startsOn: '2026-01-01' };
    const all = occurrences(rule, '2026-01-01', 8);
    expect(all.slice(0, 3)).toEqual(['2026-01-05', '2026-03-02', '2026-05-04']);
    expect(occurrences(rule, '2026-01-15', 3)).toEqual(all.slice(1, 4));
    expect(occurrences(rule, '2026-05-04', 2)).toEqual(all.slice(2, 4));
    expect(occurrences(rule, '2027-02-01', 2)).toEqual(['2027-03-01', '2027-05-03']);
    // Nothing before the series starts, even when from is earlier.
    expect(occurrences(rule, '2025-06-01', 1)).toEqual(['2026-01-05']);
  });
});

describe('occurrences: monthly by day number', () => {
  const on31st: RecurrenceRule = { freq: 'monthly', monthDay: 31 };

  it('falls back to the last day of shorter months', () => {
    expect(occurrences(on31st, '2026-01-01', 4)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('uses 29 February in the leap year 2028', () => {
    expect(occurrences(on31st, '2028-01-01', 5)).toEqual([
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
      '2028-04-30',
      '2028-05-31',
    ]);
    expect(occurrences({ freq: 'monthly', monthDay: 30 }, '2028-02-01', 2)).toEqual(['2028-02-29', '2028-03-30']);
    expect(occurrences({ freq: 'monthly', monthDay: 29 }, '2026-02-01', 2)).toEqual(['2026-02-28', '2026-03-29']);
  });

  it('rolls over the year and keeps from inclusive', () => {
    expect(occurrences({ freq: 'monthly', monthDay: 15 }, '2026-12-15', 2)).toEqual(['2026-12-15', '2027-01-15']);
    expect(occurrences({ freq: 'monthly', monthDay: 1 }, '2026-12-02', 1)).toEqual(['2027-01-01']);
  });

  it('every 3 months on the 31st', () => {
    expect(occurrences({ freq: 'monthly', interval: 3, monthDay: 31 }, '2026-01-01', 4)).toEqual([
      '2026-01-31',
      '2026-04-30',
      '2026-07-31',
      '2026-10-31',
    ]);
  });
});

describe('occurrences: quarterly', () => {
  const firstWednesday: RecurrenceRule = { freq: 'quarterly', weekday: WED, ordinal: 1 };

  it('uses January, April, July and October', () => {
    expect(occurrences(firstWednesday, '2026-01-01', 5)).toEqual([
      '2026-01-07',
      '2026-04-01',
      '2026-07-01',
      '2026-10-07',
      '2027-01-06',
    ]);
  });

  it('starts from the next quarter when this quarter’s date has passed', () => {
    expect(occurrences(firstWednesday, '2026-01-08', 1)).toEqual(['2026-04-01']);
    expect(occurrences(firstWednesday, '2026-03-31', 1)).toEqual(['2026-04-01']);
    expect(occurrences(firstWednesday, '2026-11-15', 1)).toEqual(['2027-01-06']);
  });

  it('by day number and every 2 quarters', () => {
    expect(occurrences({ freq: 'quarterly', monthDay: 15 }, '2026-02-01', 2)).toEqual(['2026-04-15', '2026-07-15']);
    expect(occurrences({ freq: 'quarterly', interval: 2, weekday: WED, ordinal: 1 }, '2026-01-01', 3)).toEqual([
      '2026-01-07',
      '2026-07-01',
      '2027-01-06',
    ]);
  });
});

describe('occurrences: weekly', () => {
  it('every Tuesday, from a Tuesday', () => {
    // 2026-12-01 is a Tuesday.
    expect(occurrences({ freq: 'weekly', weekday: TUE }, '2026-12-01', 3)).toEqual([
      '2026-12-01',
      '2026-12-08',
      '2026-12-15',
    ]);
    expect(occurrences({ freq: 'weekly', weekday: TUE }, '2026-12-02', 1)).toEqual(['2026-12-08']);
  });

  it('Sunday ends the Monday-based week and the year rolls over', () => {
    expect(occurrences({ freq: 'weekly', weekday: 0 }, '2026-12-21', 3)).toEqual([
      '2026-12-27',
      '2027-01-03',
      '2027-01-10',
    ]);
  });

  it('every 2 weeks starts with the first match on or after from', () => {
    // From a Wednesday: the next Monday, then every other Monday.
    expect(occurrences({ freq: 'weekly', interval: 2, weekday: 1 }, '2026-12-02', 3)).toEqual([
      '2026-12-07',
      '2026-12-21',
      '2027-01-04',
    ]);
  });

  it('every 2 weeks with startsOn keeps its weeks', () => {
    const rule: RecurrenceRule = { freq: 'weekly', interval: 2, weekday: 1, startsOn: '2026-12-07' };
    expect(occurrences(rule, '2026-12-08', 2)).toEqual(['2026-12-21', '2027-01-04']);
    expect(occurrences(rule, '2026-12-15', 1)).toEqual(['2026-12-21']);
    expect(occurrences(rule, '2026-12-22', 1)).toEqual(['2027-01-04']);
  });
});

describe('occurrences: count and until', () => {
  const rule: RecurrenceRule = { freq: 'monthly', weekday: TUE, ordinal: 2 };

  it('stops at until, inclusive', () => {
    expect(occurrences(rule, '2026-01-01', 10, '2026-04-14')).toEqual([
      '2026-01-13',
      '2026-02-10',
      '2026-03-10',
      '2026-04-14',
    ]);
    expect(occurrences(rule, '2026-01-01', 10, '2026-04-13')).toHaveLength(3);
  });

  it('count wins when it is reached first', () => {
    expect(occurrences(rule, '2026-01-01', 2, '2026-12-31')).toEqual(['2026-01-13', '2026-02-10']);
  });

  it('returns nothing for count 0, or until before the first occurrence', () => {
    expect(occurrences(rule, '2026-01-01', 0)).toEqual([]);
    expect(occurrences(rule, '2026-01-01', 5, '2026-01-12')).toEqual([]);
    expect(occurrences(rule, '2026-01-01', 5, '2025-12-31')).toEqual([]);
  });

  it('rejects bad input', () => {
    expect(() => occurrences(rule, '2026-02-30', 1)).toThrow(RangeError);
    expect(() => occurrences(rule, '2026-01-01', 1, '2026-13-01')).toThrow(RangeError);
    expect(() => occurrences(rule, '2026-01-01', -1)).toThrow(RangeError);
    expect(() => occurrences(rule, '2026-01-01', 1.5)).toThrow(RangeError);
    const bad = { freq: 'monthly', weekday: TUE, ordinal: 5 } as unknown as RecurrenceRule;
    expect(() => occurrences(bad, '2026-01-01', 1)).toThrow(RangeError);
  });
});

// A naive day-by-day oracle for interval-1 rules, to cross-check the arithmetic over several years.
function matches(rule: RecurrenceRule, date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  const [month, day, wd] = [d.getUTCMonth(), d.getUTCDate(), d.getUTCDay()];
  const last = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
  if (rule.freq === 'weekly') return wd === rule.weekday;
  if (rule.freq === 'quarterly' && month % 3 !== 0) return false;
  if ('monthDay' in rule) return day === Math.min(rule.monthDay, last);
  if (wd !== rule.weekday) return false;
  return rule.ordinal === -1 ? day + 7 > last : Math.ceil(day / 7) === rule.ordinal;
}

describe('occurrences agree with a day-by-day scan', () => {
  const rules: RecurrenceRule[] = [];
  for (let w = 0; w < 7; w++) {
    const weekday = w as Weekday;
    rules.push({ freq: 'weekly', weekday });
    for (const ordinal of [1, 2, 3, 4, -1] as Ordinal[]) {
      rules.push({ freq: 'monthly', weekday, ordinal }, { freq: 'quarterly', weekday, ordinal });
    }
  }
  for (const monthDay of [1, 15, 28, 29, 30, 31]) rules.push({ freq: 'monthly', monthDay }, { freq: 'quarterly', monthDay });

  it.each(rules.map((r) => [JSON.stringify(r), r] as const))('%s', (_, rule) => {
    const from = '2026-11-17';
    const until = '2029-03-31';
    const expected: string[] = [];
    for (let d = from; d <= until; d = addDays(d, 1)) if (matches(rule, d)) expected.push(d);
    expect(occurrences(rule, from, 10_000, until)).toEqual(expected);
  });
});

describe('describeRule', () => {
  const cases: Array<[RecurrenceRule, string, string]> = [
    [{ freq: 'monthly', weekday: TUE, ordinal: 2 }, '每月第二个星期二', 'Monthly on the second Tuesday'],
    [{ freq: 'monthly', weekday: FRI, ordinal: -1 }, '每月最后一个星期五', 'Monthly on the last Friday'],
    [{ freq: 'monthly', weekday: 0, ordinal: 4 }, '每月第四个星期日', 'Monthly on the fourth Sunday'],
    [
      { freq: 'monthly', interval: 2, weekday: 1, ordinal: 1 },
      '每两个月的第一个星期一',
      'Every 2 months on the first Monday',
    ],
    [{ freq: 'monthly', monthDay: 15 }, '每月15日', 'Monthly on the 15th'],
    [
      { freq: 'monthly', monthDay: 31 },
      '每月31日（无该日的月份取月末）',
      'Monthly on the 31st (or the last day of shorter months)',
    ],
    [{ freq: 'monthly', interval: 3, monthDay: 1 }, '每三个月的1日', 'Every 3 months on the 1st'],
    [{ freq: 'weekly', weekday: TUE }, '每周星期二', 'Weekly on Tuesday'],
    [{ freq: 'weekly', interval: 2, weekday: 6 }, '每两周的星期六', 'Every 2 weeks on Saturday'],
    [{ freq: 'weekly', interval: 12, weekday: 1 }, '每十二周的星期一', 'Every 12 weeks on Monday'],
    [
      { freq: 'quarterly', weekday: WED, ordinal: 1 },
      '每季度首月（1、4、7、10月）的第一个星期三',
      'Quarterly on the first Wednesday of January, April, July and October',
    ],
    [
      { freq: 'quarterly', interval: 2, weekday: WED, ordinal: 3 },
      '每两个季度首月的第三个星期三',
      "Every 2 quarters on the third Wednesday of the quarter's first month",
    ],
    [
      { freq: 'quarterly', monthDay: 22 },
      '每季度首月（1、4、7、10月）的22日',
      'Quarterly on the 22nd of January, April, July and October',
    ],
  ];

  it.each(cases)('%j', (rule, zh, en) => {
    expect(describeRule(rule, 'zh-CN')).toBe(zh);
    expect(describeRule(rule, 'en')).toBe(en);
  });

  it('uses English ordinal suffixes, teens included', () => {
    const en = (monthDay: number) => describeRule({ freq: 'monthly', monthDay }, 'en');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23].map(en)).toEqual(
      ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd'].map((s) => `Monthly on the ${s}`),
    );
  });
});

describe('parseRule', () => {
  it('parses each shape', () => {
    expect(parseRule({ freq: 'monthly', weekday: '2', ordinal: '2' })).toEqual({
      freq: 'monthly',
      weekday: 2,
      ordinal: 2,
    });
    expect(parseRule({ freq: 'monthly', weekday: '5', ordinal: '-1' })).toEqual({
      freq: 'monthly',
      weekday: 5,
      ordinal: -1,
    });
    expect(parseRule({ freq: 'monthly', weekday: '5', ordinal: 'last' })).toEqual({
      freq: 'monthly',
      weekday: 5,
      ordinal: -1,
    });
    expect(parseRule({ freq: 'monthly', monthDay: ' 31 ', interval: '2' })).toEqual({
      freq: 'monthly',
      interval: 2,
      monthDay: 31,
    });
    expect(parseRule({ freq: 'weekly', weekday: '0', interval: '' })).toEqual({ freq: 'weekly', weekday: 0 });
    expect(parseRule({ freq: 'quarterly', weekday: '3', ordinal: '1', startsOn: '2026-01-01' })).toEqual({
      freq: 'quarterly',
      weekday: 3,
      ordinal: 1,
      startsOn: '2026-01-01',
    });
  });

  it('drops an interval of 1 and ignores fields the frequency does not use', () => {
    expect(parseRule({ freq: 'weekly', weekday: '2', interval: '1', ordinal: '3', monthDay: '9' })).toEqual({
      freq: 'weekly',
      weekday: 2,
    });
    // A weekday select that always posts a value must not spoil a by-day-number rule.
    expect(parseRule({ freq: 'monthly', monthDay: '10', weekday: '2', ordinal: '' })).toEqual({
      freq: 'monthly',
      monthDay: 10,
    });
  });

  it.each([
    {},
    { freq: 'daily', weekday: '1' },
    { freq: 'weekly' },
    { freq: 'weekly', weekday: '7' },
    { freq: 'weekly', weekday: '-1' },
    { freq: 'weekly', weekday: 'Tue' },
    { freq: 'weekly', weekday: '1.5' },
    { freq: 'weekly', weekday: '1', interval: '0' },
    { freq: 'weekly', weekday: '1', interval: '100' },
    { freq: 'weekly', weekday: '1', interval: 'two' },
    { freq: 'weekly', weekday: '1', startsOn: '2026-02-30' },
    { freq: 'monthly' },
    { freq: 'monthly', weekday: '2' },
    { freq: 'monthly', ordinal: '2' },
    { freq: 'monthly', weekday: '2', ordinal: '5' },
    { freq: 'monthly', weekday: '2', ordinal: '0' },
    { freq: 'monthly', monthDay: '0' },
    { freq: 'monthly', monthDay: '32' },
    { freq: 'monthly', monthDay: 'x' },
    { freq: 'monthly', monthDay: '10', ordinal: '2', weekday: '2' },
    { freq: 'quarterly', weekday: '3' },
  ])('refuses %j', (form) => {
    expect(parseRule(form as Record<string, string>)).toBeNull();
  });

  it('round-trips through describeRule-able rules', () => {
    const rule = parseRule({ freq: 'monthly', weekday: '2', ordinal: '2' });
    expect(rule && describeRule(rule, 'zh-CN')).toBe('每月第二个星期二');
  });
});

describe('isValidRule', () => {
  it('accepts well-formed rules and refuses mixed or malformed ones', () => {
    expect(isValidRule({ freq: 'monthly', monthDay: 31 })).toBe(true);
    expect(isValidRule({ freq: 'quarterly', weekday: 3, ordinal: -1, interval: 2 })).toBe(true);
    expect(isValidRule(null)).toBe(false);
    expect(isValidRule('monthly')).toBe(false);
    expect(isValidRule({ freq: 'monthly', monthDay: 31, weekday: 1 })).toBe(false);
    expect(isValidRule({ freq: 'monthly', monthDay: 31, ordinal: 1 })).toBe(false);
    expect(isValidRule({ freq: 'weekly', weekday: 1, ordinal: 1 })).toBe(false);
    expect(isValidRule({ freq: 'weekly', weekday: '1' })).toBe(false);
    expect(isValidRule({ freq: 'monthly', monthDay: 15, interval: 1.5 })).toBe(false);
    expect(isValidRule({ freq: 'monthly', monthDay: 15, startsOn: 20260101 })).toBe(false);
  });
});
