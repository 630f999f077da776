import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { departments, hazardCategories, hazardDeadlineChanges, hazardDepartments, hazards, hazardUpdates, institutions, schools, type DeadlineChangeKind, type DistanceBand, type HazardSource, type ListingLevel, type SubjectType } from '../db/schema/index.js';
import type { Db, Executor, Tx } from '../db/types.js';
import { DomainError, FieldErrors, notFound } from '../lib/errors.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { uniqueViolation } from '../lib/db-errors.js';
import { canReportFor, canViewHazard, mayActOnHazard, mayLinkHazardToRisk, type HazardActionPath } from '../policy.js';
import { riskPointScope } from '../risks/queries.js';
import { notify } from '../inbox/service.js';
import { attachPhotos, factsOf, loadHazard, nextHazardNumber, scopeOf, type HazardRow } from './data.js';
import { isValidFutureDeadline } from './deadlines.js';
import { shanghaiDate } from '../lib/shanghai-time.js';
import { decide, isMajorLowLevel, type ActionInput, type HazardAction, type LifecycleError } from './lifecycle.js';
import { scoreLec, scoreMatrix, type RiskLevel, type ScoringConfig } from './scoring.js';
import { searchTokens } from './search.js';
import type { FieldErrorMap } from '../lib/forms.js';
import type { HAZARD_EVENTS } from '../lib/event-kinds.js';

/** Who acts: the signed-in user plus request details for the history. */
export interface HazardActor extends Actor {
  userId: string;
  user: SessionUser;
  now: Date;
}

const LEVEL_RANK: Record<RiskLevel, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

const LIFECYCLE_FIELD: Partial<Record<LifecycleError, string>> = {
  reasonRequired: 'reason',
  gradeRequired: 'grade',
  evidenceRequired: 'photoIds',
  interimRequired: 'interimMeasures',
  targetDateRequired: 'newTargetDate',
  majorLowLevelUnconfirmed: 'majorLowLevelReason',
};

/** A refused step: input problems become field errors (422), state problems a conflict (409). */
function refuse(error: LifecycleError): never {
  const field = LIFECYCLE_FIELD[error];
  if (field) throw new FieldErrors({ [field]: `lifecycle.${error}` });
  if (error === 'wrongState' || error === 'terminal') throw new DomainError(409, `lifecycle.${error}`);
  throw new DomainError(422, `lifecycle.${error}`);
}

// ---------------------------------------------------------------------------------------------------
// Report

export interface ReportInput {
  subjectType: SubjectType;
  distanceBand: DistanceBand | null;
  schoolId: number | null;
  institutionId: number | null;
  location: string;
  categoryId: number;
  subItem: string;
  description: string;
  source: HazardSource;
  foundAt: Date;
  foundBy: string;
  photoIds: string[];
  submissionKey: string | null;
  recurrenceOfId: number | null;
  /** the school's risk point it was found at (风险点), if any */
  riskPointId?: number | null;
}

/** Reports a hazard (REPORTED) with its photos. A repeated submission key returns the first hazard. */
export async function reportHazard(db: Db, actor: HazardActor, input: ReportInput): Promise<number> {
  if (input.submissionKey) {
    const [existing] = await db.select({ id: hazards.id }).from(hazards).where(eq(hazards.submissionKey, input.submissionKey));
    if (existing) return existing.id;
  }
  const errors: FieldErrorMap = {};
  if (input.subjectType !== 'institution' && !canReportFor(actor.user, input.schoolId)) throw notFound();
  if (input.foundAt.getTime() > actor.now.getTime() + 5 * 60_000) errors.foundAt = 'hazard.foundInFuture';
  const [category] = await db.select({ id: hazardCategories.id, active: hazardCategories.active }).from(hazardCategories).where(eq(hazardCategories.id, input.categoryId));
  if (!category || !category.active) errors.categoryId = 'hazard.unknownCategory';
  let townId: number | null = null;
  if (input.subjectType === 'institution') {
    if (actor.user.role === 'officer') throw new DomainError(403, 'error.forbidden');
    const [inst] = await db.select({ townId: institutions.townId, active: institutions.active }).from(institutions).where(eq(institutions.id, input.institutionId ?? -1));
    if (!inst || !inst.active) errors.institutionId = 'validation.choose';
    townId = inst?.townId ?? null;
  } else {
    const [school] = await db.select({ townId: schools.townId, active: schools.active }).from(schools).where(eq(schools.id, input.schoolId ?? -1));
    if (!school || !school.active) errors.schoolId = 'validation.choose';
    townId = school?.townId ?? null;
  }
  // "It came back" links to an earlier hazard: only one the reporter may see (an unknown one looks the same).
  if (input.recurrenceOfId !== null) {
    const earlier = await loadHazard(db, input.recurrenceOfId);
    if (!earlier || !canViewHazard(actor.user, scopeOf(earlier.hazard, earlier.departments))) errors._form = 'hazard.unknownRecurrence';
  }
  // Found at a risk point: one of the same school's points in use (policy), an unknown one looks the same.
  if (input.riskPointId) {
    const point = await riskPointScope(db, input.riskPointId);
    if (!point || input.subjectType === 'institution' || !mayLinkHazardToRisk(input.schoolId, point)) errors.riskPointId = 'validation.choose';
  }
  if (Object.keys(errors).length > 0 || townId === null) throw new FieldErrors(errors);

  try {
    return await db.transaction(async (tx) => {
      const year = Number(shanghaiDate(actor.now).slice(0, 4));
      const { number, seq } = await nextHazardNumber(tx, year);
      const [row] = await tx
        .insert(hazards)
        .values({
          number,
          year,
          seq,
          state: 'REPORTED',
          subjectType: input.subjectType,
          distanceBand: input.subjectType === 'surroundings' ? input.distanceBand : null,
          schoolId: input.schoolId,
          institutionId: input.subjectType === 'institution' ? input.institutionId : null,
          townId: townId!,
          location: input.location,
          categoryId: input.categoryId,
          subItem: input.subItem,
          description: input.description,
          source: input.source,
          foundAt: input.foundAt,
          foundBy: input.foundBy,
          reportedBy: actor.userId,
          reportedAt: actor.now,
          searchTokens: searchTokens(number, input.location, input.description),
          submissionKey: input.submissionKey,
          recurrenceOfId: input.recurrenceOfId,
          riskPointId: input.riskPointId ?? null,
          updatedAt: actor.now,
        })
        .returning({ id: hazards.id });
      const id = row!.id;
      const photos = await attachPhotos(tx, id, input.photoIds, actor.userId, 'report');
      await recordEvent(tx, actor, {
        entityType: 'hazard',
        entityId: id,
        action: 'reported',
        data: { to: 'REPORTED', number, photos, recurrenceOf: input.recurrenceOfId, riskPoint: input.riskPointId ?? null },
      });
      await notify(tx, { role: 'supervisor' }, { kind: 'hazardReported', hazardId: id, params: { number } });
      return id;
    });
  } catch (err) {
    // The same submission raced with itself (double click): the first one won.
    if (input.submissionKey && uniqueViolation(err) === 'hazards_submission_uq') {
      const [existing] = await db.select({ id: hazards.id }).from(hazards).where(eq(hazards.submissionKey, input.submissionKey));
      if (existing) return existing.id;
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// Transitions: every step loads, checks policy and the state machine, updates with a version guard and
// writes its history event, all in one transaction.

interface Step {
  path: HazardActionPath;
  /** the state machine action, when the step is one */
  action?: HazardAction;
  input?: Omit<ActionInput, 'actorId'>;
  /** extra precondition on the loaded hazard (e.g. a support report only while work is under way) */
  check?: (h: HazardRow) => void;
  changes: (h: HazardRow, to: string) => Partial<typeof hazards.$inferInsert>;
  event: (typeof HAZARD_EVENTS)[number];
  eventData?: (h: HazardRow) => Record<string, unknown>;
  after?: (tx: Tx, h: HazardRow, to: string) => Promise<void>;
}

/** Runs one step on a hazard. Someone else's change in between (version or state) → 409. */
async function step(db: Db, actor: HazardActor, id: number, version: number, s: Step): Promise<void> {
  await db.transaction(async (tx) => {
    const loaded = await loadHazard(tx, id);
    if (!loaded) throw notFound();
    const { hazard } = loaded;
    const scope = scopeOf(hazard, loaded.departments);
    if (!canViewHazard(actor.user, scope)) throw notFound();
    if (!mayActOnHazard(actor.user, scope, s.path)) throw new DomainError(403, s.path === 'accept' ? 'hazard.cannotAcceptOwn' : 'error.forbidden');
    if (hazard.version !== version) throw new DomainError(409, 'error.conflict');
    let to = hazard.state;
    if (s.action) {
      const decision = decide(factsOf(hazard), s.action, { actorId: actor.userId, ...s.input });
      if (!decision.ok) refuse(decision.error);
      to = decision.to;
    } else if (['CLOSED', 'DISMISSED', 'WITHDRAWN'].includes(hazard.state)) {
      throw new DomainError(409, 'lifecycle.terminal');
    }
    s.check?.(hazard);
    const changes = s.changes(hazard, to);
    const updated = await tx
      .update(hazards)
      .set({ ...changes, state: to, version: sql`${hazards.version} + 1`, updatedAt: actor.now })
      .where(and(eq(hazards.id, id), eq(hazards.version, version), eq(hazards.state, hazard.state)))
      .returning({ id: hazards.id });
    if (updated.length === 0) throw new DomainError(409, 'error.conflict');
    await recordEvent(tx, actor, {
      entityType: 'hazard',
      entityId: id,
      action: s.event,
      data: { ...(to !== hazard.state ? { from: hazard.state, to } : {}), ...(s.eventData?.(hazard) ?? {}) },
    });
    await s.after?.(tx, hazard, to);
  });
}

export const withdrawHazard = (db: Db, actor: HazardActor, id: number, version: number) =>
  step(db, actor, id, version, { path: 'withdraw', action: 'withdraw', changes: () => ({}), event: 'withdrawn' });

export const dismissHazard = (db: Db, actor: HazardActor, id: number, version: number, reason: string) =>
  step(db, actor, id, version, {
    path: 'dismiss',
    action: 'dismiss',
    input: { reason },
    changes: () => ({ dismissReason: reason, verifiedBy: actor.userId, verifiedAt: actor.now }),
    event: 'dismissed',
    eventData: () => ({ reason }),
  });

export type GradingInput =
  | { method: 'matrix'; likelihood: number; severity: number }
  | { method: 'lec'; l: number; e: number; c: number };

export function gradeRisk(input: GradingInput, config: ScoringConfig) {
  return input.method === 'matrix' ? scoreMatrix(input.likelihood, input.severity, config) : scoreLec(input.l, input.e, input.c, config);
}

function gradingChanges(grade: 'ordinary' | 'major', grading: GradingInput, config: ScoringConfig) {
  const { score, level } = gradeRisk(grading, config);
  const { method, ...scoringInput } = grading;
  return { grade, scoringMethod: method, scoringInput, riskScore: score, riskLevel: level, levelRank: LEVEL_RANK[level] };
}

/**
 * Verifies and grades a report (已核实定级): grade, risk score and colour level by the configured method.
 * A major hazard that scores only blue or yellow needs the supervisor's confirmed reason, kept in the history.
 */
export function verifyHazard(db: Db, actor: HazardActor, id: number, version: number, grade: 'ordinary' | 'major', grading: GradingInput, config: ScoringConfig, note: string, majorLowLevelReason = '') {
  const graded = gradingChanges(grade, grading, config);
  const lowLevel = isMajorLowLevel(grade, graded.riskLevel);
  return step(db, actor, id, version, {
    path: 'verify',
    action: 'verify',
    input: { grade, riskLevel: graded.riskLevel, majorLowLevelReason },
    changes: () => ({ ...graded, verifiedBy: actor.userId, verifiedAt: actor.now }),
    event: 'verified',
    eventData: () => ({ ...graded, note, ...(lowLevel ? { majorLowLevelReason: majorLowLevelReason.trim() } : {}) }),
  });
}

/** 即查即改: a verified ordinary hazard fixed at once goes straight to RECTIFIED with evidence. */
export const fixOnSpot = (db: Db, actor: HazardActor, id: number, version: number, note: string, photoIds: string[]) =>
  step(db, actor, id, version, {
    path: 'fix-on-spot',
    action: 'fixOnSpot',
    input: { hasEvidence: photoIds.length > 0 },
    changes: () => ({ rectifiedBy: actor.userId, rectifiedAt: actor.now, completionNote: note }),
    event: 'fixedOnSpot',
    eventData: () => ({ note, photos: photoIds.length }),
    after: async (tx, h) => {
      const [update] = await tx.insert(hazardUpdates).values({ hazardId: h.id, kind: 'fixOnSpot', text: note, authorId: actor.userId, createdAt: actor.now }).returning({ id: hazardUpdates.id });
      await attachPhotos(tx, h.id, photoIds, actor.userId, 'evidence', update!.id);
      await notify(tx, { role: 'supervisor' }, { kind: 'hazardRectified', hazardId: h.id, params: { number: h.number } });
    },
  });

export interface AssignmentInput {
  leadDepartmentId: number | null;
  assignedToSchool: boolean;
  leadTask: string;
  supports: Array<{ departmentId: number; task: string }>;
  deadline: string;
  responsiblePerson: string;
  measures: string;
  funds: string;
  contingencyPlan: string;
  /** re-assignment that moves the deadline: why (the change is recorded as granted by the supervisor) */
  deadlineReason?: string;
}

/** Records a request to move the deadline (or, when `granted`, a change the supervisor made and granted). */
async function recordDeadlineChange(tx: Executor, actor: HazardActor, h: HazardRow, kind: DeadlineChangeKind, toDate: string, reason: string, granted = false) {
  await tx.insert(hazardDeadlineChanges).values({
    hazardId: h.id,
    kind,
    fromDate: h.deadline,
    toDate,
    reason,
    requestedBy: actor.userId,
    requestedAt: actor.now,
    status: granted ? 'granted' : 'pending',
    ...(granted ? { decidedBy: actor.userId, decidedAt: actor.now, meetingId: actor.atMeeting?.id ?? null } : {}),
  });
}

/**
 * 交办: lead unit (or the school itself for an on-campus item), supporting units with tasks, deadline.
 * The first assignment sets the original deadline; a re-assignment that moves it says why.
 */
export async function assignHazard(db: Db, actor: HazardActor, id: number, version: number, input: AssignmentInput): Promise<void> {
  const errors: FieldErrorMap = {};
  if (!input.assignedToSchool && !input.leadDepartmentId) errors.leadDepartmentId = 'hazard.leadRequired';
  if (input.supports.some((s) => s.departmentId === input.leadDepartmentId)) errors.supports = 'hazard.supportIsLead';
  if (Object.keys(errors).length) throw new FieldErrors(errors);
  const unitIds = [...(input.leadDepartmentId && !input.assignedToSchool ? [input.leadDepartmentId] : []), ...input.supports.map((s) => s.departmentId)];
  const names = new Map(
    unitIds.length ? (await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, unitIds))).map((d) => [d.id, d.name]) : [],
  );
  await step(db, actor, id, version, {
    path: 'assign',
    action: 'assign',
    check: (h) => {
      if (input.assignedToSchool && h.subjectType !== 'campus') throw new FieldErrors({ assignedToSchool: 'hazard.schoolOnlyOnCampus' });
      // Keeping an existing deadline is always allowed (even a passed one); a new one lies ahead.
      if (input.deadline !== h.deadline && !isValidFutureDeadline(input.deadline, actor.now)) throw new FieldErrors({ deadline: 'hazard.deadlineInPast' });
      if (h.deadline !== null && input.deadline !== h.deadline && !input.deadlineReason?.trim()) throw new FieldErrors({ deadlineReason: 'hazard.deadlineReasonRequired' });
    },
    changes: (h) => ({
      leadDepartmentId: input.assignedToSchool ? null : input.leadDepartmentId,
      assignedToSchool: input.assignedToSchool,
      deadline: input.deadline,
      originalDeadline: h.originalDeadline ?? input.deadline,
      responsiblePerson: input.responsiblePerson,
      measures: input.measures,
      funds: input.funds,
      contingencyPlan: input.contingencyPlan,
      assignedBy: actor.userId,
      assignedAt: actor.now,
    }),
    event: 'assigned',
    eventData: (h) => ({
      lead: input.assignedToSchool ? 'school' : input.leadDepartmentId,
      leadName: input.assignedToSchool ? undefined : names.get(input.leadDepartmentId ?? -1),
      supports: input.supports.map((s) => s.departmentId),
      supportNames: input.supports.map((s) => names.get(s.departmentId) ?? ''),
      // What each unit was given to do: the minutes of a meeting that assigned it say so.
      leadTask: input.leadTask || undefined,
      supportTasks: input.supports.map((s) => s.task),
      deadline: input.deadline,
      responsiblePerson: input.responsiblePerson,
      ...(h.deadline !== null && input.deadline !== h.deadline ? { deadlineChange: { from: h.deadline, to: input.deadline }, reason: input.deadlineReason?.trim() } : {}),
    }),
    after: async (tx, h) => {
      if (h.deadline !== null && input.deadline !== h.deadline) await recordDeadlineChange(tx, actor, h, 'reassignment', input.deadline, input.deadlineReason!.trim(), true);
      await tx.delete(hazardDepartments).where(eq(hazardDepartments.hazardId, h.id));
      const rows = [
        ...(input.assignedToSchool || !input.leadDepartmentId ? [] : [{ hazardId: h.id, departmentId: input.leadDepartmentId, role: 'lead' as const, task: input.leadTask }]),
        ...input.supports.map((s) => ({ hazardId: h.id, departmentId: s.departmentId, role: 'support' as const, task: s.task })),
      ];
      if (rows.length) await tx.insert(hazardDepartments).values(rows);
      const params = { number: h.number, deadline: input.deadline };
      if (input.assignedToSchool && h.schoolId) await notify(tx, { schoolId: h.schoolId }, { kind: 'hazardAssigned', hazardId: h.id, params });
      for (const r of rows) await notify(tx, { departmentId: r.departmentId }, { kind: r.role === 'lead' ? 'hazardAssigned' : 'hazardSupport', hazardId: h.id, params });
    },
  });
}

export interface PlanInput {
  measures: string;
  funds: string;
  responsiblePerson: string;
  contingencyPlan: string;
}

/** The five-in-place plan (deadline is set at assignment and changed only by an extension). */
export const updatePlan = (db: Db, actor: HazardActor, id: number, version: number, plan: PlanInput) =>
  step(db, actor, id, version, { path: 'plan', action: 'updatePlan', changes: () => ({ ...plan }), event: 'planUpdated', eventData: () => ({ ...plan }) });

export const startRectification = (db: Db, actor: HazardActor, id: number, version: number) =>
  step(db, actor, id, version, { path: 'start', action: 'startRectification', changes: () => ({}), event: 'rectificationStarted' });

async function addUpdate(tx: Executor, hazardId: number, kind: 'progress' | 'control' | 'completion' | 'support', text: string, actor: HazardActor, photoIds: string[], photoKind: 'progress' | 'evidence') {
  const [update] = await tx
    .insert(hazardUpdates)
    .values({ hazardId, kind, text, authorId: actor.userId, departmentId: actor.user.departmentId, createdAt: actor.now })
    .returning({ id: hazardUpdates.id });
  await attachPhotos(tx, hazardId, photoIds, actor.userId, photoKind, update!.id);
}

/** A progress note (and photos) by the rectifying unit; the first one moves ASSIGNED to IN_PROGRESS. */
export const recordProgress = (db: Db, actor: HazardActor, id: number, version: number, text: string, photoIds: string[]) =>
  step(db, actor, id, version, {
    path: 'progress',
    action: 'recordProgress',
    changes: () => ({}),
    event: 'progress',
    eventData: () => ({ text, photos: photoIds.length }),
    after: (tx, h) => addUpdate(tx, h.id, 'progress', text, actor, photoIds, 'progress'),
  });

/** A supporting unit reports its part. */
export const recordSupport = (db: Db, actor: HazardActor, id: number, version: number, text: string, photoIds: string[]) =>
  step(db, actor, id, version, {
    path: 'support',
    check: (h) => {
      if (!['ASSIGNED', 'IN_PROGRESS', 'CONTROLLED'].includes(h.state)) throw new DomainError(409, 'lifecycle.wrongState');
    },
    changes: () => ({}),
    event: 'supportReported',
    eventData: () => ({ text, photos: photoIds.length, department: actor.user.departmentId }),
    after: async (tx, h) => {
      await addUpdate(tx, h.id, 'support', text, actor, photoIds, 'progress');
      await tx
        .update(hazardDepartments)
        .set({ report: text })
        .where(and(eq(hazardDepartments.hazardId, h.id), eq(hazardDepartments.departmentId, actor.user.departmentId ?? -1)));
    },
  });

/**
 * 暂缓整改·管控中: cannot be fixed yet; interim measures are in place. The new target date is only a
 * request, like an extension: the deadline stays (and the hazard stays overdue) until a supervisor grants it.
 */
export async function controlHazard(db: Db, actor: HazardActor, id: number, version: number, interimMeasures: string, newTargetDate: string, reason: string) {
  if (!isValidFutureDeadline(newTargetDate, actor.now)) throw new FieldErrors({ newTargetDate: 'hazard.deadlineInPast' });
  await step(db, actor, id, version, {
    path: 'control',
    action: 'control',
    input: { interimMeasures, newTargetDate },
    check: () => {
      if (!reason.trim()) throw new FieldErrors({ reason: 'lifecycle.reasonRequired' });
    },
    changes: () => ({ interimMeasures, extensionRequestedTo: newTargetDate, extensionReason: reason, extensionRequestedBy: actor.userId }),
    event: 'controlled',
    eventData: () => ({ interimMeasures, requested: newTargetDate, reason }),
    after: async (tx, h) => {
      await addUpdate(tx, h.id, 'control', interimMeasures, actor, [], 'progress');
      await recordDeadlineChange(tx, actor, h, 'control', newTargetDate, reason);
      await notify(tx, { role: 'supervisor' }, { kind: 'controlRequested', hazardId: h.id, params: { number: h.number, date: newTargetDate } });
    },
  });
}

export const resumeRectification = (db: Db, actor: HazardActor, id: number, version: number) =>
  step(db, actor, id, version, { path: 'resume', action: 'resume', changes: () => ({}), event: 'resumed' });

export async function requestExtension(db: Db, actor: HazardActor, id: number, version: number, newTargetDate: string, reason: string) {
  if (!isValidFutureDeadline(newTargetDate, actor.now)) throw new FieldErrors({ newTargetDate: 'hazard.deadlineInPast' });
  await step(db, actor, id, version, {
    path: 'extension',
    action: 'requestExtension',
    input: { newTargetDate, reason },
    changes: () => ({ extensionRequestedTo: newTargetDate, extensionReason: reason, extensionRequestedBy: actor.userId }),
    event: 'extensionRequested',
    eventData: (h) => ({ previousDeadline: h.deadline, requested: newTargetDate, reason }),
    after: async (tx, h) => {
      await recordDeadlineChange(tx, actor, h, 'extension', newTargetDate, reason);
      await notify(tx, { role: 'supervisor' }, { kind: 'extensionRequested', hazardId: h.id, params: { number: h.number, date: newTargetDate } });
    },
  });
}

/** The supervisor grants (the deadline moves) or refuses a request for a new date (extension or control); both are recorded. */
export const decideExtension = (db: Db, actor: HazardActor, id: number, version: number, grant: boolean, note: string) =>
  step(db, actor, id, version, {
    path: 'extension-decision',
    action: 'decideExtension',
    changes: (h) => ({ ...(grant ? { deadline: h.extensionRequestedTo } : {}), extensionRequestedTo: null, extensionReason: null, extensionRequestedBy: null }),
    event: grant ? 'extensionGranted' : 'extensionRefused',
    eventData: (h) => ({ requested: h.extensionRequestedTo, previousDeadline: h.deadline, note }),
    after: async (tx, h) => {
      await tx
        .update(hazardDeadlineChanges)
        .set({ status: grant ? 'granted' : 'refused', decidedBy: actor.userId, decidedAt: actor.now, decisionNote: note, meetingId: actor.atMeeting?.id ?? null })
        .where(and(eq(hazardDeadlineChanges.hazardId, h.id), eq(hazardDeadlineChanges.status, 'pending')));
      const recipient = h.assignedToSchool && h.schoolId ? { schoolId: h.schoolId } : h.leadDepartmentId ? { departmentId: h.leadDepartmentId } : null;
      if (recipient) await notify(tx, recipient, { kind: grant ? 'extensionGranted' : 'extensionRefused', hazardId: h.id, params: { number: h.number, date: h.extensionRequestedTo ?? '' } });
    },
  });

/** Completion with evidence → RECTIFIED, waiting for the bureau's acceptance. */
export const submitCompletion = (db: Db, actor: HazardActor, id: number, version: number, note: string, photoIds: string[]) =>
  step(db, actor, id, version, {
    path: 'complete',
    action: 'submitCompletion',
    input: { hasEvidence: photoIds.length > 0 },
    changes: () => ({ rectifiedBy: actor.userId, rectifiedAt: actor.now, completionNote: note }),
    event: 'completed',
    eventData: () => ({ note, photos: photoIds.length }),
    after: async (tx, h) => {
      await addUpdate(tx, h.id, 'completion', note, actor, photoIds, 'evidence');
      await notify(tx, { role: 'supervisor' }, { kind: 'hazardRectified', hazardId: h.id, params: { number: h.number } });
    },
  });

export const acceptRectification = (db: Db, actor: HazardActor, id: number, version: number, note: string) =>
  step(db, actor, id, version, {
    path: 'accept',
    action: 'accept',
    changes: () => ({ acceptedBy: actor.userId, acceptedAt: actor.now }),
    event: 'accepted',
    eventData: () => ({ note }),
  });

/** Rejection at acceptance sends the work back with the reason; rejections are counted. */
export const rejectRectification = (db: Db, actor: HazardActor, id: number, version: number, reason: string) =>
  step(db, actor, id, version, {
    path: 'reject',
    action: 'reject',
    input: { reason },
    changes: (h) => ({ rejectionCount: h.rejectionCount + 1, rectifiedBy: null, rectifiedAt: null }),
    event: 'rejected',
    eventData: (h) => ({ reason, rejection: h.rejectionCount + 1 }),
    after: async (tx, h) => {
      const recipient = h.assignedToSchool && h.schoolId ? { schoolId: h.schoolId } : h.leadDepartmentId ? { departmentId: h.leadDepartmentId } : null;
      if (recipient) await notify(tx, recipient, { kind: 'hazardRejected', hazardId: h.id, params: { number: h.number } });
    },
  });

/** 销号. A listed hazard is unlisted with it (摘牌), recorded as its own event. */
export const closeHazard = (db: Db, actor: HazardActor, id: number, version: number) =>
  step(db, actor, id, version, {
    path: 'close',
    action: 'close',
    changes: () => ({ closedBy: actor.userId, closedAt: actor.now, listed: false }),
    event: 'closed',
    after: async (tx, h) => {
      if (h.listed) await recordEvent(tx, actor, { entityType: 'hazard', entityId: h.id, action: 'unlisted', data: { atClose: true, level: h.listedLevel } });
    },
  });

export interface ListingInput {
  reason: string;
  level: ListingLevel;
  /** the date of the listing decision, 'YYYY-MM-DD', not in the future */
  listedOn: string;
}

/** 挂牌督办 at district, city or province level, with who, when and why. */
export async function listHazard(db: Db, actor: HazardActor, id: number, version: number, input: ListingInput) {
  if (input.listedOn > shanghaiDate(actor.now)) throw new FieldErrors({ listedOn: 'hazard.listedOnFuture' });
  await step(db, actor, id, version, {
    path: 'list',
    action: 'list',
    input: { reason: input.reason },
    changes: () => ({ listed: true, listedReason: input.reason, listedBy: actor.userId, listedAt: actor.now, listedLevel: input.level, listedOn: input.listedOn }),
    event: 'listed',
    eventData: () => ({ reason: input.reason, level: input.level, listedOn: input.listedOn }),
  });
}

/** 摘牌: after acceptance, or earlier by a supervisor with a written reason; always in the history. */
export const unlistHazard = (db: Db, actor: HazardActor, id: number, version: number, reason: string) =>
  step(db, actor, id, version, {
    path: 'unlist',
    action: 'unlist',
    input: { reason },
    changes: () => ({ listed: false }),
    event: 'unlisted',
    eventData: (h) => ({ reason: reason.trim(), level: h.listedLevel }),
  });

/** Marks a report as a duplicate of another open hazard of the same school (and dismisses it). */
export async function linkDuplicate(db: Db, actor: HazardActor, id: number, version: number, duplicateOfId: number) {
  const [other] = await db.select({ id: hazards.id, number: hazards.number }).from(hazards).where(and(eq(hazards.id, duplicateOfId), ne(hazards.id, id)));
  if (!other) throw new FieldErrors({ duplicateOfId: 'validation.choose' });
  await step(db, actor, id, version, {
    path: 'link-duplicate',
    action: 'dismiss',
    input: { reason: `duplicate:${other.number}` },
    changes: () => ({ duplicateOfId: other.id, dismissReason: `duplicate:${other.number}`, verifiedBy: actor.userId, verifiedAt: actor.now }),
    event: 'linkedDuplicate',
    eventData: () => ({ duplicateOf: other.number }),
  });
}

/** Departments by id, to check a chosen department exists and is active. */
export async function activeDepartmentIds(db: Executor, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: departments.id }).from(departments).where(and(inArray(departments.id, ids), eq(departments.active, true)));
  return new Set(rows.map((r) => r.id));
}
