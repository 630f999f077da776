// In-memory FileStorage for tests. Bytes are copied in and out, so a caller mutating its array
// afterwards cannot change what is "stored" (the real backends behave that way too).
import { assertValidKey, type FileStorage } from './types.js';

export function memoryStorage(): FileStorage & { keys(): string[] } {
  const files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  return {
    async put(key, bytes, contentType) {
      assertValidKey(key);
      files.set(key, { bytes: bytes.slice(), contentType });
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
    async check() {},
    keys: () => [...files.keys()].sort(),
  };
}
