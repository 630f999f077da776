import { describe, it, expect } from 'vitest';
import {
  findPossibleDuplicates,
  findRepeats,
  isRepeat,
  locationSimilarity,
  type ClosedHazard,
  type DuplicateCandidate,
} from '../../src/hazards/duplicates.js';
import { HAZARD_STATES, OPEN_STATES } from '../../src/hazards/lifecycle.js';

describe('locationSimilarity', () => {
  it('identical text is 1, unrelated text is 0', () => {
    expect(locationSimilarity('教学楼三楼东侧楼梯', '教学楼三楼东侧楼梯')).toBe(1);
    expect(locationSimilarity('食堂后厨', '教学楼三楼')).toBe(0);
  });

  it('is the bigram Dice coefficient', () => {
    // 8 bigrams each, 6 shared → 12/16.
    expect(locationSimilarity('教学楼三楼东侧楼梯', '教学楼3楼东侧楼梯')).toBe(0.75);
    // 4 bigrams each, 2 shared → 4/8.
    expect(locationSimilarity('校门口东侧', '校门口西侧')).toBe(0.5);
  });

  it('counts repeated bigrams as a multiset', () => {
    expect(locationSimilarity('楼楼楼', '楼楼')).toBeCloseTo(2 / 3, 10);
  });

  it('ignores whitespace, punctuation and full-width forms', () => {
    expect(locationSimilarity('教学楼 三楼，东侧。', '教学楼三楼东侧')).toBe(1);
    expect(locationSimilarity('Ａ栋３楼（北）', 'A栋3楼北')).toBe(1);
    expect(locationSimilarity('Ａ栋\u3000３楼', 'a栋3楼')).toBe(1);
    expect(locationSimilarity('1号楼-2层', '1号楼2层')).toBe(1);
  });

  it('is symmetric and in 0..1', () => {
    const pairs: Array<[string, string]> = [
      ['操场东南角围墙', '操场东侧围墙'],
      ['实验楼化学实验室', '化学实验室'],
      ['校门', '学校大门口'],
    ];
    for (const [a, b] of pairs) {
      const s = locationSimilarity(a, b);
      expect(s).toBe(locationSimilarity(b, a));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('single characters compare by equality', () => {
    expect(locationSimilarity('东', '东')).toBe(1);
    expect(locationSimilarity('A', 'ａ')).toBe(1);
    expect(locationSimilarity('东', '西')).toBe(0);
    expect(locationSimilarity('东', '东门')).toBe(0);
  });

  it('empty text (after normalising) says nothing, so 0', () => {
    expect(locationSimilarity('', '')).toBe(0);
    expect(locationSimilarity('，，', '  ')).toBe(0);
    expect(locationSimilarity('', '教学楼')).toBe(0);
  });
});

describe('findPossibleDuplicates', () => {
  const target = { schoolId: 1, categoryId: 2, location: '教学楼三楼东侧楼梯' };
  const cand = (id: number, location: string, extra: Partial<DuplicateCandidate> = {}): DuplicateCandidate => ({
    id,
    schoolId: 1,
    categoryId: 2,
    location,
    state: 'ASSIGNED',
    ...extra,
  });

  it('keeps same school + category + open + similar, most similar first', () => {
    const result = findPossibleDuplicates(target, [
      cand(1, '教学楼3楼东侧楼梯'), // 0.75
      cand(2, '教学楼三楼东侧楼梯'), // 1
      cand(3, '食堂后厨'), // 0
      cand(4, '教学楼三楼东侧楼梯', { schoolId: 9 }),
      cand(5, '教学楼三楼东侧楼梯', { categoryId: 9 }),
      cand(6, '教学楼三楼东侧楼梯', { state: 'CLOSED' }),
    ]);
    expect(result.map((r) => [r.id, r.similarity])).toEqual([
      [2, 1],
      [1, 0.75],
    ]);
  });

  it('keeps the caller’s extra fields', () => {
    const [hit] = findPossibleDuplicates(target, [{ ...cand(7, '教学楼三楼东侧楼梯'), number: 'ZJ-2026-000007' }]);
    expect(hit?.number).toBe('ZJ-2026-000007');
  });

  it('excludes the target itself', () => {
    expect(findPossibleDuplicates({ ...target, id: 2 }, [cand(2, target.location)])).toEqual([]);
  });

  it.each(HAZARD_STATES)('state %s counts only when open', (state) => {
    const found = findPossibleDuplicates(target, [cand(1, target.location, { state })]).length;
    expect(found).toBe(OPEN_STATES.includes(state) ? 1 : 0);
  });

  it('threshold is inclusive and configurable', () => {
    const t = { ...target, location: '校门口东侧' };
    expect(findPossibleDuplicates(t, [cand(1, '校门口西侧')])).toHaveLength(1);
    expect(findPossibleDuplicates(t, [cand(1, '校门口西侧')], 0.51)).toHaveLength(0);
  });

  it('ties are ordered by id', () => {
    const result = findPossibleDuplicates(target, [cand(9, target.location), cand(3, target.location)]);
    expect(result.map((r) => r.id)).toEqual([3, 9]);
  });
});

describe('isRepeat / findRepeats', () => {
  const now = new Date('2026-11-30T02:00:00Z'); // 2026-11-30 in Shanghai
  const target = { schoolId: 1, categoryId: 2, location: '食堂后厨燃气管道' };
  const closed = (id: number, closedAt: Date | null, extra: Partial<ClosedHazard> = {}): ClosedHazard => ({
    id,
    schoolId: 1,
    categoryId: 2,
    location: '食堂后厨燃气管道',
    closedAt,
    ...extra,
  });

  it('same school + category + similar location closed recently is a repeat', () => {
    expect(isRepeat(target, [closed(1, new Date('2026-06-01T00:00:00Z'))], now)).toBe(true);
  });

  it('the window starts N calendar months back in Shanghai, inclusive', () => {
    // Since = 2025-11-30 (Shanghai). 2025-11-29T16:00Z is 2025-11-30 00:00 in Shanghai.
    expect(isRepeat(target, [closed(1, new Date('2025-11-29T16:00:00Z'))], now)).toBe(true);
    expect(isRepeat(target, [closed(1, new Date('2025-11-29T15:59:59Z'))], now)).toBe(false);
    expect(isRepeat(target, [closed(1, new Date('2026-06-01T00:00:00Z'))], now, { months: 3 })).toBe(false);
    expect(isRepeat(target, [closed(1, new Date('2026-09-01T00:00:00Z'))], now, { months: 3 })).toBe(true);
  });

  it('a hazard closed after `now` is not a predecessor', () => {
    expect(isRepeat(target, [closed(1, new Date('2026-12-05T00:00:00Z'))], now)).toBe(false);
  });

  it('needs the same school, same category, a similar location and a close date', () => {
    const when = new Date('2026-10-01T00:00:00Z');
    expect(isRepeat(target, [closed(1, when, { schoolId: 9 })], now)).toBe(false);
    expect(isRepeat(target, [closed(1, when, { categoryId: 9 })], now)).toBe(false);
    expect(isRepeat(target, [closed(1, when, { location: '操场围墙' })], now)).toBe(false);
    expect(isRepeat(target, [closed(1, null)], now)).toBe(false);
    expect(isRepeat({ ...target, id: 1 }, [closed(1, when)], now)).toBe(false);
  });

  it('findRepeats returns the matches for linking', () => {
    const list = [closed(1, new Date('2026-10-01T00:00:00Z')), closed(2, new Date('2020-01-01T00:00:00Z')), closed(3, new Date('2026-11-01T00:00:00Z'))];
    expect(findRepeats(target, list, now).map((c) => c.id)).toEqual([1, 3]);
  });
});
