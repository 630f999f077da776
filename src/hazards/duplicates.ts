/**
 * Possible-duplicate and repeat detection. Locations are free Chinese text ("教学楼三楼东侧楼梯"),
 * which has no spaces to split words on, so we compare character bigrams (Dice coefficient).
 */
import { addMonths, shanghaiDate } from '../lib/shanghai-time.js';
import { type HazardState, isOpen } from './lifecycle.js';

/**
 * NFKC folds full-width letters/digits (ＡＢ１２) to ASCII and full-width punctuation to its
 * plain form; then whitespace, punctuation and symbols are dropped so "3楼，东侧" equals "3楼东侧".
 */
function normalise(s: string): string[] {
  return Array.from(s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, ''));
}

function bigrams(chars: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = `${chars[i]}${chars[i + 1]}`;
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

/**
 * Similarity in 0..1: Dice coefficient over character bigrams of the normalised text.
 * Empty text (after normalising) says nothing about the place, so it scores 0; a single
 * character has no bigram, so it compares by equality.
 */
export function locationSimilarity(a: string, b: string): number {
  const ca = normalise(a);
  const cb = normalise(b);
  if (ca.length === 0 || cb.length === 0) return 0;
  if (ca.join('') === cb.join('')) return 1;
  if (ca.length === 1 || cb.length === 1) return 0;
  const ga = bigrams(ca);
  const gb = bigrams(cb);
  let shared = 0;
  for (const [g, n] of ga) shared += Math.min(n, gb.get(g) ?? 0);
  return (2 * shared) / (ca.length - 1 + (cb.length - 1));
}

export interface DuplicateTarget {
  /** Absent for a hazard not yet saved. */
  id?: number;
  schoolId: number;
  categoryId: number;
  location: string;
}

export interface DuplicateCandidate {
  id: number;
  schoolId: number;
  categoryId: number;
  location: string;
  state: HazardState;
}

/**
 * Open hazards at the same school, in the same category, at a similar location: shown to the
 * reporter / verifier as "possible duplicates". Most similar first (ties by id for a stable list).
 */
export function findPossibleDuplicates<C extends DuplicateCandidate>(
  target: DuplicateTarget,
  candidates: readonly C[],
  threshold = 0.5,
): Array<C & { similarity: number }> {
  return candidates
    .filter((c) => c.schoolId === target.schoolId && c.categoryId === target.categoryId)
    .filter((c) => isOpen(c.state) && c.id !== target.id)
    .map((c) => ({ ...c, similarity: locationSimilarity(target.location, c.location) }))
    .filter((c) => c.similarity >= threshold)
    .sort((x, y) => y.similarity - x.similarity || x.id - y.id);
}

export interface ClosedHazard {
  id: number;
  schoolId: number;
  categoryId: number;
  location: string;
  /** When it was closed (销号); null when it never was, which never counts. */
  closedAt: Date | null;
}

export interface RepeatOptions {
  /** Look-back window in calendar months (Shanghai dates). */
  months?: number;
  threshold?: number;
}

/**
 * Closed hazards this one repeats: same school + category + similar location, closed within the
 * last `months` months before `now` (a hazard closed after `now` is not a predecessor). For an
 * existing hazard pass its reporting time as `now`. Returned so the new one can link to them.
 */
export function findRepeats<C extends ClosedHazard>(
  target: DuplicateTarget,
  closed: readonly C[],
  now: Date,
  { months = 12, threshold = 0.5 }: RepeatOptions = {},
): C[] {
  const today = shanghaiDate(now);
  const since = addMonths(today, -months);
  return closed.filter((c) => {
    if (c.closedAt === null || c.id === target.id) return false;
    if (c.schoolId !== target.schoolId || c.categoryId !== target.categoryId) return false;
    const day = shanghaiDate(c.closedAt);
    return day >= since && day <= today && locationSimilarity(target.location, c.location) >= threshold;
  });
}

/** The "repeat" flag (重复隐患): see findRepeats. */
export function isRepeat(target: DuplicateTarget, closed: readonly ClosedHazard[], now: Date, options: RepeatOptions = {}): boolean {
  return findRepeats(target, closed, now, options).length > 0;
}
