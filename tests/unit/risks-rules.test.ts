import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING } from '../../src/hazards/scoring.js';
import { assess, assessmentProblems, escalationSuggestion, levelAbove, levelRose, nextReviewDate, reviewStatus, type LinkedHazard } from '../../src/risks/rules.js';
import { shanghaiInstant } from '../../src/lib/shanghai-time.js';

describe('level from score at the band edges', () => {
  it.each([
    [1, 3, 'blue'],
    [2, 2, 'yellow'],
    [2, 4, 'yellow'],
    [3, 3, 'orange'],
    [4, 4, 'orange'],
    [4, 5, 'red'],
    [5, 5, 'red'],
  ] as const)('matrix %i × %i is %s', (likelihood, severity, level) => {
    expect(assess({ method: 'matrix', likelihood, severity }, DEFAULT_SCORING).level).toBe(level);
  });

  it.each([
    [1, 1, 40, 'blue'], // 40
    [1, 1, 100, 'yellow'], // 100
    [1, 10, 15, 'yellow'], // 150
    [1, 2, 100, 'orange'], // 200
    [6, 1, 40, 'orange'], // 240
    [10, 3, 15, 'red'], // 450
  ] as const)('LEC %s × %s × %s is %s', (l, e, c, level) => {
    expect(assess({ method: 'lec', l, e, c }, DEFAULT_SCORING).level).toBe(level);
  });

  it('uses the configured thresholds, not constants', () => {
    const config = { ...DEFAULT_SCORING, matrix: { red: { min: 16 }, orange: { min: 9 }, yellow: { min: 4 } } };
    expect(assess({ method: 'matrix', likelihood: 4, severity: 4 }, config).level).toBe('red');
    expect(assess({ method: 'matrix', likelihood: 4, severity: 4 }, DEFAULT_SCORING).level).toBe('orange');
  });
});

describe('next review date by level, in Asia/Shanghai', () => {
  it('adds the level cycle to the Shanghai date of the assessment', () => {
    const at = shanghaiInstant('2026-03-10', '10:00');
    expect(nextReviewDate('red', at)).toBe('2026-04-10');
    expect(nextReviewDate('orange', at)).toBe('2026-06-10');
    expect(nextReviewDate('yellow', at)).toBe('2026-09-10');
    expect(nextReviewDate('blue', at)).toBe('2027-03-10');
  });

  it('counts from the Shanghai day even when UTC is still on the day before', () => {
    // 00:30 on 1 March in Shanghai is 16:30 UTC on 28 February.
    const at = shanghaiInstant('2026-03-01', '00:30');
    expect(at.toISOString().slice(0, 10)).toBe('2026-02-28');
    expect(nextReviewDate('red', at)).toBe('2026-04-01');
  });

  it('clamps to the end of a shorter month', () => {
    expect(nextReviewDate('red', shanghaiInstant('2026-01-31', '09:00'))).toBe('2026-02-28');
  });

  it('follows configured cycles', () => {
    expect(nextReviewDate('blue', shanghaiInstant('2026-03-10'), { red: 1, orange: 2, yellow: 3, blue: 24 })).toBe('2028-03-10');
  });
});

describe('review status', () => {
  it('is overdue the day after the review date, due within 14 days, otherwise ok', () => {
    expect(reviewStatus('2026-05-01', '2026-05-02')).toBe('overdue');
    expect(reviewStatus('2026-05-01', '2026-05-01')).toBe('due');
    expect(reviewStatus('2026-05-15', '2026-05-01')).toBe('due');
    expect(reviewStatus('2026-05-16', '2026-05-01')).toBe('ok');
  });
});

describe('escalation suggestion from linked hazards', () => {
  const now = shanghaiInstant('2026-12-01', '10:00');
  const h = (date: string, grade: LinkedHazard['grade'] = 'ordinary', state = 'CLOSED'): LinkedHazard => ({ foundAt: shanghaiInstant(date, '09:00'), grade, state });

  it('suggests one level higher for any major hazard within 12 months', () => {
    expect(escalationSuggestion('yellow', [h('2026-06-01', 'major')], now)).toEqual({ reason: 'major', suggestedLevel: 'orange', count: 1 });
  });

  it('suggests one level higher for two hazards within 12 months', () => {
    expect(escalationSuggestion('blue', [h('2026-02-01'), h('2026-11-30', null, 'REPORTED')], now)).toEqual({ reason: 'repeated', suggestedLevel: 'yellow', count: 2 });
  });

  it('does not count hazards older than 12 months, dismissed or withdrawn reports', () => {
    expect(escalationSuggestion('blue', [h('2025-11-30'), h('2026-10-01')], now)).toBeNull();
    expect(escalationSuggestion('blue', [h('2026-10-01', null, 'DISMISSED'), h('2026-10-02', 'major', 'WITHDRAWN'), h('2026-10-03')], now)).toBeNull();
    expect(escalationSuggestion('blue', [h('2025-12-01'), h('2026-10-01')], now)?.reason).toBe('repeated');
  });

  it('has nothing higher to suggest for a red point, or for one hazard', () => {
    expect(escalationSuggestion('red', [h('2026-06-01', 'major'), h('2026-07-01')], now)).toBeNull();
    expect(escalationSuggestion('orange', [h('2026-06-01')], now)).toBeNull();
  });

  it('steps one level', () => {
    expect(levelAbove('blue')).toBe('yellow');
    expect(levelAbove('orange')).toBe('red');
    expect(levelAbove('red')).toBe('red');
    expect(levelRose('yellow', 'orange')).toBe(true);
    expect(levelRose('orange', 'orange')).toBe(false);
    expect(levelRose('orange', 'blue')).toBe(false);
  });
});

describe('assessment problems', () => {
  const base = { previousLevel: 'orange' as const, level: 'orange' as const, reason: '整改后复评', measuresEmergency: '', nextReviewOn: null, today: '2026-12-01' };
  it('accepts a re-assessment with a reason', () => expect(assessmentProblems(base)).toEqual({}));
  it('needs a reason for any re-assessment, and names a lowered level', () => {
    expect(assessmentProblems({ ...base, reason: ' ' })).toEqual({ reason: 'reason' });
    expect(assessmentProblems({ ...base, level: 'yellow', reason: '' })).toEqual({ reason: 'reasonLowered' });
    expect(assessmentProblems({ ...base, level: 'red', reason: '', measuresEmergency: '预案' })).toEqual({ reason: 'reason' });
  });
  it('does not need a reason for the first assessment', () => expect(assessmentProblems({ ...base, previousLevel: null, reason: '' })).toEqual({}));
  it('needs an emergency measure for a red point', () => {
    expect(assessmentProblems({ ...base, level: 'red' })).toEqual({ measuresEmergency: 'emergencyMeasure' });
    expect(assessmentProblems({ ...base, level: 'red', measuresEmergency: '疏散预案' })).toEqual({});
  });
  it('refuses a review date in the past, not today', () => {
    expect(assessmentProblems({ ...base, nextReviewOn: '2026-11-30' })).toEqual({ nextReviewOn: 'reviewInPast' });
    expect(assessmentProblems({ ...base, nextReviewOn: '2026-12-01' })).toEqual({});
  });
});
