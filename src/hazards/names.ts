/**
 * The names a register row shows (school or institution, town, category, lead department), looked up
 * in memory instead of by the database for every row: the reference tables are small and change
 * rarely. Kept by the reference cache (src/lib/reference-cache.ts): cleared at once in this process by
 * an administrator's change, within its TTL elsewhere, and reloaded at once when a row points at a
 * record the cached copy does not know yet (created a moment ago in another process).
 */
import { departments, hazardCategories, institutions, schools, towns } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { cachedReference } from '../lib/reference-cache.js';
import { unitShortName } from '../admin/unit-names.js';

interface Bilingual {
  name: string;
  nameEn: string;
}

interface Unit extends Bilingual {
  shortName: string;
}

interface Category extends Bilingual {
  defaultLeadDepartmentId: number | null;
}

export interface ReferenceNames {
  schools: Map<number, string>;
  institutions: Map<number, string>;
  towns: Map<number, string>;
  categories: Map<number, Category>;
  departments: Map<number, Unit>;
}

/** The ids a row points at. */
export interface NamedRefs {
  schoolId: number | null;
  institutionId: number | null;
  townId: number;
  categoryId: number;
  leadDepartmentId: number | null;
}

export interface RowNames {
  schoolName: string | null;
  institutionName: string | null;
  townName: string;
  categoryName: string;
  categoryNameEn: string | null;
  leadName: string | null;
  /** the short form, for tables (src/admin/unit-names.ts) */
  leadShortName: string | null;
  leadNameEn: string | null;
}

async function loadNames(db: Executor): Promise<ReferenceNames> {
  // Inactive records too: old hazards still point at them.
  const [s, i, t, c, d] = await Promise.all([
    db.select({ id: schools.id, name: schools.name }).from(schools),
    db.select({ id: institutions.id, name: institutions.name }).from(institutions),
    db.select({ id: towns.id, name: towns.name }).from(towns),
    db
      .select({ id: hazardCategories.id, name: hazardCategories.name, nameEn: hazardCategories.nameEn, defaultLeadDepartmentId: hazardCategories.defaultLeadDepartmentId })
      .from(hazardCategories),
    db.select({ id: departments.id, name: departments.name, shortName: unitShortName, nameEn: departments.nameEn }).from(departments),
  ]);
  return {
    schools: new Map(s.map((r) => [r.id, r.name])),
    institutions: new Map(i.map((r) => [r.id, r.name])),
    towns: new Map(t.map((r) => [r.id, r.name])),
    categories: new Map(c.map((r) => [r.id, r])),
    departments: new Map(d.map((r) => [r.id, r])),
  };
}

function knowsAll(names: ReferenceNames, rows: NamedRefs[]): boolean {
  return rows.every(
    (r) =>
      (r.schoolId === null || names.schools.has(r.schoolId)) &&
      (r.institutionId === null || names.institutions.has(r.institutionId)) &&
      names.towns.has(r.townId) &&
      names.categories.has(r.categoryId) &&
      (r.leadDepartmentId === null || names.departments.has(r.leadDepartmentId)),
  );
}

function namesOf(names: ReferenceNames, r: NamedRefs): RowNames {
  const category = names.categories.get(r.categoryId);
  const lead = r.leadDepartmentId === null ? undefined : names.departments.get(r.leadDepartmentId);
  return {
    schoolName: r.schoolId === null ? null : (names.schools.get(r.schoolId) ?? null),
    institutionName: r.institutionId === null ? null : (names.institutions.get(r.institutionId) ?? null),
    townName: names.towns.get(r.townId) ?? '',
    categoryName: category?.name ?? '',
    categoryNameEn: category?.nameEn || null,
    leadName: lead?.name ?? null,
    leadShortName: lead?.shortName ?? null,
    leadNameEn: lead?.nameEn || null,
  };
}

const cachedNames = (db: Executor, rows: NamedRefs[]) => cachedReference('reference-names', () => loadNames(db), (cached) => !knowsAll(cached, rows));

/** One hazard's names, and the department its category suggests as the lead. */
export async function hazardNames(db: Executor, hazard: NamedRefs): Promise<RowNames & { suggestedLeadId: number | null }> {
  const names = await cachedNames(db, [hazard]);
  return { ...namesOf(names, hazard), suggestedLeadId: names.categories.get(hazard.categoryId)?.defaultLeadDepartmentId ?? null };
}

/**
 * Adds the names to the rows (in place: they are the query's fresh objects, and copying a 20-field row
 * with a spread cost ten times as much as writing seven fields into it).
 */
export async function withNames<T extends NamedRefs>(db: Executor, rows: T[]): Promise<Array<T & RowNames>> {
  if (rows.length === 0) return [];
  const names = await cachedNames(db, rows);
  for (const r of rows) Object.assign(r, namesOf(names, r));
  return rows as Array<T & RowNames>;
}
