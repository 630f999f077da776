// FileStorage on a Cloudflare R2 bucket binding (Workers). The content type lives in the object's
// httpMetadata, so it comes back with the bytes in one get.
import { assertValidKey, type FileStorage } from './types.js';

export function r2Storage(bucket: R2Bucket): FileStorage {
  return {
    async put(key, bytes, contentType) {
      assertValidKey(key);
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      assertValidKey(key);
      const obj = await bucket.get(key);
      if (!obj) return null;
      return {
        bytes: new Uint8Array(await obj.arrayBuffer()),
        contentType: obj.httpMetadata?.contentType ?? 'application/octet-stream',
      };
    },
    async delete(key) {
      assertValidKey(key);
      await bucket.delete(key);
    },
    async *list(prefix) {
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix, cursor, limit: 1000 });
        for (const obj of page.objects) yield { key: obj.key, modifiedAt: obj.uploaded };
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
    },
    async removeDebris() {
      // An R2 put is atomic: an interrupted upload leaves nothing behind.
      return 0;
    },
    async check() {
      // A read-only call (class B): answers null for a missing object, throws when the bucket is unreachable.
      await bucket.head('readiness-probe');
    },
  };
}
