import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { attachments, meetingInvitations, meetings, meetingTopics, resolutionNotes, resolutions, resolutionSupports, type AttachmentOwner } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { conflict } from '../lib/errors.js';
import { canViewResolution, canViewTopic } from '../policy.js';
import type { FileStorage } from '../storage/types.js';
import { outageOf } from '../lib/db-errors.js';
import { overQuota, type PendingQuota } from '../uploads/quota.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_FORM, prepareAttachment, type AttachmentError } from './files.js';

export type AttachmentRow = typeof attachments.$inferSelect;

export type StoreError = AttachmentError | 'quota' | 'storageFull';

/**
 * Checks every file (type from its bytes, size, count) and stores them, not yet attached to anything.
 * All or nothing: one bad file, a full disk or the user's pending-upload quota, and none is stored.
 * Empty parts are a file input left empty.
 */
export async function storeAttachments(db: Db, storage: FileStorage, user: SessionUser, files: File[], options: { now: Date; quota: PendingQuota; maxPixels?: number }): Promise<{ ok: true; attachments: AttachmentRow[] } | { ok: false; error: StoreError }> {
  const real = files.filter((f) => f.size > 0);
  if (real.length > MAX_ATTACHMENTS_PER_FORM) return { ok: false, error: 'tooMany' };
  const prepared = [];
  for (const file of real) {
    // Size first: an oversized file is refused before its bytes are copied and checked.
    if (file.size > MAX_ATTACHMENT_BYTES) return { ok: false, error: 'tooLarge' };
    const result = await prepareAttachment(new Uint8Array(await file.arrayBuffer()), file.name, undefined, options.maxPixels);
    if (!result.ok) return { ok: false, error: result.error };
    prepared.push(result);
  }
  if (await overQuota(db, user.id, { files: prepared.length, bytes: prepared.reduce((n, p) => n + p.bytes.length, 0) }, options.quota)) return { ok: false, error: 'quota' };
  const stored: AttachmentRow[] = [];
  try {
    for (const p of prepared) {
      const id = crypto.randomUUID().replace(/-/g, '');
      const storageKey = `attachments/${id}`;
      await storage.put(storageKey, p.bytes, p.contentType);
      const [row] = await db
        .insert(attachments)
        .values({ id, fileName: p.fileName, storageKey, contentType: p.contentType, bytes: p.bytes.length, uploadedBy: user.id, uploadedAt: options.now })
        .returning();
      stored.push(row!);
    }
  } catch (err) {
    if (outageOf(err) !== 'storageFull') throw err;
    await discardAttachments(db, storage, stored).catch(() => {});
    return { ok: false, error: 'storageFull' };
  }
  return { ok: true, attachments: stored };
}

/** Removes uploads whose form was then refused, so no file is left that nothing points to. */
export async function discardAttachments(db: Db, storage: FileStorage, rows: AttachmentRow[]): Promise<void> {
  if (rows.length === 0) return;
  const deleted = await db
    .delete(attachments)
    .where(and(inArray(attachments.id, rows.map((r) => r.id)), isNull(attachments.ownerId)))
    .returning({ storageKey: attachments.storageKey });
  for (const r of deleted) await storage.delete(r.storageKey);
}

/**
 * Attaches the user's own, not yet attached uploads to a topic or a feedback note, inside the caller's
 * transaction (so a refused change leaves them unattached). Anything else among the ids is a conflict.
 */
export async function attachFiles(tx: Executor, user: SessionUser, ids: string[], ownerType: AttachmentOwner, ownerId: number): Promise<void> {
  if (ids.length === 0) return;
  const updated = await tx
    .update(attachments)
    .set({ ownerType, ownerId })
    .where(and(inArray(attachments.id, ids), eq(attachments.uploadedBy, user.id), isNull(attachments.ownerId)))
    .returning({ id: attachments.id });
  if (updated.length !== new Set(ids).size) throw conflict();
}

/** The files of several owners of one kind, oldest first, by owner id (owners without files are absent). */
export async function attachmentsOf(db: Executor, ownerType: AttachmentOwner, ownerIds: number[]): Promise<Map<number, AttachmentRow[]>> {
  const byOwner = new Map<number, AttachmentRow[]>();
  if (ownerIds.length === 0) return byOwner;
  const rows = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.ownerType, ownerType), inArray(attachments.ownerId, ownerIds)))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.fileName));
  for (const row of rows) byOwner.set(row.ownerId!, [...(byOwner.get(row.ownerId!) ?? []), row]);
  return byOwner;
}

/** The files of a meeting's proposed topics (for the meeting page). */
export const topicFiles = (db: Executor, meeting: { agenda: { topics: Array<{ id: number }> } }) =>
  attachmentsOf(db, 'topic', meeting.agenda.topics.map((t) => t.id));

/** The files of a resolution's feedback notes (for the resolution page). */
export const noteFiles = (db: Executor, resolution: { notes: Array<{ id: number }> }) =>
  attachmentsOf(db, 'resolutionNote', resolution.notes.map((n) => n.id));

/**
 * An attachment the user may download: a topic's to whoever may see its meeting, a feedback note's to
 * whoever may see its resolution. Anything else (unknown, not yet attached, not visible) is null → 404.
 */
export async function attachmentForUser(db: Executor, user: SessionUser, id: string): Promise<AttachmentRow | null> {
  if (!/^[a-f0-9]{32}$/.test(id)) return null;
  const [file] = await db.select().from(attachments).where(eq(attachments.id, id));
  if (!file || file.ownerId === null) return null;
  if (file.ownerType === 'topic') {
    const [topic] = await db
      .select({ meetingId: meetingTopics.meetingId, departmentId: meetingTopics.departmentId, agendaPublishedAt: meetings.agendaPublishedAt })
      .from(meetingTopics)
      .innerJoin(meetings, eq(meetings.id, meetingTopics.meetingId))
      .where(eq(meetingTopics.id, file.ownerId));
    if (!topic) return null;
    const invited = await db.select({ departmentId: meetingInvitations.departmentId }).from(meetingInvitations).where(eq(meetingInvitations.meetingId, topic.meetingId));
    return canViewTopic(user, topic, topic, invited.map((i) => i.departmentId)) ? file : null;
  }
  if (file.ownerType === 'resolutionNote') {
    const [note] = await db
      .select({ resolutionId: resolutions.id, leadDepartmentId: resolutions.leadDepartmentId })
      .from(resolutionNotes)
      .innerJoin(resolutions, eq(resolutions.id, resolutionNotes.resolutionId))
      .where(eq(resolutionNotes.id, file.ownerId));
    if (!note) return null;
    const supports = await db.select({ departmentId: resolutionSupports.departmentId }).from(resolutionSupports).where(eq(resolutionSupports.resolutionId, note.resolutionId));
    return canViewResolution(user, { leadDepartmentId: note.leadDepartmentId, supportDepartmentIds: supports.map((s) => s.departmentId) }) ? file : null;
  }
  return null;
}
