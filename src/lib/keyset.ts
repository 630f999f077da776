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
