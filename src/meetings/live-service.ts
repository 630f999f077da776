/**
 * The sitting itself: opening it (which freezes the agenda), what the meeting did with each item, and
 * the decisions taken live. Decisions on hazards go through the register's own services (see
 * live-routes.tsx); every event written here or there carries the meeting, so histories say
 * "decided at meeting N".
 */
import { and, eq, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { agendaItems, meetings, resolutionNotes, resolutions, type AgendaOutcome } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { isValidFutureDeadline } from '../hazards/deadlines.js';
import { canViewHazard } from '../policy.js';
import { loadHazard, scopeOf } from '../hazards/data.js';
import { DomainError, FieldErrors, notFound } from '../lib/errors.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { isHazardItem, mayClose, mayOpen, sessionError } from './live.js';
import { decideAtMeeting, type MeetingVerdict, type ResolutionStatus } from './resolutions.js';

type MeetingRow = typeof meetings.$inferSelect;
export type LiveActor = Actor & { user: SessionUser; now: Date };

/** How histories name the meeting: title and number. */
export const meetingLabel = (m: Pick<MeetingRow, 'title' | 'number'>): string => `${m.title}（${m.number}）`;

/** The actor, marked as deciding at this meeting. */
export const atMeeting = <A extends Actor>(actor: A, m: Pick<MeetingRow, 'id' | 'title' | 'number'>): A => ({ ...actor, atMeeting: { id: m.id, label: meetingLabel(m) } });

/** Opens the sitting (会议开始): from then on the agenda is frozen and the live page records decisions. */
export async function openSitting(db: Db, actor: LiveActor, meetingId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [m] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    if (!m) throw notFound();
    const allowed = mayOpen(m, actor.now);
    if (!allowed.ok) throw new DomainError(409, `live.error.${allowed.error}`);
    await tx.update(meetings).set({ openedAt: actor.now, version: sql`${meetings.version} + 1`, updatedAt: actor.now }).where(eq(meetings.id, meetingId));
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'opened' });
  });
}

/**
 * Closes the sitting (结束会议): the meeting is held, no more decisions are taken live, and its minutes
 * can be issued.
 */
export async function closeSitting(db: Db, actor: LiveActor, meetingId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [m] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    if (!m) throw notFound();
    const allowed = mayClose(m);
    if (!allowed.ok) throw new DomainError(409, `live.error.${allowed.error}`);
    await tx.update(meetings).set({ closedAt: actor.now, closedBy: actor.user.id, version: sql`${meetings.version} + 1`, updatedAt: actor.now }).where(eq(meetings.id, meetingId));
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'closed' });
  });
}

/** Decisions are taken only in a sitting: opened by the supervisor and not yet closed, never in a cancelled meeting. */
export function assertInSession(m: Pick<MeetingRow, 'status' | 'startsAt' | 'openedAt' | 'closedAt'>): void {
  const error = sessionError(m);
  if (error) throw new DomainError(409, `live.error.${error}`);
}

/** The meeting, if it is in session; decisions can only be taken in a sitting. */
export async function startedMeeting(db: Executor, meetingId: number): Promise<MeetingRow> {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!m) throw notFound();
  assertInSession(m);
  return m;
}

export async function agendaItemOf(db: Executor, meetingId: number, itemId: number) {
  const [item] = await db.select().from(agendaItems).where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)));
  if (!item) throw notFound();
  return item;
}

/** Records what the meeting did with an item; a deferral can say why. */
export async function setOutcome(db: Executor, actor: Actor, meetingId: number, itemId: number, outcome: AgendaOutcome, reason = ''): Promise<void> {
  const updated = await db
    .update(agendaItems)
    .set({ outcome })
    .where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)))
    .returning({ id: agendaItems.id });
  if (updated.length === 0) throw notFound();
  await recordEvent(db, actor, { entityType: 'meeting', entityId: meetingId, action: 'itemOutcome', data: { item: itemId, outcome, ...(reason ? { reason } : {}) } });
}

/**
 * Defers an item to a later meeting. On a hazard item the hazard's history records it too, so the
 * units see the meeting looked at it.
 */
export async function deferItem(db: Db, actor: LiveActor, meetingId: number, itemId: number, reason: string): Promise<void> {
  const m = await startedMeeting(db, meetingId);
  const item = await agendaItemOf(db, meetingId, itemId);
  const tagged = atMeeting(actor, m);
  await db.transaction(async (tx) => {
    await setOutcome(tx, tagged, meetingId, itemId, 'deferred', reason.trim());
    if (item.refId && isHazardItem(item.kind)) {
      const loaded = await loadHazard(tx, item.refId);
      if (loaded && canViewHazard(actor.user, scopeOf(loaded.hazard, loaded.departments))) {
        await recordEvent(tx, tagged, { entityType: 'hazard', entityId: item.refId, action: 'deferred', data: { reason: reason.trim() } });
      }
    }
  });
}

export interface ReviewInput {
  version: number;
  verdict: MeetingVerdict;
  report: string;
  /** continued with a new deadline */
  newDeadline: string | null;
}

/** On an earlier resolution: the lead unit's report as heard, and the meeting's verdict. Version-guarded. */
export async function reviewResolution(db: Db, actor: LiveActor, meetingId: number, itemId: number, resolutionId: number, input: ReviewInput): Promise<void> {
  const m = await startedMeeting(db, meetingId);
  if (input.newDeadline && !isValidFutureDeadline(input.newDeadline, actor.now)) throw new FieldErrors({ newDeadline: 'hazard.deadlineInPast' });
  const tagged = atMeeting(actor, m);
  await db.transaction(async (tx) => {
    const [r] = await tx.select().from(resolutions).where(eq(resolutions.id, resolutionId));
    if (!r) throw notFound();
    const decision = decideAtMeeting({ status: r.status as ResolutionStatus, awaitingConfirmation: r.awaitingConfirmation }, input.verdict);
    // At a meeting the only refusal is a finished resolution.
    if (!decision.ok) throw new DomainError(409, 'resolution.error.finished');
    const updated = await tx
      .update(resolutions)
      .set({ status: decision.status, awaitingConfirmation: decision.awaitingConfirmation, ...(input.newDeadline && input.verdict === 'continued' ? { deadline: input.newDeadline } : {}), version: sql`${resolutions.version} + 1` })
      .where(and(eq(resolutions.id, resolutionId), eq(resolutions.version, input.version)))
      .returning({ id: resolutions.id });
    if (updated.length === 0) throw new DomainError(409, 'error.conflict');
    const report = input.report.trim();
    if (report) await tx.insert(resolutionNotes).values({ resolutionId, action: 'meetingReport', text: report, departmentId: r.leadDepartmentId, authorId: actor.user.id, createdAt: actor.now });
    const verdictText = [meetingLabel(m), input.verdict === 'continued' && input.newDeadline ? input.newDeadline : ''].filter(Boolean).join(' · ');
    await tx.insert(resolutionNotes).values({ resolutionId, action: input.verdict === 'done' ? 'meetingDone' : 'meetingContinued', text: verdictText, authorId: actor.user.id, createdAt: actor.now });
    await recordEvent(tx, tagged, { entityType: 'resolution', entityId: resolutionId, action: input.verdict === 'done' ? 'meetingDone' : 'meetingContinued', data: { from: r.status, to: decision.status, report, newDeadline: input.newDeadline } });
    await setOutcome(tx, tagged, meetingId, itemId, 'decided');
  });
}
