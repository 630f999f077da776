// In-memory FileStorage for tests. Bytes are copied in and out, so a caller mutating its array
// afterwards cannot change what is "stored" (the real backends behave that way too).
import { assertValidKey, type FileStorage } from './types.js';

/** `now` stamps each file: tests pass their clock, so "older than a day" follows the test clock. */
export function memoryStorage(now: () => Date): FileStorage & { keys(): string[] } {
  const files = new Map<string, { bytes: Uint8Array; contentType: string; modifiedAt: Date }>();
  return {
    async put(key, bytes, contentType) {
      assertValidKey(key);
      files.set(key, { bytes: bytes.slice(), contentType, modifiedAt: now() });
    },
    async get(key) {
      assertValidKey(key);
      const f = files.get(key);
      return f ? { bytes: f.bytes.slice(), contentType: f.contentType } : null;
    },
    async delete(key) {
      assertValidKey(key);
      files.delete(key);
    },
    async *list(prefix) {
      for (const [key, f] of [...files].sort(([a], [b]) => a.localeCompare(b))) if (key.startsWith(prefix)) yield { key, modifiedAt: f.modifiedAt };
    },
    async removeDebris() {
      return 0;
    },
    async check() {},
    keys: () => [...files.keys()].sort(),
  };
}
