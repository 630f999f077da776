import { DomainError } from './errors.js';
import { isValidDate } from './shanghai-time.js';

/**
 * Keyset ("seek") pagination cursors: the sort key of the last row seen, opaque to the user. Pages are
 * found with WHERE (key, id) > cursor, never with OFFSET, so page 1000 costs the same as page 1.
 */
export type CursorValue = string | number | null;

export function encodeCursor(values: CursorValue[]): string {
  return btoa(unescape(encodeURIComponent(JSON.stringify(values)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The decoded cursor, or null when it is missing or malformed (a tampered cursor just means page 1). */
export function decodeCursor(cursor: string | undefined, length: number): CursorValue[] | null {
  if (!cursor) return null;
  try {
    const b64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    const parsed: unknown = JSON.parse(decodeURIComponent(escape(atob(b64))));
    if (!Array.isArray(parsed) || parsed.length !== length) return null;
    if (!parsed.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) return null;
    return parsed as CursorValue[];
  } catch {
    return null;
  }
}

export interface Page<T> {
  rows: T[];
  /** cursor for the page after this one, if there is one */
  next: string | null;
  /** cursor for the page before this one, if there is one */
  prev: string | null;
}

/**
 * Turns rows fetched with limit+1 into a page. `backward` rows were fetched in reverse order (for the
 * previous page) and are put back in display order.
 */
export function toPage<T>(fetched: T[], limit: number, keyOf: (row: T) => CursorValue[], direction: 'forward' | 'backward', hadCursor: boolean): Page<T> {
  const more = fetched.length > limit;
  const rows = fetched.slice(0, limit);
  if (direction === 'backward') rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const hasNext = direction === 'forward' ? more : hadCursor;
  const hasPrev = direction === 'forward' ? hadCursor : more;
  return {
    rows,
    next: hasNext && last ? encodeCursor(keyOf(last)) : null,
    prev: hasPrev && first ? encodeCursor(keyOf(first)) : null,
  };
}

/** What a cursor value must be: checked before it reaches SQL, where a wrong type is a database error. */
export type CursorKind = 'id' | 'uuidOrId' | 'text' | 'instant' | 'date' | 'rank';

const KIND_CHECKS: Record<CursorKind, (v: CursorValue) => boolean> = {
  id: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2_147_483_647,
  uuidOrId: (v) => KIND_CHECKS.id(v) || (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)),
  text: (v) => typeof v === 'string' && v.length <= 1000 && !v.includes('\0'),
  // As toISOString() writes it; years from 1000 on (PostgreSQL has no year 0).
  instant: (v) => typeof v === 'string' && /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && isValidDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)),
  date: (v) => typeof v === 'string' && isValidDate(v),
  rank: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100,
};

/**
 * The cursor of a page link: null when absent; a cursor the app did not make (does not decode, or a
 * value of the wrong kind) is a bad request (400).
 */
export function cursorOf(cursor: string | undefined, kinds: CursorKind[]): CursorValue[] | null {
  if (!cursor) return null;
  if (!isCursorOf(cursor, kinds)) throw new DomainError(400, 'error.badRequest');
  return decodeCursor(cursor, kinds.length);
}

/** Whether a cursor decodes to values of these kinds. */
export function isCursorOf(cursor: string, kinds: CursorKind[]): boolean {
  const values = decodeCursor(cursor, kinds.length);
  return values !== null && values.every((v, i) => KIND_CHECKS[kinds[i]!](v));
}
