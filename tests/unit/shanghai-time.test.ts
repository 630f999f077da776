import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dateInMonth,
  formatLongDate,
  parseShanghaiInput,
  shanghaiDate,
  shanghaiDateTime,
  shanghaiInputValue,
  shanghaiInstant,
  shanghaiWallClock,
  startOfShanghaiDay,
  weekdayOf,
} from '../../src/lib/shanghai-time.js';

describe('the Shanghai wall clock', () => {
  it('reads an instant as Shanghai date and time on both sides of midnight', () => {
    expect(shanghaiDateTime(new Date('2026-12-01T15:59:00Z'))).toBe('2026-12-01 23:59');
    expect(shanghaiDateTime(new Date('2026-12-01T16:10:00Z'))).toBe('2026-12-02 00:10');
    expect(shanghaiInputValue(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00');
    const w = shanghaiWallClock(new Date('2028-02-28T17:05:09Z'));
    expect(w).toMatchObject({ date: '2028-02-29', time: '01:05', hour: 1, minute: 5, second: 9 });
  });

  it('turns a Shanghai date and time back into the instant', () => {
    expect(shanghaiInstant('2026-12-02', '00:10').toISOString()).toBe('2026-12-01T16:10:00.000Z');
    expect(shanghaiInstant('2026-12-01', '23:50:30').toISOString()).toBe('2026-12-01T15:50:30.000Z');
    expect(startOfShanghaiDay('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('round-trips every quarter hour of a day', () => {
    for (let m = 0; m < 24 * 60; m += 15) {
      const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const instant = shanghaiInstant('2026-11-30', time);
      expect(shanghaiDateTime(instant)).toBe(`2026-11-30 ${time}`);
    }
  });

  it('refuses impossible dates and times', () => {
    expect(() => shanghaiInstant('2026-02-30', '09:00')).toThrow(RangeError);
    expect(() => shanghaiInstant('2026-02-10', '24:00')).toThrow(RangeError);
    expect(() => shanghaiWallClock(new Date('nope'))).toThrow(RangeError);
  });

  it('reads datetime-local values, or says null', () => {
    expect(parseShanghaiInput('2026-12-02T00:10')?.toISOString()).toBe('2026-12-01T16:10:00.000Z');
    expect(parseShanghaiInput('2026-12-02T00:10:30')?.toISOString()).toBe('2026-12-01T16:10:30.000Z');
    for (const bad of ['', '2026-12-02', '2026-12-02 00:10', '2026-13-02T00:10', '2026-12-02T25:00', '2026-12-02T00:10Z']) {
      expect(parseShanghaiInput(bad)).toBeNull();
    }
  });
});

describe('calendar dates', () => {
  it('knows weekdays and clamps days to the month', () => {
    expect(weekdayOf('2026-12-01')).toBe(2); // a Tuesday
    expect(dateInMonth(2026, 4, 31)).toBe('2026-04-30');
    expect(dateInMonth(2028, 2, 30)).toBe('2028-02-29');
  });

  it('writes dates as documents do', () => {
    expect(formatLongDate('2026-12-08', 'zh-CN')).toBe('2026年12月8日');
    expect(formatLongDate('2026-12-08', 'en')).toBe('8 December 2026');
  });

  it('an instant just after midnight belongs to the new day', () => {
    expect(shanghaiDate(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
  });
});

// One module does time-zone arithmetic; nobody else adds eight hours by hand.
describe('no hand-made Shanghai offsets', () => {
  const roots = ['src', 'views', 'seeds', 'scripts'];
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
  const handMade = /\+08:00|8 \* 3600|8 \* 60 \* 60|28_?800|3600_?000 \* 8/;

  it('only src/lib/shanghai-time.ts knows about the offset', () => {
    const offenders = roots.flatMap(files).filter((f) => !f.endsWith('shanghai-time.ts') && handMade.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
