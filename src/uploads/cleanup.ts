// The clean-up job for uploads (hourly on Node, the cron trigger on Workers): photos and attachments
// nobody attached within a day (a form abandoned after its photos were uploaded, a request that failed),
// what interrupted writes left on disk, and stored files that no row names (a crash between writing a
// file and its row). Runtime-neutral: works through FileStorage on a local directory and on R2.
import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import { attachments, hazardPhotos } from '../db/schema/index.js';
import type { Db } from '../db/types.js';
import type { FileStorage } from '../storage/types.js';

/** An upload not attached after this long is given up. */
export const UNATTACHED_MAX_AGE_MS = 24 * 3600_000;
/** A file without a row, or a temp file, this old is debris: no upload takes an hour between file and row. */
export const DEBRIS_MIN_AGE_MS = 3600_000;
/** The prefixes of stored keys that rows name (photos/…, attachments/…). */
const PREFIXES = ['photos/', 'attachments/'];

export interface CleanupResult {
  unattachedPhotos: number;
  unattachedAttachments: number;
  debris: number;
  orphanFiles: number;
}

export async function cleanUpUploads(db: Db, storage: FileStorage, now: Date): Promise<CleanupResult> {
  const cutoff = new Date(now.getTime() - UNATTACHED_MAX_AGE_MS);
  // Rows first, then files: a file left by a failed delete is an orphan the scan below removes later.
  const photos = await db
    .delete(hazardPhotos)
    .where(and(isNull(hazardPhotos.hazardId), lt(hazardPhotos.uploadedAt, cutoff)))
    .returning({ key: hazardPhotos.storageKey });
  const files = await db
    .delete(attachments)
    .where(and(isNull(attachments.ownerId), lt(attachments.uploadedAt, cutoff)))
    .returning({ key: attachments.storageKey });
  for (const { key } of [...photos, ...files]) await storage.delete(key);

  const debrisCutoff = new Date(now.getTime() - DEBRIS_MIN_AGE_MS);
  const debris = await storage.removeDebris(debrisCutoff);
  let orphanFiles = 0;
  for (const prefix of PREFIXES) {
    let batch: string[] = [];
    for await (const file of storage.list(prefix)) {
      if (file.modifiedAt >= debrisCutoff) continue;
      batch.push(file.key);
      if (batch.length >= 500) {
        orphanFiles += await removeUnnamed(db, storage, batch);
        batch = [];
      }
    }
    orphanFiles += await removeUnnamed(db, storage, batch);
  }
  return { unattachedPhotos: photos.length, unattachedAttachments: files.length, debris, orphanFiles };
}

/** The row id in a key the app writes (`photos/ab/<id>/original`, `attachments/<id>`): looked up by primary key. */
const idOfKey = (key: string) => /^photos\/[A-Za-z0-9_-]{2}\/([a-f0-9]{32})\/original$/.exec(key)?.[1] ?? /^attachments\/([a-f0-9]{32})$/.exec(key)?.[1];

/** Deletes the stored files among `keys` that no photo or attachment row names. */
async function removeUnnamed(db: Db, storage: FileStorage, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const ids = keys.map(idOfKey).filter((id): id is string => id !== undefined);
  const named = new Set<string>();
  if (ids.length > 0) {
    for (const r of await db.select({ key: hazardPhotos.storageKey }).from(hazardPhotos).where(inArray(hazardPhotos.id, ids))) named.add(r.key);
    for (const r of await db.select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.id, ids))) named.add(r.key);
  }
  // Other keys (the demo's shared placeholder images) are few: found by their key.
  for (const key of keys.filter((k) => idOfKey(k) === undefined)) {
    const [photo] = await db.select({ key: hazardPhotos.storageKey }).from(hazardPhotos).where(eq(hazardPhotos.storageKey, key)).limit(1);
    const [file] = photo ? [] : await db.select({ key: attachments.storageKey }).from(attachments).where(eq(attachments.storageKey, key)).limit(1);
    if (photo || file) named.add(key);
  }
  let removed = 0;
  for (const key of keys) {
    if (named.has(key)) continue;
    await storage.delete(key);
    removed++;
  }
  return removed;
}
