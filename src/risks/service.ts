/**
 * The risk register's use cases that change something: record a point (with its first assessment),
 * edit what it is, re-assess it (a new version), retire it. Each runs in one transaction with its
 * history event; the policy decides who may, the pure rules (rules.ts) what is allowed.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { departments, hazardCategories, riskAssessments, riskPoints, schools } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { scoringConfig } from '../hazards/settings.js';
import { conflict, FieldErrors, forbidden, notFound } from '../lib/errors.js';
import { diff, recordEvent, type Actor } from '../lib/events.js';
import { shanghaiDate } from '../lib/shanghai-time.js';
import type { MessageKey } from '../i18n/index.js';
import { canViewRisk, mayRecordRiskFor, riskActions, type RiskAction } from '../policy.js';
import type { EditForm } from './forms.js';
import { assess, assessmentProblems, LEVEL_RANK, nextReviewDate, type AssessmentProblem, type RiskScoring } from './rules.js';
import { reviewCycles } from './settings.js';

export type PointInput = Omit<EditForm, 'version'>;

export interface AssessmentInput {
  scoring: RiskScoring;
  reason: string;
  nextReviewOn: string | null;
}

const PROBLEM_KEYS: Record<AssessmentProblem, MessageKey> = {
  reason: 'risk.error.reason',
  reasonLowered: 'risk.error.reasonLowered',
  emergencyMeasure: 'risk.error.emergencyMeasure',
  reviewInPast: 'risk.error.reviewInPast',
};

/** The category, the responsible unit and the place must fit together; problems by field. */
async function checkPoint(db: Executor, input: PointInput): Promise<Record<string, MessageKey>> {
  const problems: Record<string, MessageKey> = {};
  const [category] = await db.select({ active: hazardCategories.active }).from(hazardCategories).where(eq(hazardCategories.id, input.categoryId));
  if (!category?.active) problems.categoryId = 'validation.choose';
  if (input.responsibleDepartmentId !== null) {
    if (input.place !== 'surroundings') problems.responsibleDepartmentId = 'risk.error.unitOnlySurroundings';
    else {
      const [unit] = await db.select({ active: departments.active }).from(departments).where(eq(departments.id, input.responsibleDepartmentId));
      if (!unit?.active) problems.responsibleDepartmentId = 'validation.choose';
    }
  }
  return problems;
}

/** Score, level and review date of an assessment, or the problems that refuse it (with the point's own problems). */
async function scoreAssessment(db: Executor, a: AssessmentInput, previousLevel: RiskPoint['level'] | null, measuresEmergency: string, now: Date, problems: Record<string, MessageKey>) {
  const { score, level } = assess(a.scoring, await scoringConfig(db));
  const found = assessmentProblems({ previousLevel, level, reason: a.reason, measuresEmergency, nextReviewOn: a.nextReviewOn, today: shanghaiDate(now) });
  for (const [field, problem] of Object.entries(found)) problems[field] = PROBLEM_KEYS[problem];
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  const nextReviewOn = a.nextReviewOn ?? nextReviewDate(level, now, await reviewCycles(db));
  const { method, ...input } = a.scoring;
  return { scoringMethod: method, scoringInput: input as Record<string, number>, score, level, levelRank: LEVEL_RANK[level], nextReviewOn };
}

type RiskPoint = typeof riskPoints.$inferSelect;

/** Records a point for a school with its first assessment (version 1). */
export async function recordRisk(db: Db, actor: Actor & { user: SessionUser; userId: string }, schoolId: number, input: PointInput, a: AssessmentInput, now: Date): Promise<number> {
  if (!mayRecordRiskFor(actor.user, schoolId)) throw new FieldErrors({ schoolId: 'validation.choose' });
  const [school] = await db.select({ active: schools.active }).from(schools).where(eq(schools.id, schoolId));
  const problems = await checkPoint(db, input);
  if (!school?.active) problems.schoolId = 'validation.choose';
  const scored = await scoreAssessment(db, a, null, input.measuresEmergency, now, problems);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(riskPoints)
      .values({ ...input, ...scored, schoolId, assessedAt: now, createdBy: actor.userId, createdAt: now, updatedAt: now })
      .returning({ id: riskPoints.id });
    const id = row!.id;
    await tx.insert(riskAssessments).values({ riskPointId: id, seq: 1, ...pick(scored), reason: a.reason, assessedBy: actor.userId, assessedAt: now });
    await recordEvent(tx, actor, { entityType: 'riskPoint', entityId: id, action: 'riskRecorded', data: { name: input.name, level: scored.level, score: scored.score, nextReviewOn: scored.nextReviewOn } });
    return id;
  });
}

const pick = (s: { scoringMethod: RiskPoint['scoringMethod']; scoringInput: Record<string, number>; score: number; level: RiskPoint['level']; nextReviewOn: string }) => ({
  scoringMethod: s.scoringMethod,
  scoringInput: s.scoringInput,
  score: s.score,
  level: s.level,
  nextReviewOn: s.nextReviewOn,
});

/** Loads the point for a change: seen by the user, allowed by the policy, at the version the form was loaded with. */
async function forChange(tx: Executor, user: SessionUser, id: number, version: number, action: RiskAction): Promise<RiskPoint> {
  const [point] = await tx.select().from(riskPoints).where(eq(riskPoints.id, id)).for('update');
  if (!point || !canViewRisk(user, point)) throw notFound();
  if (point.version !== version) throw conflict();
  if (!riskActions(user, point).has(action)) throw point.retired ? conflict('risk.error.retired') : forbidden();
  return point;
}

async function update(tx: Executor, id: number, version: number, set: Partial<typeof riskPoints.$inferInsert>) {
  const rows = await tx
    .update(riskPoints)
    .set({ ...set, version: sql`${riskPoints.version} + 1` })
    .where(and(eq(riskPoints.id, id), eq(riskPoints.version, version)))
    .returning({ id: riskPoints.id });
  if (rows.length === 0) throw conflict();
}

/** Changes what the point is (not its level): a red point still needs its emergency measure. */
export async function editRisk(db: Db, actor: Actor & { user: SessionUser }, id: number, version: number, input: PointInput, now: Date): Promise<void> {
  const problems = await checkPoint(db, input);
  await db.transaction(async (tx) => {
    const point = await forChange(tx, actor.user, id, version, 'edit');
    if (point.level === 'red' && !input.measuresEmergency.trim()) problems.measuresEmergency = 'risk.error.emergencyMeasure';
    if (Object.keys(problems).length) throw new FieldErrors(problems);
    const changes = diff(point as unknown as Record<string, unknown>, input);
    await update(tx, id, version, { ...input, updatedAt: now });
    await recordEvent(tx, actor, { entityType: 'riskPoint', entityId: id, action: 'riskEdited', data: { changes } });
  });
}

/** A re-assessment: a new version with its score, level and reason; the point takes the new level and review date. */
export async function reassessRisk(db: Db, actor: Actor & { user: SessionUser; userId: string }, id: number, version: number, a: AssessmentInput, measuresEmergency: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const point = await forChange(tx, actor.user, id, version, 'assess');
    const scored = await scoreAssessment(tx, a, point.level, measuresEmergency, now, {});
    const seq = point.assessmentCount + 1;
    await tx.insert(riskAssessments).values({ riskPointId: id, seq, ...pick(scored), reason: a.reason.trim(), assessedBy: actor.userId, assessedAt: now });
    await update(tx, id, version, { ...scored, measuresEmergency, assessedAt: now, assessmentCount: seq, updatedAt: now });
    await recordEvent(tx, actor, {
      entityType: 'riskPoint',
      entityId: id,
      action: 'riskAssessed',
      data: { seq, from: point.level, to: scored.level, score: scored.score, reason: a.reason.trim(), nextReviewOn: scored.nextReviewOn },
    });
  });
}

/** Retires a point (the source of harm is gone): never deleted, kept with its history and the reason. */
export async function retireRisk(db: Db, actor: Actor & { user: SessionUser; userId: string }, id: number, version: number, reason: string, now: Date): Promise<void> {
  if (!reason.trim()) throw new FieldErrors({ retiredReason: 'validation.required' });
  await db.transaction(async (tx) => {
    await forChange(tx, actor.user, id, version, 'retire');
    await update(tx, id, version, { retired: true, retiredReason: reason.trim(), retiredAt: now, retiredBy: actor.userId, updatedAt: now });
    await recordEvent(tx, actor, { entityType: 'riskPoint', entityId: id, action: 'riskRetired', data: { reason: reason.trim() } });
  });
}
