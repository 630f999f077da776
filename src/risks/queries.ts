/**
 * Reading the risk register: one point with everything its page shows, the list with its filters, the
 * points due for review (the officer's queue). Every query is scoped by the policy (visibleRisks /
 * canViewRisk).
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SessionUser } from '../auth/sessions.js';
import { departments, events, hazardCategories, hazards, riskAssessments, riskPoints, schools, towns, users } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import type { RiskLevel } from '../hazards/scoring.js';
import { addDays, shanghaiDate } from '../lib/shanghai-time.js';
import { canViewRisk, riskActions, visibleRisks } from '../policy.js';
import { escalationSuggestion, REVIEW_DUE_SOON_DAYS, reviewStatus } from './rules.js';
import type { ReviewStatus } from './vocabulary.js';

const assessor = alias(users, 'assessor');
const actor = alias(users, 'actor');

/** One point with its assessments, hazards, history, the actions the user may take and the escalation suggestion. */
export async function loadRisk(db: Executor, user: SessionUser, id: number, now: Date) {
  const [row] = await db
    .select({
      point: riskPoints,
      schoolName: schools.name,
      categoryName: hazardCategories.name,
      categoryNameEn: hazardCategories.nameEn,
      unitName: departments.name,
      unitNameEn: departments.nameEn,
    })
    .from(riskPoints)
    .innerJoin(schools, eq(schools.id, riskPoints.schoolId))
    .innerJoin(hazardCategories, eq(hazardCategories.id, riskPoints.categoryId))
    .leftJoin(departments, eq(departments.id, riskPoints.responsibleDepartmentId))
    .where(eq(riskPoints.id, id));
  if (!row || !canViewRisk(user, row.point)) return null;
  const assessments = await db
    .select({ seq: riskAssessments.seq, level: riskAssessments.level, score: riskAssessments.score, method: riskAssessments.scoringMethod, input: riskAssessments.scoringInput, reason: riskAssessments.reason, nextReviewOn: riskAssessments.nextReviewOn, at: riskAssessments.assessedAt, by: assessor.displayName })
    .from(riskAssessments)
    .innerJoin(assessor, eq(assessor.id, riskAssessments.assessedBy))
    .where(eq(riskAssessments.riskPointId, id))
    .orderBy(asc(riskAssessments.seq));
  const linked = await db
    .select({ id: hazards.id, number: hazards.number, state: hazards.state, grade: hazards.grade, level: hazards.riskLevel, foundAt: hazards.foundAt, description: hazards.description })
    .from(hazards)
    .where(eq(hazards.riskPointId, id))
    .orderBy(desc(hazards.foundAt))
    .limit(100);
  const history = await db
    .select({ id: events.id, at: events.occurredAt, action: events.action, actorName: actor.displayName, data: events.data })
    .from(events)
    .leftJoin(actor, eq(actor.id, events.actorId))
    .where(and(eq(events.entityType, 'riskPoint'), eq(events.entityId, String(id))))
    .orderBy(asc(events.id));
  const p = row.point;
  return {
    ...row,
    assessments,
    hazards: linked,
    history,
    actions: riskActions(user, p),
    review: p.retired ? null : reviewStatus(p.nextReviewOn, shanghaiDate(now)),
    escalation: p.retired ? null : escalationSuggestion(p.level, linked, now),
  };
}

export type RiskDetail = NonNullable<Awaited<ReturnType<typeof loadRisk>>>;

export interface RiskFilters {
  level?: RiskLevel;
  review?: Exclude<ReviewStatus, 'ok'>;
  categoryId?: number;
  schoolId?: number;
  townId?: number;
  retired?: boolean;
}

/** Rows of the list; the list shows at most this many (the district has a few thousand points at most). */
export const RISK_LIST_LIMIT = 500;

function filterConditions(f: RiskFilters, today: string): SQL[] {
  const where: SQL[] = [eq(riskPoints.retired, f.retired ?? false)];
  if (f.level) where.push(eq(riskPoints.level, f.level));
  if (f.categoryId) where.push(eq(riskPoints.categoryId, f.categoryId));
  if (f.schoolId) where.push(eq(riskPoints.schoolId, f.schoolId));
  if (f.townId) where.push(eq(schools.townId, f.townId));
  if (f.review === 'overdue') where.push(sql`${riskPoints.nextReviewOn} < ${today}`);
  if (f.review === 'due') where.push(sql`${riskPoints.nextReviewOn} <= ${addDays(today, REVIEW_DUE_SOON_DAYS)}`);
  return where;
}

/** The points the user may see, red first, then by review date. */
export async function listRisks(db: Executor, user: SessionUser, f: RiskFilters, now: Date) {
  const today = shanghaiDate(now);
  const rows = await db
    .select({
      id: riskPoints.id,
      name: riskPoints.name,
      place: riskPoints.place,
      area: riskPoints.area,
      distanceBand: riskPoints.distanceBand,
      level: riskPoints.level,
      score: riskPoints.score,
      nextReviewOn: riskPoints.nextReviewOn,
      retired: riskPoints.retired,
      responsiblePerson: riskPoints.responsiblePerson,
      scoringMethod: riskPoints.scoringMethod,
      hazardFactors: riskPoints.hazardFactors,
      consequences: riskPoints.consequences,
      measuresEngineering: riskPoints.measuresEngineering,
      measuresManagement: riskPoints.measuresManagement,
      measuresPersonal: riskPoints.measuresPersonal,
      measuresEmergency: riskPoints.measuresEmergency,
      schoolId: riskPoints.schoolId,
      schoolName: schools.name,
      townName: towns.name,
      categoryName: hazardCategories.name,
      categoryNameEn: hazardCategories.nameEn,
      unitName: departments.name,
      unitNameEn: departments.nameEn,
    })
    .from(riskPoints)
    .innerJoin(schools, eq(schools.id, riskPoints.schoolId))
    .innerJoin(towns, eq(towns.id, schools.townId))
    .innerJoin(hazardCategories, eq(hazardCategories.id, riskPoints.categoryId))
    .leftJoin(departments, eq(departments.id, riskPoints.responsibleDepartmentId))
    .where(and(visibleRisks(user), ...filterConditions(f, today)))
    .orderBy(desc(riskPoints.levelRank), asc(riskPoints.nextReviewOn), asc(riskPoints.id))
    .limit(RISK_LIST_LIMIT);
  return rows.map((r) => ({ ...r, review: r.retired ? null : reviewStatus(r.nextReviewOn, today) }));
}

export type RiskRow = Awaited<ReturnType<typeof listRisks>>[number];

/** Points due or overdue for review that the user keeps: the officer's (and supervisor's) queue. */
export async function risksDueForReview(db: Executor, user: SessionUser, now: Date) {
  return listRisks(db, user, { review: 'due' }, now);
}

/** What the policy needs to know about a point (linking a hazard to it). */
export async function riskPointScope(db: Executor, id: number) {
  const [p] = await db.select({ schoolId: riskPoints.schoolId, responsibleDepartmentId: riskPoints.responsibleDepartmentId, retired: riskPoints.retired }).from(riskPoints).where(eq(riskPoints.id, id));
  return p ?? null;
}

/** The school's points in use, for the hazard report form ("found at risk point"). */
export async function riskChoicesForSchool(db: Executor, schoolId: number) {
  return db
    .select({ id: riskPoints.id, name: riskPoints.name, area: riskPoints.area, level: riskPoints.level })
    .from(riskPoints)
    .where(and(eq(riskPoints.schoolId, schoolId), eq(riskPoints.retired, false)))
    .orderBy(desc(riskPoints.levelRank), asc(riskPoints.name));
}
