/** Ledger numbers (台账编号) such as ZJ-2026-000123: prefix, year, yearly sequence padded to six digits. */

export interface HazardNumber {
  prefix: string;
  year: number;
  seq: number;
}

const PREFIX_RE = /^[A-Z][A-Z0-9]*$/;
const NUMBER_RE = /^([A-Z][A-Z0-9]*)-(\d{4})-(\d{6,})$/;

export function formatHazardNumber(year: number, seq: number, prefix = 'ZJ'): string {
  if (!PREFIX_RE.test(prefix)) throw new RangeError(`prefix must be upper-case letters/digits, got '${prefix}'`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must be 4 digits, got ${year}`);
  // Sequences start at 1; past 999999 the number just grows a digit rather than failing.
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`seq must be a positive integer, got ${seq}`);
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

/**
 * Lenient about case and surrounding spaces (people type "zj-2026-000123" into search boxes),
 * strict about everything else: only the canonical form parses, so '0000123' or seq 0 does not.
 */
export function parseHazardNumber(s: string): HazardNumber | null {
  const text = s.trim().toUpperCase();
  const m = NUMBER_RE.exec(text);
  if (!m) return null;
  const prefix = m[1] as string;
  const year = Number(m[2]);
  const seq = Number(m[3]);
  if (!Number.isSafeInteger(seq) || seq < 1 || year < 1000) return null;
  return formatHazardNumber(year, seq, prefix) === text ? { prefix, year, seq } : null;
}
