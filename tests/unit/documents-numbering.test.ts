import { describe, expect, it } from 'vitest';
import { formatDocumentNumber, formatMeetingNumber, isValidPrefix, nextSequence, parseDocumentNumber, parseMeetingNumber, seriesNumbers } from '../../src/documents/numbering.js';

describe('document numbers', () => {
  it('are prefix〔year〕sequence号 with hexagonal brackets and no padding', () => {
    expect(formatDocumentNumber('浈教安纪', { year: 2026, seq: 3 })).toBe('浈教安纪〔2026〕3号');
    expect(formatDocumentNumber('浈教安督', { year: 2026, seq: 12 })).toBe('浈教安督〔2026〕12号');
  });

  it('refuses a sequence below 1 or a year without four digits', () => {
    expect(() => formatDocumentNumber('浈教安纪', { year: 2026, seq: 0 })).toThrow(RangeError);
    expect(() => formatDocumentNumber('浈教安纪', { year: 26, seq: 1 })).toThrow(RangeError);
  });

  it('reads back a typed number of the kind, blanks around it ignored', () => {
    expect(parseDocumentNumber('浈教安纪', ' 浈教安纪〔2026〕3号 ')).toEqual({ year: 2026, seq: 3 });
    expect(parseDocumentNumber('浈教安督', '浈教安督〔2027〕120号')).toEqual({ year: 2027, seq: 120 });
  });

  it.each([
    ['浈教安纪[2026]3号', 'square brackets'],
    ['浈教安纪（2026）3号', 'round brackets'],
    ['浈教安纪【2026】3号', 'lenticular brackets'],
    ['浈教安纪〔2026〕03号', 'a leading zero'],
    ['浈教安纪〔2026〕第3号', '第'],
    ['浈教安纪〔26〕3号', 'a two-digit year'],
    ['浈教安纪〔2026〕3', 'no 号'],
    ['浈教安督〔2026〕3号', "another kind's prefix"],
    ['〔2026〕3号', 'no prefix'],
    ['', 'nothing'],
  ])('refuses %s (%s)', (text) => {
    expect(parseDocumentNumber('浈教安纪', text)).toBeNull();
  });

  it('continue after the highest taken, from 1', () => {
    expect(nextSequence(null)).toBe(1);
    expect(nextSequence(11)).toBe(12);
  });

  it('take prefixes of Chinese characters or letters only', () => {
    expect(isValidPrefix('浈教安纪')).toBe(true);
    expect(isValidPrefix('ZJAJ')).toBe(true);
    for (const bad of ['', '浈教〔', '浈教1', '浈教安纪号 ', '一二三四五六七八九十一二三']) expect(isValidPrefix(bad)).toBe(false);
  });
});

describe('meeting numbers of a recurring series', () => {
  const none = () => null;

  it('read and write 2026年第12次', () => {
    expect(parseMeetingNumber('2026年第12次')).toEqual({ year: 2026, seq: 12 });
    expect(parseMeetingNumber('2026-12')).toBeNull();
    expect(formatMeetingNumber({ year: 2027, seq: 1 })).toBe('2027年第1次');
  });

  it('go on within the year and restart at 第1次 in the next', () => {
    expect(seriesNumbers('2026年第11次', ['2026-11-10', '2026-12-08', '2027-01-12', '2027-02-09'], none)).toEqual(['2026年第11次', '2026年第12次', '2027年第1次', '2027年第2次']);
  });

  it('in a new year continue after the meetings already numbered in it', () => {
    expect(seriesNumbers('2026年第12次', ['2026-12-08', '2027-01-12'], (y) => (y === 2027 ? 2 : 11))).toEqual(['2026年第12次', '2027年第3次']);
  });

  it('refuse a first number naming another year than its date', () => {
    expect(seriesNumbers('2026年第1次', ['2027-01-12'], none)).toBeNull();
  });

  it('number any other first number -1, -2 …', () => {
    expect(seriesNumbers('2027-R1', ['2027-01-12', '2027-02-09'], none)).toEqual(['2027-R1-1', '2027-R1-2']);
  });
});
