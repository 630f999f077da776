/**
 * The risk register's rules as plain functions: what an assessment scores, when the point is next due
 * for review, whether it is overdue, whether its hazards call for a higher level, and which
 * assessments are refused. No I/O; "today" and "now" come in as arguments (0006).
 */
import { compareLevels, LEVEL_ORDER, scoreLec, scoreMatrix, type RiskLevel, type RiskScore, type ScoringConfig } from '../hazards/scoring.js';
import { addDays, addMonths, shanghaiDate } from '../lib/shanghai-time.js';
import type { ReviewStatus } from './vocabulary.js';

/** Months between reviews, by level (configurable; these are the defaults: red monthly … blue yearly). */
export type ReviewCycles = Record<RiskLevel, number>;
export const DEFAULT_REVIEW_CYCLES: ReviewCycles = { red: 1, orange: 3, yellow: 6, blue: 12 };

/** A point counts as due this many days before its review date. */
export const REVIEW_DUE_SOON_DAYS = 14;

export const LEVEL_RANK: Record<RiskLevel, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

export type RiskScoring = { method: 'matrix'; likelihood: number; severity: number } | { method: 'lec'; l: number; e: number; c: number };

/** Score and level of an assessment by its method and the configured thresholds. */
export function assess(input: RiskScoring, config: ScoringConfig): RiskScore {
  return input.method === 'matrix' ? scoreMatrix(input.likelihood, input.severity, config) : scoreLec(input.l, input.e, input.c, config);
}

/** The date the next review is due: the Shanghai date of the assessment plus the level's cycle. */
export function nextReviewDate(level: RiskLevel, assessedAt: Date, cycles: ReviewCycles = DEFAULT_REVIEW_CYCLES): string {
  return addMonths(shanghaiDate(assessedAt), cycles[level]);
}

/** overdue: the review date has passed; due: it falls within the next REVIEW_DUE_SOON_DAYS days (today included). */
export function reviewStatus(nextReviewOn: string, today: string): ReviewStatus {
  if (nextReviewOn < today) return 'overdue';
  if (nextReviewOn <= addDays(today, REVIEW_DUE_SOON_DAYS)) return 'due';
  return 'ok';
}

/** The level one step up (red stays red). */
export function levelAbove(level: RiskLevel): RiskLevel {
  const i = LEVEL_ORDER.indexOf(level);
  return LEVEL_ORDER[Math.max(0, i - 1)]!;
}

/** What the escalation looks at: the hazards found at the point. */
export interface LinkedHazard {
  foundAt: Date;
  grade: 'ordinary' | 'major' | null;
  state: string;
}

/** Hazards that count: two or more within this many months is "repeated". */
export const REPEAT_WINDOW_MONTHS = 12;
export const REPEAT_THRESHOLD = 2;

export interface Escalation {
  reason: 'major' | 'repeated';
  suggestedLevel: RiskLevel;
  /** hazards found at the point within the window (dismissed and withdrawn reports not counted) */
  count: number;
}

/**
 * Whether the point's hazards call for a re-assessment at a higher level: any major hazard within the
 * window, or REPEAT_THRESHOLD or more hazards within it. A red point has no higher level: null.
 */
export function escalationSuggestion(level: RiskLevel, linked: readonly LinkedHazard[], now: Date): Escalation | null {
  if (level === 'red') return null;
  const since = addMonths(shanghaiDate(now), -REPEAT_WINDOW_MONTHS);
  const recent = linked.filter((h) => !['DISMISSED', 'WITHDRAWN'].includes(h.state) && shanghaiDate(h.foundAt) >= since);
  if (recent.some((h) => h.grade === 'major')) return { reason: 'major', suggestedLevel: levelAbove(level), count: recent.length };
  if (recent.length >= REPEAT_THRESHOLD) return { reason: 'repeated', suggestedLevel: levelAbove(level), count: recent.length };
  return null;
}

/** Whether an assessment's level is higher than the one before. */
export const levelRose = (before: RiskLevel, after: RiskLevel): boolean => compareLevels(after, before) < 0;

export interface AssessmentCheck {
  /** the point's level before; null for the first assessment */
  previousLevel: RiskLevel | null;
  level: RiskLevel;
  reason: string;
  measuresEmergency: string;
  /** the review date the user chose, if any ('YYYY-MM-DD') */
  nextReviewOn: string | null;
  today: string;
}

export type AssessmentProblem = 'reason' | 'reasonLowered' | 'emergencyMeasure' | 'reviewInPast';

/**
 * The problems that refuse an assessment, by field: a re-assessment needs a reason (a lowered level
 * says so specifically); a red point needs an emergency measure (应急处置); a review date cannot be in
 * the past.
 */
export function assessmentProblems(a: AssessmentCheck): Partial<Record<'reason' | 'measuresEmergency' | 'nextReviewOn', AssessmentProblem>> {
  const problems: Partial<Record<'reason' | 'measuresEmergency' | 'nextReviewOn', AssessmentProblem>> = {};
  if (a.previousLevel !== null && !a.reason.trim()) problems.reason = compareLevels(a.level, a.previousLevel) > 0 ? 'reasonLowered' : 'reason';
  if (a.level === 'red' && !a.measuresEmergency.trim()) problems.measuresEmergency = 'emergencyMeasure';
  if (a.nextReviewOn !== null && a.nextReviewOn < a.today) problems.nextReviewOn = 'reviewInPast';
  return problems;
}
