import { and, eq, inArray, sql } from 'drizzle-orm';
import { hazardDepartments, hazardPhotos, hazards, hazardSequences } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { preparedFor } from '../db/prepared.js';
import type { HazardScope } from '../policy.js';
import type { HazardFacts, HazardState } from './lifecycle.js';
import { formatHazardNumber } from './numbering.js';

export type HazardRow = typeof hazards.$inferSelect;

const hazardById = preparedFor((db: Executor) => db.select().from(hazards).where(eq(hazards.id, sql.placeholder('id'))).prepare('hazard_by_id'));
const departmentsOfHazard = preparedFor((db: Executor) =>
  db.select().from(hazardDepartments).where(eq(hazardDepartments.hazardId, sql.placeholder('id'))).prepare('hazard_departments'),
);

/** The hazard and its departments, or null (both asked at once: a hazard id that exists is the rule). */
export async function loadHazard(db: Executor, id: number): Promise<{ hazard: HazardRow; departments: Array<typeof hazardDepartments.$inferSelect> } | null> {
  const [[hazard], departments] = await Promise.all([hazardById(db).execute({ id }), departmentsOfHazard(db).execute({ id })]);
  return hazard ? { hazard, departments } : null;
}

export function scopeOf(hazard: HazardRow, departments: Array<{ departmentId: number; role: 'lead' | 'support' }>): HazardScope {
  return {
    schoolId: hazard.schoolId,
    reportedBy: hazard.reportedBy,
    leadDepartmentId: hazard.leadDepartmentId,
    supportDepartmentIds: departments.filter((d) => d.role === 'support').map((d) => d.departmentId),
    assignedToSchool: hazard.assignedToSchool,
    rectifiedBy: hazard.rectifiedBy,
  };
}

/** 五落实: measures, funds, deadline, responsible person and contingency plan are all written down. */
export function planComplete(h: Pick<HazardRow, 'measures' | 'funds' | 'deadline' | 'responsiblePerson' | 'contingencyPlan'>): boolean {
  return [h.measures, h.funds, h.deadline ?? '', h.responsiblePerson, h.contingencyPlan].every((v) => v.trim() !== '');
}

export function factsOf(h: HazardRow): HazardFacts {
  return {
    state: h.state as HazardState,
    grade: h.grade,
    planComplete: planComplete(h),
    rectifiedBy: h.rectifiedBy,
    listed: h.listed,
    pendingExtension: h.extensionRequestedTo !== null,
  };
}

/** The next number of the year, taken inside the report's transaction (the row lock serialises reporters). */
export async function nextHazardNumber(tx: Executor, year: number): Promise<{ number: string; seq: number }> {
  const [row] = await tx
    .insert(hazardSequences)
    .values({ year, lastSeq: 1 })
    .onConflictDoUpdate({ target: hazardSequences.year, set: { lastSeq: sql`${hazardSequences.lastSeq} + 1` } })
    .returning({ seq: hazardSequences.lastSeq });
  return { number: formatHazardNumber(year, row!.seq), seq: row!.seq };
}

/** Attaches photos the user uploaded earlier (and that are not attached yet) to a hazard. */
export async function attachPhotos(tx: Executor, hazardId: number, photoIds: string[], userId: string, kind: 'report' | 'progress' | 'evidence', updateId: number | null = null): Promise<number> {
  if (photoIds.length === 0) return 0;
  const attached = await tx
    .update(hazardPhotos)
    .set({ hazardId, kind, updateId })
    .where(and(inArray(hazardPhotos.id, photoIds), eq(hazardPhotos.uploadedBy, userId), sql`${hazardPhotos.hazardId} IS NULL`))
    .returning({ id: hazardPhotos.id });
  return attached.length;
}

/** Photos uploaded by this user and not yet attached, among the given ids (to show them again on a form). */
export async function pendingPhotos(db: Executor, photoIds: string[], userId: string) {
  if (photoIds.length === 0) return [];
  return db
    .select()
    .from(hazardPhotos)
    .where(and(inArray(hazardPhotos.id, photoIds), eq(hazardPhotos.uploadedBy, userId), sql`${hazardPhotos.hazardId} IS NULL`));
}
