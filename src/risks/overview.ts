/**
 * The risk map and the counts: a school's points in use for its four-colour map (风险四色分布图), and the
 * red/orange/yellow/blue counts by town, school and category for the overview. Scoped by visibleRisks.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { hazardCategories, riskPoints, schools, towns } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import type { RiskLevel } from '../hazards/scoring.js';
import { visibleRisks } from '../policy.js';

/** A school's points in use that the user may see, for the map and its list. */
export async function mapPoints(db: Executor, user: SessionUser, schoolId: number) {
  return db
    .select({ id: riskPoints.id, name: riskPoints.name, place: riskPoints.place, area: riskPoints.area, distanceBand: riskPoints.distanceBand, level: riskPoints.level })
    .from(riskPoints)
    .where(and(visibleRisks(user), eq(riskPoints.schoolId, schoolId), eq(riskPoints.retired, false)))
    .orderBy(asc(riskPoints.area), desc(riskPoints.levelRank), asc(riskPoints.id));
}

export type MapPoint = Awaited<ReturnType<typeof mapPoints>>[number];

export interface CountRow {
  id: number;
  name: string;
  nameEn?: string;
  counts: Record<RiskLevel, number>;
}

const countsBy = async (db: Executor, user: SessionUser, key: 'town' | 'school' | 'category', townId: number | undefined): Promise<CountRow[]> => {
  const col = key === 'town' ? towns.id : key === 'school' ? schools.id : hazardCategories.id;
  const name = key === 'town' ? towns.name : key === 'school' ? schools.name : hazardCategories.name;
  // Towns and schools have one name (a constant cannot be grouped by): their name stands in for the English one.
  const nameEn = key === 'category' ? hazardCategories.nameEn : name;
  const rows = await db
    .select({ id: col, name, nameEn, level: riskPoints.level, n: sql<number>`count(*)::int` })
    .from(riskPoints)
    .innerJoin(schools, eq(schools.id, riskPoints.schoolId))
    .innerJoin(towns, eq(towns.id, schools.townId))
    .innerJoin(hazardCategories, eq(hazardCategories.id, riskPoints.categoryId))
    .where(and(visibleRisks(user), eq(riskPoints.retired, false), townId ? eq(schools.townId, townId) : undefined))
    .groupBy(col, name, nameEn, riskPoints.level)
    .orderBy(asc(name));
  const byId = new Map<number, CountRow>();
  for (const r of rows) {
    const row = byId.get(r.id) ?? { id: r.id, name: r.name, nameEn: r.nameEn, counts: { red: 0, orange: 0, yellow: 0, blue: 0 } };
    row.counts[r.level] += Number(r.n);
    byId.set(r.id, row);
  }
  return [...byId.values()];
};

/** Counts of points in use by level: per town (the district), per school and per category (in the chosen town, or all). */
export async function riskCounts(db: Executor, user: SessionUser, townId?: number) {
  return {
    towns: await countsBy(db, user, 'town', undefined),
    schools: await countsBy(db, user, 'school', townId),
    categories: await countsBy(db, user, 'category', townId),
  };
}

export type RiskCounts = Awaited<ReturnType<typeof riskCounts>>;
