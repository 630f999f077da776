import { and, asc, eq, sql } from 'drizzle-orm';
import { departments, meetingMinutes, meetings, minutesAddenda, resolutions, resolutionSupports } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { DomainError, FieldErrors } from '../lib/errors.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { uniqueViolation } from '../lib/db-errors.js';
import { hasSat } from './live.js';
import { draftMinutes } from './minutes.js';
import { sittingDecisions } from './minutes-decisions.js';
import { takeNumber } from '../documents/service.js';
import type { MeetingDetail } from './service.js';

export async function minutesOf(db: Executor, meetingId: number) {
  const [minutes] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
  const addenda = await db.select().from(minutesAddenda).where(eq(minutesAddenda.meetingId, meetingId)).orderBy(asc(minutesAddenda.id));
  return { minutes: minutes ?? null, addenda };
}

/** A decision taken on the item at the meeting, as the minutes say it (a deferral is worded by the draft). */
const DECIDED: Record<'zh-CN' | 'en', string> = { 'zh-CN': '会议当场作出决定', en: 'The meeting decided on it' };

/**
 * The automatic draft: attendance as recorded, each agenda item with the decisions taken on it (from the
 * history written at the sitting) and its notes, and the meeting's resolutions.
 */
async function draftFor(db: Executor, detail: MeetingDetail, locale: 'zh-CN' | 'en'): Promise<string> {
  const m: typeof meetings.$inferSelect = detail.meeting;
  const decisions = await sittingDecisions(db, detail);
  const supports = await db
    .select({ resolutionId: resolutionSupports.resolutionId, name: departments.name })
    .from(resolutionSupports)
    .innerJoin(departments, eq(departments.id, resolutionSupports.departmentId))
    .innerJoin(resolutions, eq(resolutions.id, resolutionSupports.resolutionId))
    .where(eq(resolutions.meetingId, m.id));
  return draftMinutes(
    {
      meeting: { number: m.number, title: m.title, kind: m.kind, startsAt: m.startsAt, place: m.place, convener: m.convener, chair: m.chair },
      // What was recorded on the attendance sheet; an answer before the meeting is not attendance.
      attendance: detail.invitations.map((i) => ({
        unitName: i.fullName,
        status: i.attendance ?? 'unrecorded',
        attendee: i.attendee || (i.attendance === 'standIn' && i.response === 'standIn' ? i.responseNote : undefined) || undefined,
        reason: i.attendance === 'leave' && i.response === 'leave' ? i.responseNote : undefined,
      })),
      // Only what the meeting took up: an outcome or a note; items never reached are not "discussed".
      outcomes: detail.agenda.items
        .filter((item) => item.outcome !== '' || item.note.trim() !== '')
        .map((item) => ({
          title: item.title,
          decision: item.outcome === 'decided' ? DECIDED[locale] : '',
          decisions: decisions.byItem.get(item.id) ?? [],
          notes: item.note,
          deferred: item.outcome === 'deferred',
          deferReason: decisions.deferReasons.get(item.id),
        })),
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

/** Minutes exist only for a meeting that sat: opened by the supervisor, not cancelled. */
function assertSat(m: typeof meetings.$inferSelect): void {
  if (m.status === 'cancelled') throw new DomainError(409, 'live.error.cancelled');
  if (!hasSat(m)) throw new DomainError(409, 'minutes.error.notSat');
}

/**
 * Nothing is added to a meeting once its minutes are issued: they are the record of what it decided.
 * Called inside the adding transaction.
 */
export async function assertMinutesNotIssued(tx: Executor, meetingId: number): Promise<void> {
  const [row] = await tx.select({ status: meetingMinutes.status }).from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
  if (row?.status === 'issued') throw new DomainError(409, 'minutes.error.frozen');
}

/**
 * Creates the draft, or re-drafts it from the current data — only while not issued, and only over the
 * version the supervisor saw (`version`; null when there was no draft yet): re-drafting replaces the
 * whole text, so it must not overwrite edits another supervisor saved in the meantime (409).
 */
export async function redraftMinutes(db: Db, actor: Actor, detail: MeetingDetail, locale: 'zh-CN' | 'en', version: number | null, now: Date): Promise<void> {
  assertSat(detail.meeting);
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

/** Minutes are issued only for a meeting that sat and whose sitting was closed (结束会议). */
export function checkIssuable(m: typeof meetings.$inferSelect): void {
  assertSat(m);
  if (!m.closedAt) throw new DomainError(409, 'minutes.error.notClosed');
}

/**
 * Issues the minutes with a document number and date — only once the sitting was closed; from then on
 * only addenda. `body`, when given, is the text as last edited: saved with the issue, so nothing typed
 * is lost.
 */
export async function issueMinutes(db: Db, actor: Actor & { userId: string }, meetingId: number, version: number, documentNumber: string, now: Date, body?: string): Promise<void> {
  if (!documentNumber.trim()) throw new FieldErrors({ documentNumber: 'minutes.error.numberRequired' });
  if (body !== undefined && !body.trim()) throw new FieldErrors({ body: 'validation.required' });
  try {
    await db.transaction(async (tx) => {
      const [m] = await tx.select().from(meetings).where(eq(meetings.id, meetingId));
      if (!m) throw new DomainError(404, 'error.notFound');
      checkIssuable(m);
      // The number is taken in the same transaction: refused (pattern, year, given before) → nothing issued.
      const number = await takeNumber(tx, 'minutes', now, documentNumber);
      const updated = await tx
        .update(meetingMinutes)
        .set({ status: 'issued', documentNumber: number, issuedAt: now, issuedBy: actor.userId, version: sql`${meetingMinutes.version} + 1`, ...(body !== undefined ? { body, updatedAt: now } : {}) })
        .where(and(eq(meetingMinutes.meetingId, meetingId), eq(meetingMinutes.version, version), eq(meetingMinutes.status, 'draft')))
        .returning({ id: meetingMinutes.meetingId });
      if (updated.length === 0) throw new DomainError(409, 'minutes.issued');
      await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'minutesIssued', data: { documentNumber: number } });
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
