// A user's uploads that are not attached to anything yet (photos chosen on a form not yet sent, files of
// a form that failed) are capped: without a cap one account could fill the disk with files nothing
// points to. Unattached uploads older than a day are deleted by the clean-up job (cleanup.ts).
import { and, eq, isNull, sql } from 'drizzle-orm';
import { attachments, hazardPhotos } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';

export interface PendingQuota {
  maxFiles: number;
  maxBytes: number;
}

/** How many files and bytes the user has uploaded that are not attached yet (photos and attachments). */
export async function pendingUploads(db: Executor, userId: string): Promise<{ files: number; bytes: number }> {
  const count = { files: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${hazardPhotos.bytes}), 0)::bigint` };
  const [photos] = await db.select(count).from(hazardPhotos).where(and(eq(hazardPhotos.uploadedBy, userId), isNull(hazardPhotos.hazardId)));
  const [files] = await db
    .select({ files: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${attachments.bytes}), 0)::bigint` })
    .from(attachments)
    .where(and(eq(attachments.uploadedBy, userId), isNull(attachments.ownerId)));
  return { files: Number(photos?.files ?? 0) + Number(files?.files ?? 0), bytes: Number(photos?.bytes ?? 0) + Number(files?.bytes ?? 0) };
}

/** Whether adding these uploads would take the user over the quota. */
export async function overQuota(db: Executor, userId: string, adding: { files: number; bytes: number }, quota: PendingQuota): Promise<boolean> {
  if (adding.files === 0) return false;
  const pending = await pendingUploads(db, userId);
  return pending.files + adding.files > quota.maxFiles || pending.bytes + adding.bytes > quota.maxBytes;
}
