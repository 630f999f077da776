import { and, asc, eq, sql } from 'drizzle-orm';
import { departments, meetingMinutes, minutesAddenda, resolutions, resolutionSupports, type meetings } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { DomainError, FieldErrors } from '../lib/errors.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { uniqueViolation } from '../lib/db-errors.js';
import { draftMinutes } from './minutes.js';
import type { MeetingDetail } from './service.js';

export async function minutesOf(db: Executor, meetingId: number) {
  const [minutes] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
  const addenda = await db.select().from(minutesAddenda).where(eq(minutesAddenda.meetingId, meetingId)).orderBy(asc(minutesAddenda.id));
  return { minutes: minutes ?? null, addenda };
}

/** A decision taken on the item at the meeting, as the minutes say it (a deferral is worded by the draft). */
const DECIDED: Record<'zh-CN' | 'en', string> = { 'zh-CN': '会议当场作出决定', en: 'The meeting decided on it' };

/** The automatic draft: attendance, agenda outcomes (the items' notes) and the meeting's resolutions. */
async function draftFor(db: Executor, detail: MeetingDetail, locale: 'zh-CN' | 'en'): Promise<string> {
  const m: typeof meetings.$inferSelect = detail.meeting;
  const supports = await db
    .select({ resolutionId: resolutionSupports.resolutionId, name: departments.name })
    .from(resolutionSupports)
    .innerJoin(departments, eq(departments.id, resolutionSupports.departmentId))
    .innerJoin(resolutions, eq(resolutions.id, resolutionSupports.resolutionId))
    .where(eq(resolutions.meetingId, m.id));
  return draftMinutes(
    {
      meeting: { number: m.number, title: m.title, kind: m.kind, startsAt: m.startsAt, place: m.place, convener: m.convener, chair: m.chair },
      attendance: detail.invitations.map((i) => ({
        unitName: i.name,
        status: i.attendance ?? (i.response === 'leave' ? 'leave' : i.response === 'standIn' ? 'standIn' : 'present'),
        attendee: i.attendee || (i.response === 'standIn' ? i.responseNote : undefined) || undefined,
        reason: i.response === 'leave' ? i.responseNote : undefined,
      })),
      // Only what the meeting took up: an outcome or a note; items never reached are not "discussed".
      outcomes: detail.agenda.items.filter((item) => item.outcome !== '' || item.note.trim() !== '').map((item) => ({ title: item.title, decision: item.outcome === 'decided' ? DECIDED[locale] : '', notes: item.note, deferred: item.outcome === 'deferred' })),
      resolutions: detail.resolutions.map((r) => ({
        content: r.content,
        leadUnitName: r.leadName,
        supportUnitNames: supports.filter((s) => s.resolutionId === r.id).map((s) => s.name),
        deadline: r.deadline,
      })),
    },
    locale,
  );
}

/**
 * Creates the draft, or re-drafts it from the current data — only while not issued, and only over the
 * version the supervisor saw (`version`; null when there was no draft yet): re-drafting replaces the
 * whole text, so it must not overwrite edits another supervisor saved in the meantime (409).
 */
export async function redraftMinutes(db: Db, actor: Actor, detail: MeetingDetail, locale: 'zh-CN' | 'en', version: number | null, now: Date): Promise<void> {
  const body = await draftFor(db, detail, locale);
  await db.transaction(async (tx) => {
    const { minutes } = await minutesOf(tx, detail.meeting.id);
    if (minutes?.status === 'issued') throw new DomainError(409, 'minutes.issued');
    if (minutes === null) {
      // Two first drafts at once: the second finds the first one's row.
      const created = await tx.insert(meetingMinutes).values({ meetingId: detail.meeting.id, body, updatedAt: now }).onConflictDoNothing().returning({ id: meetingMinutes.meetingId });
      if (created.length === 0 || version !== null) throw new DomainError(409, 'minutes.changed');
    } else {
      const updated = await tx
        .update(meetingMinutes)
        .set({ body, version: sql`${meetingMinutes.version} + 1`, updatedAt: now })
        .where(and(eq(meetingMinutes.meetingId, detail.meeting.id), eq(meetingMinutes.version, version ?? -1), eq(meetingMinutes.status, 'draft')))
        .returning({ id: meetingMinutes.meetingId });
      if (updated.length === 0) throw new DomainError(409, 'minutes.changed');
    }
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: detail.meeting.id, action: 'minutesDrafted' });
  });
}

/** Saves the supervisor's edit of the draft (version-guarded); issued minutes are frozen. */
export async function saveMinutes(db: Db, actor: Actor, meetingId: number, version: number, body: string, now: Date): Promise<void> {
  if (!body.trim()) throw new FieldErrors({ body: 'validation.required' });
  await db.transaction(async (tx) => {
    const { minutes } = await minutesOf(tx, meetingId);
    if (!minutes) throw new DomainError(409, 'error.conflict');
    if (minutes.status === 'issued') throw new DomainError(409, 'minutes.issued');
    const updated = await tx
      .update(meetingMinutes)
      .set({ body, version: sql`${meetingMinutes.version} + 1`, updatedAt: now })
      .where(and(eq(meetingMinutes.meetingId, meetingId), eq(meetingMinutes.version, version)))
      .returning({ id: meetingMinutes.meetingId });
    if (updated.length === 0) throw new DomainError(409, 'minutes.changed');
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'minutesEdited' });
  });
}

/** Issues the minutes with a document number and date; from then on only addenda. */
export async function issueMinutes(db: Db, actor: Actor & { userId: string }, meetingId: number, version: number, documentNumber: string, now: Date): Promise<void> {
  if (!documentNumber.trim()) throw new FieldErrors({ documentNumber: 'validation.required' });
  try {
    await db.transaction(async (tx) => {
      const updated = await tx
        .update(meetingMinutes)
        .set({ status: 'issued', documentNumber: documentNumber.trim(), issuedAt: now, issuedBy: actor.userId, version: sql`${meetingMinutes.version} + 1` })
        .where(and(eq(meetingMinutes.meetingId, meetingId), eq(meetingMinutes.version, version), eq(meetingMinutes.status, 'draft')))
        .returning({ id: meetingMinutes.meetingId });
      if (updated.length === 0) throw new DomainError(409, 'minutes.issued');
      await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'minutesIssued', data: { documentNumber: documentNumber.trim() } });
    });
  } catch (err) {
    if (uniqueViolation(err) !== null) throw new FieldErrors({ documentNumber: 'validation.taken' });
    throw err;
  }
}

export async function addAddendum(db: Db, actor: Actor & { userId: string }, meetingId: number, body: string): Promise<void> {
  if (!body.trim()) throw new FieldErrors({ addendum: 'validation.required' });
  await db.transaction(async (tx) => {
    const { minutes } = await minutesOf(tx, meetingId);
    if (minutes?.status !== 'issued') throw new DomainError(409, 'minutes.notIssued');
    await tx.insert(minutesAddenda).values({ meetingId, body: body.trim(), createdBy: actor.userId });
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'minutesAddendum' });
  });
}
