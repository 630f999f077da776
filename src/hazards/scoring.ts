/**
 * Risk level (风险等级) from likelihood and severity. The method and the band thresholds are
 * configuration (DOMAIN.md), so every function takes a ScoringConfig; DEFAULT_SCORING holds the
 * defaults the district starts with.
 */
import type { HazardGrade } from './lifecycle.js';

/** 重大风险 red · 较大风险 orange · 一般风险 yellow · 低风险 blue. */
export type RiskLevel = 'red' | 'orange' | 'yellow' | 'blue';
export type ScoringMethod = 'matrix' | 'lec';

/** Highest first: sort by index, red on top. */
export const LEVEL_ORDER: readonly RiskLevel[] = ['red', 'orange', 'yellow', 'blue'];

/** Lower edge of a band: score ≥ min, or score > min when `exclusive` (LEC red is "more than 320"). */
export interface BandFloor {
  min: number;
  exclusive?: boolean;
}

/** Floors of the three upper bands, checked red → orange → yellow; anything below yellow is blue. */
export interface LevelBands {
  red: BandFloor;
  orange: BandFloor;
  yellow: BandFloor;
}

export interface ScoringConfig {
  method: ScoringMethod;
  matrix: LevelBands;
  lec: LevelBands;
}

export const DEFAULT_SCORING: ScoringConfig = {
  method: 'matrix',
  // R = L × S: red 20–25, orange 9–16, yellow 4–8, blue 1–3.
  matrix: { red: { min: 20 }, orange: { min: 9 }, yellow: { min: 4 } },
  // D = L × E × C: red > 320, orange 160–320, yellow 70–<160, blue < 70.
  lec: { red: { min: 320, exclusive: true }, orange: { min: 160 }, yellow: { min: 70 } },
};

/** Matrix axes: likelihood and severity, integers 1–5. */
export const MATRIX_OPTIONS: readonly number[] = [1, 2, 3, 4, 5];
/** LEC L: likelihood of the accident happening. */
export const LEC_L_OPTIONS: readonly number[] = [0.1, 0.2, 0.5, 1, 3, 6, 10];
/** LEC E: frequency of exposure. */
export const LEC_E_OPTIONS: readonly number[] = [0.5, 1, 2, 3, 6, 10];
/** LEC C: consequence. */
export const LEC_C_OPTIONS: readonly number[] = [1, 3, 7, 15, 40, 100];

export interface RiskScore {
  score: number;
  level: RiskLevel;
}

const reaches = (score: number, floor: BandFloor): boolean =>
  floor.exclusive ? score > floor.min : score >= floor.min;

/** The level a score falls into under the given bands. */
export function levelForScore(score: number, bands: LevelBands): RiskLevel {
  if (!Number.isFinite(score)) throw new RangeError(`score must be a finite number, got ${score}`);
  if (reaches(score, bands.red)) return 'red';
  if (reaches(score, bands.orange)) return 'orange';
  if (reaches(score, bands.yellow)) return 'yellow';
  return 'blue';
}

/** 5×5 matrix: R = likelihood × severity. */
export function scoreMatrix(likelihood: number, severity: number, config: ScoringConfig = DEFAULT_SCORING): RiskScore {
  for (const [name, v] of [['likelihood', likelihood], ['severity', severity]] as const) {
    if (!MATRIX_OPTIONS.includes(v)) throw new RangeError(`${name} must be an integer 1–5, got ${v}`);
  }
  const score = likelihood * severity;
  return { score, level: levelForScore(score, config.matrix) };
}

/** LEC: D = L × E × C, each factor from its fixed option list. */
export function scoreLec(l: number, e: number, c: number, config: ScoringConfig = DEFAULT_SCORING): RiskScore {
  if (!LEC_L_OPTIONS.includes(l)) throw new RangeError(`LEC L must be one of ${LEC_L_OPTIONS.join(', ')}, got ${l}`);
  if (!LEC_E_OPTIONS.includes(e)) throw new RangeError(`LEC E must be one of ${LEC_E_OPTIONS.join(', ')}, got ${e}`);
  if (!LEC_C_OPTIONS.includes(c)) throw new RangeError(`LEC C must be one of ${LEC_C_OPTIONS.join(', ')}, got ${c}`);
  // Factors like 0.1 are not exact in binary; every product is a multiple of 0.05, so round to
  // two decimals so 0.1 × 3 is 0.3 and never lands a hair past a threshold.
  const score = Math.round(l * e * c * 100) / 100;
  return { score, level: levelForScore(score, config.lec) };
}

/** Major hazards and red-level risks are suggested for listed supervision (挂牌督办). */
export function suggestListing(grade: HazardGrade | null, level: RiskLevel | null): boolean {
  return grade === 'major' || level === 'red';
}

/** Comparator for sorting by level, red first. */
export function compareLevels(a: RiskLevel, b: RiskLevel): number {
  return LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b);
}
