import { eq, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { hazardPhotos } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { preparedFor } from '../db/prepared.js';
import { loadHazard, scopeOf } from '../hazards/data.js';
import { canViewHazard } from '../policy.js';
import { photoKey, type FileStorage } from '../storage/types.js';
import { DEFAULT_MAX_IMAGE_PIXELS, MAX_PHOTOS_PER_UPLOAD, prepareUpload } from './image.js';

export type PhotoRow = typeof hazardPhotos.$inferSelect;
export type UploadError = 'tooLarge' | 'notImage' | 'corrupt' | 'tooMany' | 'tooManyPixels';

/**
 * Checks every file (type from its bytes, size), strips location metadata and stores them, not yet
 * attached to a hazard. All or nothing: one bad file and none is stored.
 */
export async function storeUploads(db: Db, storage: FileStorage, user: SessionUser, files: File[], alreadyAttached = 0, maxPixels = DEFAULT_MAX_IMAGE_PIXELS): Promise<{ ok: true; photos: PhotoRow[] } | { ok: false; error: UploadError }> {
  const real = files.filter((f) => f.size > 0);
  if (real.length === 0) return { ok: true, photos: [] };
  if (real.length + alreadyAttached > MAX_PHOTOS_PER_UPLOAD) return { ok: false, error: 'tooMany' };
  const prepared = [];
  for (const file of real) {
    const result = prepareUpload(new Uint8Array(await file.arrayBuffer()), undefined, maxPixels);
    if (!result.ok) return { ok: false, error: result.error };
    prepared.push(result);
  }
  const photos: PhotoRow[] = [];
  for (const p of prepared) {
    const id = crypto.randomUUID().replace(/-/g, '');
    const key = photoKey(id);
    await storage.put(key, p.bytes, p.contentType);
    const [row] = await db
      .insert(hazardPhotos)
      .values({ id, kind: 'report', storageKey: key, contentType: p.contentType, bytes: p.bytes.length, width: p.width, height: p.height, uploadedBy: user.id })
      .returning();
    photos.push(row!);
  }
  return { ok: true, photos };
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
