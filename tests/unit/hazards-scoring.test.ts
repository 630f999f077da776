import { describe, it, expect } from 'vitest';
import {
  DEFAULT_SCORING,
  LEC_C_OPTIONS,
  LEC_E_OPTIONS,
  LEC_L_OPTIONS,
  LEVEL_ORDER,
  compareLevels,
  levelForScore,
  scoreLec,
  scoreMatrix,
  suggestListing,
  type RiskLevel,
  type ScoringConfig,
} from '../../src/hazards/scoring.js';

describe('matrix method (R = L × S)', () => {
  it.each([
    [1, 1, 1, 'blue'],
    [1, 3, 3, 'blue'],
    [2, 2, 4, 'yellow'],
    [2, 4, 8, 'yellow'],
    [3, 3, 9, 'orange'],
    [4, 4, 16, 'orange'],
    [4, 5, 20, 'red'],
    [5, 5, 25, 'red'],
  ] as const)('%i × %i = %i is %s', (l, s, score, level) => {
    expect(scoreMatrix(l, s, DEFAULT_SCORING)).toEqual({ score, level });
  });

  it('uses the default config when none is given', () => {
    expect(scoreMatrix(3, 3)).toEqual({ score: 9, level: 'orange' });
  });

  it('every cell of the 5×5 grid lands in the DOMAIN.md band', () => {
    for (let l = 1; l <= 5; l++) {
      for (let s = 1; s <= 5; s++) {
        const r = l * s;
        const expected = r >= 20 ? 'red' : r >= 9 ? 'orange' : r >= 4 ? 'yellow' : 'blue';
        expect(scoreMatrix(l, s).level).toBe(expected);
      }
    }
  });

  it.each([0, 6, 2.5, -1, NaN, Infinity])('rejects %s', (bad) => {
    expect(() => scoreMatrix(bad, 3)).toThrow(RangeError);
    expect(() => scoreMatrix(3, bad)).toThrow(RangeError);
  });

  it('custom thresholds change the result', () => {
    const strict: ScoringConfig = {
      ...DEFAULT_SCORING,
      matrix: { red: { min: 15 }, orange: { min: 8 }, yellow: { min: 3 } },
    };
    expect(scoreMatrix(4, 4, strict).level).toBe('red');
    expect(scoreMatrix(2, 4, strict).level).toBe('orange');
    expect(scoreMatrix(1, 3, strict).level).toBe('yellow');
    expect(scoreMatrix(4, 4).level).toBe('orange');
  });
});

describe('LEC method (D = L × E × C)', () => {
  const lec = DEFAULT_SCORING.lec;

  it.each([
    [69.9, 'blue'],
    [70, 'yellow'],
    [159, 'yellow'],
    [159.99, 'yellow'],
    [160, 'orange'],
    [320, 'orange'],
    [320.1, 'red'],
    [0, 'blue'],
  ] as const)('score %s is %s', (score, level) => {
    expect(levelForScore(score, lec)).toBe(level);
  });

  it.each([
    [6, 6, 15, 540, 'red'],
    [10, 6, 7, 420, 'red'],
    [3, 6, 15, 270, 'orange'],
    [10, 2, 15, 300, 'orange'],
    [10, 1, 7, 70, 'yellow'],
    [3, 3, 15, 135, 'yellow'],
    [1, 6, 7, 42, 'blue'],
    [0.1, 0.5, 1, 0.05, 'blue'],
  ] as const)('%s × %s × %s = %s is %s', (l, e, c, score, level) => {
    expect(scoreLec(l, e, c, DEFAULT_SCORING)).toEqual({ score, level });
  });

  it('keeps scores free of floating-point noise', () => {
    expect(scoreLec(0.1, 3, 1).score).toBe(0.3);
    expect(scoreLec(0.2, 3, 7).score).toBe(4.2);
  });

  it('accepts every option combination', () => {
    for (const l of LEC_L_OPTIONS)
      for (const e of LEC_E_OPTIONS) for (const c of LEC_C_OPTIONS) expect(() => scoreLec(l, e, c)).not.toThrow();
  });

  it('rejects values outside the option lists', () => {
    expect(() => scoreLec(2, 1, 1)).toThrow(RangeError);
    expect(() => scoreLec(1, 0.1, 1)).toThrow(RangeError);
    expect(() => scoreLec(1, 1, 50)).toThrow(RangeError);
    expect(() => scoreLec(NaN, 1, 1)).toThrow(RangeError);
  });

  it('custom thresholds change the result, including inclusive vs exclusive edges', () => {
    const inclusiveRed: ScoringConfig = { ...DEFAULT_SCORING, lec: { ...lec, red: { min: 320 } } };
    expect(levelForScore(320, inclusiveRed.lec)).toBe('red');
    const lower: ScoringConfig = { ...DEFAULT_SCORING, lec: { red: { min: 200 }, orange: { min: 100 }, yellow: { min: 40 } } };
    expect(scoreLec(3, 6, 15, lower).level).toBe('red');
    expect(scoreLec(3, 3, 15, lower).level).toBe('orange');
    expect(scoreLec(1, 6, 7, lower).level).toBe('yellow');
    const exclusiveYellow: ScoringConfig = { ...DEFAULT_SCORING, lec: { ...lec, yellow: { min: 70, exclusive: true } } };
    expect(scoreLec(10, 1, 7, exclusiveYellow).level).toBe('blue');
  });

  it('the method switch does not affect the explicit functions', () => {
    const lecFirst: ScoringConfig = { ...DEFAULT_SCORING, method: 'lec' };
    expect(scoreMatrix(5, 5, lecFirst)).toEqual({ score: 25, level: 'red' });
  });

  it('levelForScore rejects non-finite scores', () => {
    expect(() => levelForScore(NaN, lec)).toThrow(RangeError);
  });
});

describe('ordering and listing', () => {
  it('LEVEL_ORDER is red first', () => {
    expect(LEVEL_ORDER).toEqual(['red', 'orange', 'yellow', 'blue']);
    const levels: RiskLevel[] = ['blue', 'red', 'yellow', 'orange', 'red'];
    expect(levels.sort(compareLevels)).toEqual(['red', 'red', 'orange', 'yellow', 'blue']);
  });

  it.each([
    ['major', 'blue', true],
    ['major', null, true],
    ['ordinary', 'red', true],
    [null, 'red', true],
    ['ordinary', 'orange', false],
    ['ordinary', null, false],
    [null, null, false],
  ] as const)('grade %s + level %s → suggest listing %s', (grade, level, expected) => {
    expect(suggestListing(grade, level)).toBe(expected);
  });
});
