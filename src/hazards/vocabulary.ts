/**
 * The hazard register's words: what a hazard can be about, where it was found, how it was found, how it
 * is graded. The schema stores these as typed columns; views and catalogues take them from here.
 */
import type { HazardGrade } from './lifecycle.js';
import type { RiskLevel } from './scoring.js';

/** 校内 · 校园周边 · 校外培训机构 */
export const SUBJECT_TYPES = ['campus', 'surroundings', 'institution'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** Distance of a surroundings hazard from the school gate: ≤50 m, ≤100 m, ≤200 m, beyond. */
export const DISTANCE_BANDS = ['50', '100', '200', 'beyond'] as const;
export type DistanceBand = (typeof DISTANCE_BANDS)[number];

/** 学校自查 · 日常巡查 · 部门检查 · 专项行动 · 联席会议 · 群众举报 */
export const HAZARD_SOURCES = ['self_check', 'patrol', 'inspection', 'campaign', 'meeting', 'public'] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];

export const HAZARD_GRADES = ['ordinary', 'major'] as const satisfies readonly HazardGrade[];
export const RISK_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const satisfies readonly RiskLevel[];
export const SCORING_METHODS = ['matrix', 'lec'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

/** 挂牌督办 levels: 区级, 市级, 省级. */
export const LISTING_LEVELS = ['district', 'city', 'province'] as const;
export type ListingLevel = (typeof LISTING_LEVELS)[number];

/** A hazard's lead or supporting unit. */
export const UNIT_ROLES = ['lead', 'support'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

/** Narrows a value read from a request to one of the words (a query parameter, a form field). */
export function isOneOf<T extends string>(words: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (words as readonly string[]).includes(value);
}
