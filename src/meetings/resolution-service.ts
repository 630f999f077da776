import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { unitShortName } from '../admin/unit-names.js';
import type { SessionUser } from '../auth/sessions.js';
import { departments, hazards, resolutionNotes, resolutions, resolutionSupports, users } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { isValidFutureDeadline } from '../hazards/deadlines.js';
import { notify } from '../inbox/service.js';
import { DomainError, FieldErrors, notFound } from '../lib/errors.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { canViewResolution, mayActOnResolution, visibleResolutions } from '../policy.js';
import { assertMinutesNotIssued } from './minutes-service.js';
import { decideResolution, type FeedbackSchedule, type ResolutionAction, type ResolutionStatus } from './resolutions.js';

export interface ResolutionInput {
  meetingId: number | null;
  content: string;
  leadDepartmentId: number;
  supportDepartmentIds: number[];
  deadline: string;
  feedbackSchedule: FeedbackSchedule;
  /** when decided on an agenda item: the item, and the hazard it was about */
  agendaItemId?: number | null;
  hazardId?: number | null;
}

/** A new resolution (议定事项); the lead and supporting units are told in their inbox. */
export async function createResolution(db: Db, actor: Actor & { userId: string }, input: ResolutionInput, now: Date): Promise<number> {
  if (!isValidFutureDeadline(input.deadline, now)) throw new FieldErrors({ deadline: 'hazard.deadlineInPast' });
  if (input.supportDepartmentIds.includes(input.leadDepartmentId)) throw new FieldErrors({ supportDepartmentIds: 'hazard.supportIsLead' });
  const unitIds = [input.leadDepartmentId, ...input.supportDepartmentIds];
  const found = await db.select({ id: departments.id }).from(departments).where(and(inArray(departments.id, unitIds), eq(departments.active, true)));
  if (found.length !== unitIds.length) throw new FieldErrors({ leadDepartmentId: 'validation.choose' });
  return db.transaction(async (tx) => {
    if (input.meetingId) await assertMinutesNotIssued(tx, input.meetingId);
    const [row] = await tx
      .insert(resolutions)
      .values({ meetingId: input.meetingId, content: input.content, leadDepartmentId: input.leadDepartmentId, deadline: input.deadline, feedbackSchedule: input.feedbackSchedule, agendaItemId: input.agendaItemId ?? null, hazardId: input.hazardId ?? null, createdBy: actor.userId })
      .returning({ id: resolutions.id });
    const id = row!.id;
    if (input.supportDepartmentIds.length) await tx.insert(resolutionSupports).values(input.supportDepartmentIds.map((departmentId) => ({ resolutionId: id, departmentId })));
    await recordEvent(tx, actor, { entityType: 'resolution', entityId: id, action: 'created', data: { ...input } });
    for (const departmentId of unitIds) {
      await notify(tx, { departmentId }, { kind: 'resolutionAssigned', params: { deadline: input.deadline, content: input.content.slice(0, 40) }, link: `/resolutions/${id}` });
    }
    return id;
  });
}

async function scopeOf(db: Executor, id: number) {
  const [r] = await db.select().from(resolutions).where(eq(resolutions.id, id));
  if (!r) return null;
  const supports = await db.select({ departmentId: resolutionSupports.departmentId }).from(resolutionSupports).where(eq(resolutionSupports.resolutionId, id));
  return { resolution: r, supportDepartmentIds: supports.map((s) => s.departmentId) };
}

export async function loadResolution(db: Executor, user: SessionUser, id: number) {
  const scope = await scopeOf(db, id);
  if (!scope || !canViewResolution(user, { leadDepartmentId: scope.resolution.leadDepartmentId, supportDepartmentIds: scope.supportDepartmentIds })) return null;
  const units = await db
    .select({ id: departments.id, name: unitShortName, nameEn: departments.nameEn })
    .from(departments)
    .where(inArray(departments.id, [scope.resolution.leadDepartmentId, ...scope.supportDepartmentIds]));
  const notes = await db
    .select({ id: resolutionNotes.id, action: resolutionNotes.action, text: resolutionNotes.text, createdAt: resolutionNotes.createdAt, authorName: users.displayName, departmentName: unitShortName })
    .from(resolutionNotes)
    .innerJoin(users, eq(users.id, resolutionNotes.authorId))
    .leftJoin(departments, eq(departments.id, resolutionNotes.departmentId))
    .where(eq(resolutionNotes.resolutionId, id))
    .orderBy(asc(resolutionNotes.id));
  const [hazard] = scope.resolution.hazardId ? await db.select({ id: hazards.id, number: hazards.number }).from(hazards).where(eq(hazards.id, scope.resolution.hazardId)) : [];
  const rule = { leadDepartmentId: scope.resolution.leadDepartmentId, supportDepartmentIds: scope.supportDepartmentIds };
  const may = (action: ResolutionAction) => mayActOnResolution(user, rule, action);
  const can = { feedback: may('feedback'), reportDone: may('reportDone'), decide: may('confirm') };
  return { ...scope, units, notes, hazard: hazard ?? null, can };
}

export type ResolutionDetail = NonNullable<Awaited<ReturnType<typeof loadResolution>>>;

/** The resolutions a user may see, soonest deadline first. */
export async function listResolutions(db: Executor, user: SessionUser) {
  const scope = visibleResolutions(user);
  return db
    .select({ id: resolutions.id, content: resolutions.content, deadline: resolutions.deadline, status: resolutions.status, awaitingConfirmation: resolutions.awaitingConfirmation, leadName: unitShortName, leadNameEn: departments.nameEn, meetingId: resolutions.meetingId })
    .from(resolutions)
    .innerJoin(departments, eq(departments.id, resolutions.leadDepartmentId))
    .where(scope)
    .orderBy(asc(resolutions.deadline), asc(resolutions.id))
    .limit(200);
}

/**
 * A unit reports (or reports it done); the supervisor confirms, sends back or cancels. Version-guarded.
 * `attachFiles` runs inside the transaction once the note exists, so its files go (or stay out) with it.
 */
export async function actOnResolution(db: Db, actor: Actor & { user: SessionUser }, id: number, version: number, action: ResolutionAction, text: string, attachFiles?: (tx: Executor, noteId: number) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    const scope = await scopeOf(tx, id);
    const rules = scope && { leadDepartmentId: scope.resolution.leadDepartmentId, supportDepartmentIds: scope.supportDepartmentIds };
    if (!scope || !rules || !canViewResolution(actor.user, rules)) throw notFound();
    if (!mayActOnResolution(actor.user, rules, action)) throw new DomainError(403, 'error.forbidden');
    const r = scope.resolution;
    if (action === 'feedback' && !text.trim()) throw new FieldErrors({ text: 'validation.required' });
    const decision = decideResolution({ status: r.status as ResolutionStatus, awaitingConfirmation: r.awaitingConfirmation }, action, { reason: text });
    if (!decision.ok) {
      if (decision.error === 'reasonRequired') throw new FieldErrors({ text: 'lifecycle.reasonRequired' });
      throw new DomainError(409, `resolution.error.${decision.error}`);
    }
    const updated = await tx
      .update(resolutions)
      .set({ status: decision.status, awaitingConfirmation: decision.awaitingConfirmation, version: sql`${resolutions.version} + 1` })
      .where(and(eq(resolutions.id, id), eq(resolutions.version, version)))
      .returning({ id: resolutions.id });
    if (updated.length === 0) throw new DomainError(409, 'error.conflict');
    const [note] = await tx.insert(resolutionNotes).values({ resolutionId: id, action, text: text.trim(), departmentId: actor.user.departmentId, authorId: actor.user.id }).returning({ id: resolutionNotes.id });
    await attachFiles?.(tx, note!.id);
    await recordEvent(tx, actor, { entityType: 'resolution', entityId: id, action, data: { from: r.status, to: decision.status, text: text.trim() } });
    if (action === 'reportDone') await notify(tx, { role: 'supervisor' }, { kind: 'resolutionReported', params: { content: r.content.slice(0, 40) }, link: `/resolutions/${id}` });
    if (action === 'sendBack') await notify(tx, { departmentId: r.leadDepartmentId }, { kind: 'resolutionSentBack', params: { content: r.content.slice(0, 40) }, link: `/resolutions/${id}` });
  });
}
