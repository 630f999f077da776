import { asc, eq } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { hazardCategories, institutions, schools } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import type { Translate } from '../i18n/index.js';
import { departmentOptions, schoolOptions, townOptions } from '../admin/specs.js';
import type { Option } from '../../views/components/form.js';
import { cachedReference } from '../lib/reference-cache.js';
import { riskChoicesForSchool } from '../risks/queries.js';
import { reportableSubjects, reportsForOwnSchoolOnly } from '../policy.js';
import { SUBJECT_TYPES, type SubjectType } from '../db/schema/index.js';

export async function categoryOptions(db: Executor, locale: string): Promise<Option[]> {
  const rows = await db
    .select({ id: hazardCategories.id, code: hazardCategories.code, name: hazardCategories.name, nameEn: hazardCategories.nameEn })
    .from(hazardCategories)
    .where(eq(hazardCategories.active, true))
    .orderBy(asc(hazardCategories.sortOrder), asc(hazardCategories.id));
  return rows.map((r) => ({ value: String(r.id), label: locale === 'en' && r.nameEn ? r.nameEn : r.name }));
}

export async function institutionOptions(db: Executor): Promise<Option[]> {
  const rows = await db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(eq(institutions.active, true)).orderBy(asc(institutions.name));
  return rows.map((r) => ({ value: String(r.id), label: r.name }));
}

/** The school's risk points in use, red first: "found at risk point" on the report form. */
async function riskPointOptions(db: Executor, schoolId: number | null): Promise<Option[]> {
  if (!schoolId) return [];
  return (await riskChoicesForSchool(db, schoolId)).map((p) => ({ value: String(p.id), label: `${p.name}（${p.area}）` }));
}

export interface ReportOptions {
  schools: Option[];
  institutions: Option[];
  categories: Option[];
  departments: Option[];
  /** the subjects this user may report about */
  subjects: SubjectType[];
  /** the user reports for their own school only: the form shows it instead of a choice */
  ownSchoolOnly: boolean;
  /** the risk points of the school reported for (the officer's own, or the one chosen), to say where it was found */
  riskPoints: Option[];
}

/** Choices of the report and assignment forms; an officer only ever sees their own school. */
export async function reportFormOptions(db: Executor, user: SessionUser, t: Translate, locale: string, schoolId: number | null = null): Promise<ReportOptions> {
  const ownSchoolOnly = reportsForOwnSchoolOnly(user);
  const ownSchool = ownSchoolOnly
    ? (await db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.id, user.schoolId ?? -1))).map((s) => ({ value: String(s.id), label: s.name }))
    : null;
  return {
    schools: ownSchool ?? (await schoolOptions(db)),
    institutions: ownSchoolOnly ? [] : await institutionOptions(db),
    categories: await categoryOptions(db, locale),
    departments: await departmentOptions(db, t, locale),
    subjects: reportableSubjects(user, SUBJECT_TYPES),
    ownSchoolOnly,
    riskPoints: await riskPointOptions(db, ownSchoolOnly ? user.schoolId : schoolId),
  };
}

export interface RegisterOptions {
  categories: Option[];
  towns: Option[];
  schools: Option[];
  departments: Option[];
}

export async function registerFilterOptions(db: Executor, user: SessionUser, t: Translate, locale: string): Promise<RegisterOptions> {
  const wide = user.role === 'supervisor' || user.role === 'leader';
  const withSchools = wide || user.role === 'department';
  // The same lists on every register page: kept briefly in memory (src/lib/reference-cache.ts).
  return cachedReference(`register-options:${wide}:${withSchools}:${locale}`, async () => ({
    categories: await categoryOptions(db, locale),
    towns: wide ? await townOptions(db) : [],
    schools: withSchools ? await schoolOptions(db) : [],
    departments: wide ? await departmentOptions(db, t, locale) : [],
  }));
}
