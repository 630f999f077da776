// The one way photos (and any later file) are stored: a local directory on Node (local.ts), an R2
// bucket on Workers (r2.ts), memory in tests (memory.ts). Runtime-neutral: no node: imports here.

export interface FileStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** null when nothing is stored under the key */
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  /** deleting a missing key is not an error */
  delete(key: string): Promise<void>;
  /** The stored files whose key starts with `prefix` (a whole segment, e.g. 'photos/'), with when each was written. */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
  /** Removes what interrupted writes left behind (temp files and the like) older than the instant; returns how many. */
  removeDebris(olderThan: Date): Promise<number>;
  /** Throws when files cannot be stored right now (for /readyz): the directory not writable, the bucket unreachable. */
  check(): Promise<void>;
}

export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`invalid storage key: ${JSON.stringify(key)}`);
    this.name = 'InvalidStorageKeyError';
  }
}

// Segments of [A-Za-z0-9_-] joined by single slashes: no '.', so no '..' or hidden files; no leading,
// trailing or double slash; no backslash. The same rule on every backend keeps keys portable, and
// local.ts can rely on it for sidecar names (a key never contains '.', a sidecar always does).
const KEY = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function assertValidKey(key: string): void {
  if (key.length > 512 || !KEY.test(key)) throw new InvalidStorageKeyError(key);
}

/** `photos/ab/abcdef…/original`: the two-character fan-out keeps directories (and R2 listings) small. */
export function photoKey(id: string, variant = 'original'): string {
  if (id.length < 2 || !SEGMENT.test(id) || !SEGMENT.test(variant)) throw new InvalidStorageKeyError(`${id}/${variant}`);
  const key = `photos/${id.slice(0, 2)}/${id}/${variant}`;
  assertValidKey(key);
  return key;
}
