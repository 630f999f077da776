import { and, asc, desc, eq, gte, inArray, like, lt, sql } from 'drizzle-orm';
import { unitShortName } from '../admin/unit-names.js';
import type { SessionUser } from '../auth/sessions.js';
import { departments, meetingInvitations, meetings, resolutions, type Attendance, type InvitationResponse, type MeetingKind } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { DomainError, FieldErrors, forbidden, notFound } from '../lib/errors.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { uniqueViolation } from '../lib/db-errors.js';
import { canViewMeeting, canViewTopic, maySeeAgendaDraft, meetingActions, visibleMeetings } from '../policy.js';
import { occurrences, type RecurrenceRule } from './recurrence.js';
import { agendaOf } from './agenda-service.js';
import { hasStarted } from './live.js';
import { assertMinutesNotIssued } from './minutes-service.js';
import { notify } from '../inbox/service.js';
import { shanghaiInstant } from '../lib/shanghai-time.js';
import { parseMeetingNumber, seriesNumbers } from '../documents/numbering.js';

export interface MeetingInput {
  number: string;
  title: string;
  kind: MeetingKind;
  convener: string;
  chair: string;
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  departmentIds: number[];
}

function checkTimes(input: MeetingInput) {
  if (shanghaiInstant(input.date, input.endTime) <= shanghaiInstant(input.date, input.startTime)) throw new FieldErrors({ endTime: 'meeting.endBeforeStart' });
}

async function checkUnits(db: Executor, ids: number[]) {
  if (ids.length === 0) throw new FieldErrors({ departmentIds: 'meeting.noUnits' });
  const found = await db.select({ id: departments.id }).from(departments).where(and(inArray(departments.id, ids), eq(departments.active, true)));
  if (found.length !== ids.length) throw new FieldErrors({ departmentIds: 'validation.choose' });
}

/** The highest n of the meetings numbered <year>年第n次, for each year of the dates (a series restarts each year after it). */
async function highestMeetingNumbers(db: Executor, dates: string[]): Promise<(year: number) => number | null> {
  const highest = new Map<number, number>();
  for (const year of new Set(dates.map((d) => Number(d.slice(0, 4))))) {
    const rows = await db.select({ number: meetings.number }).from(meetings).where(like(meetings.number, `${year}年第%次`));
    const seqs = rows.map((r) => parseMeetingNumber(r.number)?.seq ?? 0);
    if (seqs.length) highest.set(year, Math.max(...seqs));
  }
  return (year) => highest.get(year) ?? null;
}

/**
 * Schedules a meeting, or — with a recurring rule — the next `count` meetings of a series, each inviting
 * the same units. A series numbered 2026年第12次 goes on 第13次 … and restarts in a new year (2027年第1次);
 * any other number gets -1, -2 … (src/documents/numbering.ts seriesNumbers).
 */
export async function scheduleMeetings(db: Db, actor: Actor & { userId: string }, input: MeetingInput, recurrence?: { rule: RecurrenceRule; count: number }): Promise<number[]> {
  checkTimes(input);
  await checkUnits(db, input.departmentIds);
  const dates = recurrence ? occurrences(recurrence.rule, input.date, recurrence.count) : [input.date];
  try {
    return await db.transaction(async (tx) => {
      const numbers = recurrence ? seriesNumbers(input.number, dates, await highestMeetingNumbers(tx, dates)) : [input.number];
      if (!numbers) throw new FieldErrors({ number: 'meeting.error.numberYear' });
      const ids: number[] = [];
      for (const [i, date] of dates.entries()) {
        const [row] = await tx
          .insert(meetings)
          .values({
            number: numbers[i]!,
            title: input.title,
            kind: input.kind,
            convener: input.convener,
            chair: input.chair,
            startsAt: shanghaiInstant(date, input.startTime),
            endsAt: shanghaiInstant(date, input.endTime),
            place: input.place,
            seriesId: ids[0] ?? null,
            recurrence: recurrence ? { ...recurrence.rule, count: recurrence.count } : null,
            createdBy: actor.userId,
          })
          .returning({ id: meetings.id });
        ids.push(row!.id);
        await tx.insert(meetingInvitations).values(input.departmentIds.map((departmentId) => ({ meetingId: row!.id, departmentId })));
        await recordEvent(tx, actor, { entityType: 'meeting', entityId: row!.id, action: 'scheduled', data: { date, units: input.departmentIds, series: ids[0] } });
      }
      if (ids.length > 1) await tx.update(meetings).set({ seriesId: ids[0]! }).where(eq(meetings.id, ids[0]!));
      return ids;
    });
  } catch (err) {
    if (uniqueViolation(err) !== null) throw new FieldErrors({ number: 'validation.taken' });
    throw err;
  }
}

/** Changes a meeting (time, place, invited units…) on the version the supervisor loaded. */
export async function updateMeeting(db: Db, actor: Actor, id: number, version: number, input: MeetingInput): Promise<void> {
  checkTimes(input);
  await checkUnits(db, input.departmentIds);
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(meetings).where(eq(meetings.id, id));
      if (!before) throw notFound();
      await assertMinutesNotIssued(tx, id);
      const updated = await tx
        .update(meetings)
        .set({
          number: input.number,
          title: input.title,
          kind: input.kind,
          convener: input.convener,
          chair: input.chair,
          startsAt: shanghaiInstant(input.date, input.startTime),
          endsAt: shanghaiInstant(input.date, input.endTime),
          place: input.place,
          version: sql`${meetings.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(meetings.id, id), eq(meetings.version, version)))
        .returning({ id: meetings.id });
      if (updated.length === 0) throw new DomainError(409, 'error.conflict');
      // Units no longer invited lose their invitation; new ones get one; answers of the others stay.
      const current = await tx.select({ departmentId: meetingInvitations.departmentId }).from(meetingInvitations).where(eq(meetingInvitations.meetingId, id));
      const had = new Set(current.map((c) => c.departmentId));
      const removed = [...had].filter((d) => !input.departmentIds.includes(d));
      const added = input.departmentIds.filter((d) => !had.has(d));
      if (removed.length) await tx.delete(meetingInvitations).where(and(eq(meetingInvitations.meetingId, id), inArray(meetingInvitations.departmentId, removed)));
      if (added.length) await tx.insert(meetingInvitations).values(added.map((departmentId) => ({ meetingId: id, departmentId })));
      await recordEvent(tx, actor, { entityType: 'meeting', entityId: id, action: 'updated', data: { from: { startsAt: before.startsAt, place: before.place }, added, removed } });
    });
  } catch (err) {
    if (uniqueViolation(err) !== null) throw new FieldErrors({ number: 'validation.taken' });
    throw err;
  }
}

/**
 * A meeting as the user may see it, with the actions the policy allows them now; another unit's
 * proposed topics stay out until the agenda is published. null when it does not exist or is not theirs.
 */
export async function loadMeeting(db: Executor, user: SessionUser, id: number, now: Date) {
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, id));
  if (!meeting) return null;
  const invitations = await db
    .select({
      departmentId: meetingInvitations.departmentId,
      name: unitShortName,
      /** the official name, for the minutes */
      fullName: departments.name,
      nameEn: departments.nameEn,
      liaisonName: departments.liaisonName,
      response: meetingInvitations.response,
      responseNote: meetingInvitations.responseNote,
      respondedAt: meetingInvitations.respondedAt,
      attendance: meetingInvitations.attendance,
      attendee: meetingInvitations.attendee,
    })
    .from(meetingInvitations)
    .innerJoin(departments, eq(departments.id, meetingInvitations.departmentId))
    .where(eq(meetingInvitations.meetingId, id))
    .orderBy(asc(departments.id));
  const unitIds = invitations.map((i) => i.departmentId);
  if (!canViewMeeting(user, unitIds)) return null;
  const decided = await db
    .select({ id: resolutions.id, content: resolutions.content, deadline: resolutions.deadline, status: resolutions.status, awaitingConfirmation: resolutions.awaitingConfirmation, agendaItemId: resolutions.agendaItemId, leadName: unitShortName, leadNameEn: departments.nameEn })
    .from(resolutions)
    .innerJoin(departments, eq(departments.id, resolutions.leadDepartmentId))
    .where(eq(resolutions.meetingId, id))
    .orderBy(asc(resolutions.id));
  const agenda = await agendaOf(db, id);
  return {
    meeting,
    invitations,
    resolutions: decided,
    agenda: { ...agenda, topics: agenda.topics.filter((topic) => canViewTopic(user, topic, meeting, unitIds)) },
    actions: meetingActions(user, meeting, unitIds, now),
    maySeeAgendaDraft: maySeeAgendaDraft(user),
  };
}

export type MeetingDetail = NonNullable<Awaited<ReturnType<typeof loadMeeting>>>;

/** Meetings the user may see, upcoming (soonest first) or past (latest first), 50 at a time. */
export async function listMeetings(db: Executor, user: SessionUser, when: 'upcoming' | 'past', now: Date) {
  return db
    .select()
    .from(meetings)
    .where(and(visibleMeetings(user), when === 'upcoming' ? gte(meetings.endsAt, now) : lt(meetings.endsAt, now)))
    .orderBy(when === 'upcoming' ? asc(meetings.startsAt) : desc(meetings.startsAt))
    .limit(50);
}

/** A unit answers its own invitation before the meeting: attending, on leave (reason), or a stand-in (name). */
export async function respondToInvitation(db: Db, actor: Actor & { user: SessionUser }, meetingId: number, response: Exclude<InvitationResponse, 'pending'>, note: string, now: Date): Promise<void> {
  const departmentId = actor.user.departmentId;
  if (actor.user.role !== 'department' || !departmentId) throw new DomainError(403, 'error.forbidden');
  if (response !== 'attending' && !note.trim()) throw new FieldErrors({ responseNote: response === 'leave' ? 'meeting.reasonRequired' : 'meeting.standInRequired' });
  await db.transaction(async (tx) => {
    const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId));
    const [invitation] = await tx
      .select()
      .from(meetingInvitations)
      .where(and(eq(meetingInvitations.meetingId, meetingId), eq(meetingInvitations.departmentId, departmentId)));
    if (!meeting || !invitation) throw notFound();
    if (meeting.status === 'cancelled') throw new DomainError(409, 'live.error.cancelled');
    if (hasStarted(meeting, now)) throw new DomainError(409, 'meeting.alreadyStarted');
    await tx
      .update(meetingInvitations)
      .set({ response, responseNote: note.trim(), respondedBy: actor.user.id, respondedAt: now })
      .where(and(eq(meetingInvitations.meetingId, meetingId), eq(meetingInvitations.departmentId, departmentId)));
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'responded', data: { department: departmentId, response, note: note.trim() } });
  });
}

/** The secretary records who was actually present (per invited unit). */
export async function recordAttendance(db: Db, actor: Actor & { user: SessionUser; now: Date }, meetingId: number, entries: Array<{ departmentId: number; attendance: Attendance | null; attendee: string }>): Promise<void> {
  await db.transaction(async (tx) => {
    const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId));
    if (!meeting) throw notFound();
    const invited = await tx.select({ departmentId: meetingInvitations.departmentId }).from(meetingInvitations).where(eq(meetingInvitations.meetingId, meetingId));
    const unitIds = invited.map((i) => i.departmentId);
    if (!canViewMeeting(actor.user, unitIds)) throw notFound();
    if (!meetingActions(actor.user, meeting, unitIds, actor.now).has('recordAttendance')) throw forbidden();
    await assertMinutesNotIssued(tx, meetingId);
    for (const e of entries) {
      await tx
        .update(meetingInvitations)
        .set({ attendance: e.attendance, attendee: e.attendee })
        .where(and(eq(meetingInvitations.meetingId, meetingId), eq(meetingInvitations.departmentId, e.departmentId)));
    }
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'attendanceRecorded', data: { entries } });
  });
}

/** Calls a meeting off before it starts, with a reason; every invited unit is told in its inbox. */
export async function cancelMeeting(db: Db, actor: Actor, id: number, version: number, reason: string, now: Date): Promise<void> {
  if (!reason.trim()) throw new FieldErrors({ reason: 'lifecycle.reasonRequired' });
  await db.transaction(async (tx) => {
    const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, id));
    if (!meeting) throw notFound();
    if (meeting.status === 'cancelled') throw new DomainError(409, 'live.error.cancelled');
    if (hasStarted(meeting, now)) throw new DomainError(409, 'meeting.alreadyStarted');
    const updated = await tx
      .update(meetings)
      .set({ status: 'cancelled', cancelReason: reason.trim(), version: sql`${meetings.version} + 1`, updatedAt: now })
      .where(and(eq(meetings.id, id), eq(meetings.version, version)))
      .returning({ id: meetings.id });
    if (updated.length === 0) throw new DomainError(409, 'error.conflict');
    const invited = await tx.select({ departmentId: meetingInvitations.departmentId }).from(meetingInvitations).where(eq(meetingInvitations.meetingId, id));
    for (const { departmentId } of invited) {
      await notify(tx, { departmentId }, { kind: 'meetingCancelled', params: { title: meeting.title, reason: reason.trim() }, link: `/meetings/${id}` });
    }
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: id, action: 'cancelled', data: { reason: reason.trim() } });
  });
}
