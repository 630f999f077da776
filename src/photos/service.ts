import { eq, inArray, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { hazardPhotos } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { preparedFor } from '../db/prepared.js';
import { loadHazard, scopeOf } from '../hazards/data.js';
import { canViewHazard } from '../policy.js';
import { photoKey, type FileStorage } from '../storage/types.js';
import { outageOf } from '../lib/db-errors.js';
import { overQuota, type PendingQuota } from '../uploads/quota.js';
import { DEFAULT_MAX_IMAGE_PIXELS, MAX_PHOTOS_PER_UPLOAD, prepareUpload } from './image.js';

export type PhotoRow = typeof hazardPhotos.$inferSelect;
export type UploadError = 'tooLarge' | 'notImage' | 'corrupt' | 'tooMany' | 'tooManyPixels' | 'quota' | 'storageFull';

export interface UploadOptions {
  /** photos already on the form (the per-form limit counts them) */
  alreadyAttached?: number;
  now: Date;
  quota: PendingQuota;
  /** largest image in pixels (MAX_IMAGE_PIXELS) */
  maxPixels?: number;
}

/**
 * Checks every file (type from its bytes, size), strips location metadata and stores them, not yet
 * attached to a hazard. All or nothing: one bad file, a full disk or the user's pending-upload quota,
 * and none is stored. The file is written before its row, so a row never names a missing file; a file
 * whose row was never written is removed by the clean-up job.
 */
export async function storeUploads(db: Db, storage: FileStorage, user: SessionUser, files: File[], options: UploadOptions): Promise<{ ok: true; photos: PhotoRow[] } | { ok: false; error: UploadError }> {
  const real = files.filter((f) => f.size > 0);
  if (real.length === 0) return { ok: true, photos: [] };
  if (real.length + (options.alreadyAttached ?? 0) > MAX_PHOTOS_PER_UPLOAD) return { ok: false, error: 'tooMany' };
  const prepared = [];
  for (const file of real) {
    const result = prepareUpload(new Uint8Array(await file.arrayBuffer()), undefined, options.maxPixels ?? DEFAULT_MAX_IMAGE_PIXELS);
    if (!result.ok) return { ok: false, error: result.error };
    prepared.push(result);
  }
  if (await overQuota(db, user.id, { files: prepared.length, bytes: prepared.reduce((n, p) => n + p.bytes.length, 0) }, options.quota)) return { ok: false, error: 'quota' };
  const photos: PhotoRow[] = [];
  try {
    for (const p of prepared) {
      const id = crypto.randomUUID().replace(/-/g, '');
      const key = photoKey(id);
      await storage.put(key, p.bytes, p.contentType);
      const [row] = await db
        .insert(hazardPhotos)
        .values({ id, kind: 'report', storageKey: key, contentType: p.contentType, bytes: p.bytes.length, width: p.width, height: p.height, uploadedBy: user.id, uploadedAt: options.now })
        .returning();
      photos.push(row!);
    }
  } catch (err) {
    if (outageOf(err) !== 'storageFull') throw err;
    await discardPhotos(db, storage, photos).catch(() => {});
    return { ok: false, error: 'storageFull' };
  }
  return { ok: true, photos };
}

/** Removes photos stored by an upload that then failed as a whole (rows first, then their files). */
async function discardPhotos(db: Db, storage: FileStorage, photos: PhotoRow[]): Promise<void> {
  if (photos.length === 0) return;
  await db.delete(hazardPhotos).where(inArray(hazardPhotos.id, photos.map((p) => p.id)));
  for (const p of photos) await storage.delete(p.storageKey);
}

/** A photo the user may see: one of a hazard they may see, or their own not-yet-attached upload. */
export async function photoForUser(db: Executor, user: SessionUser, id: string): Promise<PhotoRow | null> {
  if (!/^[a-f0-9]{32}$/.test(id)) return null;
  const [photo] = await db.select().from(hazardPhotos).where(eq(hazardPhotos.id, id));
  if (!photo) return null;
  if (photo.hazardId === null) return photo.uploadedBy === user.id ? photo : null;
  const loaded = await loadHazard(db, photo.hazardId);
  if (!loaded || !canViewHazard(user, scopeOf(loaded.hazard, loaded.departments))) return null;
  return photo;
}

const photosQuery = preparedFor((db: Executor) =>
  db.select().from(hazardPhotos).where(eq(hazardPhotos.hazardId, sql.placeholder('id'))).orderBy(hazardPhotos.uploadedAt).prepare('hazard_photos'),
);

export async function photosOfHazard(db: Executor, hazardId: number): Promise<PhotoRow[]> {
  return photosQuery(db).execute({ id: hazardId });
}
