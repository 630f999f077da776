import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { departments, hazardCategories, institutions, SCHOOL_KINDS, schools, TOWN_KINDS, towns } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import type { MessageKey } from '../i18n/index.js';
import { checkbox, oneOf, optionalId, optionalText, phone, requiredId, requiredText } from '../lib/form-fields.js';
import type { Option } from '../../views/components/form.js';
import type { ResourceSpec } from './resource.js';
import { unitShortName } from './unit-names.js';

type T = (k: MessageKey) => string;

/** Active towns for a select, by name. */
export async function townOptions(db: Executor): Promise<Option[]> {
  const rows = await db.select({ id: towns.id, name: towns.name }).from(towns).where(eq(towns.active, true)).orderBy(asc(towns.code));
  return rows.map((r) => ({ value: String(r.id), label: r.name }));
}

export async function departmentOptions(db: Executor, _t?: T, locale?: string): Promise<Option[]> {
  const rows = await db
    .select({ id: departments.id, name: unitShortName, nameEn: departments.nameEn })
    .from(departments)
    .where(eq(departments.active, true))
    .orderBy(asc(departments.id));
  return rows.map((r) => ({ value: String(r.id), label: locale === 'en' && r.nameEn ? r.nameEn : r.name }));
}

export async function schoolOptions(db: Executor): Promise<Option[]> {
  const rows = await db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.active, true)).orderBy(asc(schools.name));
  return rows.map((r) => ({ value: String(r.id), label: r.name }));
}

const kindOptions = (kinds: readonly string[], prefix: string) => (_db: Executor, t: T) => kinds.map((k) => ({ value: k, label: t(`${prefix}.${k}` as MessageKey) }));

export const townSpec: ResourceSpec = {
  entity: 'town',
  basePath: '/admin/towns',
  title: 'town.plural',
  newTitle: 'town.new',
  editTitle: 'town.edit',
  table: towns,
  sortColumn: towns.name,
  searchColumns: [towns.name, towns.code],
  fields: [
    { name: 'name', label: 'town.name', kind: 'text', required: true },
    { name: 'code', label: 'town.code', kind: 'text', required: true, hint: 'town.codeHint' },
    { name: 'kind', label: 'town.kind', kind: 'select', required: true, options: kindOptions(TOWN_KINDS, 'townKind') },
  ],
  schema: z.object({ name: requiredText(60), code: requiredText(20), kind: oneOf(TOWN_KINDS) }),
  columns: [
    { label: 'town.name', value: (r) => String(r.name) },
    { label: 'town.code', value: (r) => String(r.code) },
    { label: 'town.kind', value: (r, t) => t(`townKind.${String(r.kind)}` as MessageKey) },
  ],
  uniqueFields: { towns_code_uq: 'code' },
};

const withTownName = () => ({
  select: { townName: towns.name },
  join: (q: any) => q.leftJoin(towns, eq(towns.id, schools.townId)),
});

export const schoolSpec: ResourceSpec = {
  entity: 'school',
  basePath: '/admin/schools',
  title: 'school.plural',
  newTitle: 'school.new',
  editTitle: 'school.edit',
  table: schools,
  sortColumn: schools.name,
  searchColumns: [schools.name, schools.address],
  fields: [
    { name: 'name', label: 'school.name', kind: 'text', required: true },
    { name: 'kind', label: 'school.kind', kind: 'select', required: true, options: kindOptions(SCHOOL_KINDS, 'schoolKind') },
    { name: 'townId', label: 'school.town', kind: 'select', required: true, options: townOptions },
    { name: 'address', label: 'school.address', kind: 'text' },
    { name: 'principalName', label: 'school.principalName', kind: 'text' },
    { name: 'principalPhone', label: 'school.principalPhone', kind: 'tel' },
    { name: 'safetyOfficerName', label: 'school.safetyOfficerName', kind: 'text' },
    { name: 'safetyOfficerPhone', label: 'school.safetyOfficerPhone', kind: 'tel' },
  ],
  schema: z.object({
    name: requiredText(100),
    kind: oneOf(SCHOOL_KINDS),
    townId: requiredId(),
    address: optionalText(200),
    principalName: optionalText(40),
    principalPhone: phone(),
    safetyOfficerName: optionalText(40),
    safetyOfficerPhone: phone(),
  }),
  columns: [
    { label: 'school.name', value: (r) => String(r.name) },
    { label: 'school.kind', value: (r, t) => t(`schoolKind.${String(r.kind)}` as MessageKey) },
    { label: 'school.town', value: (r) => String(r.townName ?? '') },
    { label: 'school.safetyOfficerName', value: (r) => [r.safetyOfficerName, r.safetyOfficerPhone].filter(Boolean).join(' ') },
  ],
  listQuery: withTownName,
  uniqueFields: { schools_name_uq: 'name' },
};

export const institutionSpec: ResourceSpec = {
  entity: 'institution',
  basePath: '/admin/institutions',
  title: 'institution.plural',
  newTitle: 'institution.new',
  editTitle: 'institution.edit',
  table: institutions,
  sortColumn: institutions.name,
  searchColumns: [institutions.name, institutions.address, institutions.licenceNo],
  fields: [
    { name: 'name', label: 'institution.name', kind: 'text', required: true },
    { name: 'townId', label: 'school.town', kind: 'select', required: true, options: townOptions },
    { name: 'address', label: 'school.address', kind: 'text' },
    { name: 'licenceNo', label: 'institution.licenceNo', kind: 'text' },
    { name: 'contactName', label: 'institution.contactName', kind: 'text' },
    { name: 'contactPhone', label: 'institution.contactPhone', kind: 'tel' },
  ],
  schema: z.object({
    name: requiredText(100),
    townId: requiredId(),
    address: optionalText(200),
    licenceNo: optionalText(60),
    contactName: optionalText(40),
    contactPhone: phone(),
  }),
  columns: [
    { label: 'institution.name', value: (r) => String(r.name) },
    { label: 'school.town', value: (r) => String(r.townName ?? '') },
    { label: 'institution.licenceNo', value: (r) => String(r.licenceNo ?? '') },
    { label: 'institution.contactName', value: (r) => [r.contactName, r.contactPhone].filter(Boolean).join(' ') },
  ],
  listQuery: () => ({ select: { townName: towns.name }, join: (q: any) => q.leftJoin(towns, eq(towns.id, institutions.townId)) }),
  uniqueFields: { institutions_name_uq: 'name' },
};

export const departmentSpec: ResourceSpec = {
  entity: 'department',
  basePath: '/admin/departments',
  title: 'department.plural',
  newTitle: 'department.new',
  editTitle: 'department.edit',
  table: departments,
  sortColumn: departments.name,
  searchColumns: [departments.name, departments.nameEn, departments.code],
  fields: [
    { name: 'name', label: 'department.name', kind: 'text', required: true },
    { name: 'shortName', label: 'department.shortName', kind: 'text', hint: 'department.shortNameHint' },
    { name: 'nameEn', label: 'department.nameEn', kind: 'text' },
    { name: 'code', label: 'department.code', kind: 'text', required: true, hint: 'department.codeHint' },
    { name: 'isCore', label: 'department.isCore', kind: 'checkbox' },
    { name: 'leaderName', label: 'department.leaderName', kind: 'text' },
    { name: 'leaderPhone', label: 'department.leaderPhone', kind: 'tel' },
    { name: 'liaisonName', label: 'department.liaisonName', kind: 'text' },
    { name: 'liaisonPhone', label: 'department.liaisonPhone', kind: 'tel' },
  ],
  schema: z.object({
    name: requiredText(60),
    shortName: optionalText(20),
    nameEn: optionalText(100),
    code: requiredText(20).regex(/^[A-Z0-9_]+$/, 'validation.code'),
    isCore: checkbox(),
    leaderName: optionalText(40),
    leaderPhone: phone(),
    liaisonName: optionalText(40),
    liaisonPhone: phone(),
  }),
  columns: [
    { label: 'department.name', value: (r, _t, locale) => String(locale === 'en' && r.nameEn ? r.nameEn : r.name) },
    { label: 'department.shortName', value: (r) => String(r.shortName ?? '') },
    { label: 'department.code', value: (r) => String(r.code) },
    { label: 'department.isCore', value: (r, t) => (r.isCore ? t('common.yes') : t('common.no')) },
    { label: 'department.liaisonName', value: (r) => [r.liaisonName, r.liaisonPhone].filter(Boolean).join(' ') },
  ],
  uniqueFields: { departments_code_uq: 'code' },
};

export const categorySpec: ResourceSpec = {
  entity: 'hazardCategory',
  basePath: '/admin/categories',
  title: 'category.plural',
  newTitle: 'category.new',
  editTitle: 'category.edit',
  table: hazardCategories,
  sortColumn: hazardCategories.name,
  searchColumns: [hazardCategories.name, hazardCategories.nameEn, hazardCategories.code],
  fields: [
    { name: 'name', label: 'category.name', kind: 'text', required: true },
    { name: 'nameEn', label: 'category.nameEn', kind: 'text' },
    { name: 'code', label: 'category.code', kind: 'text', required: true, hint: 'department.codeHint' },
    { name: 'defaultLeadDepartmentId', label: 'category.defaultLead', kind: 'select', options: departmentOptions },
  ],
  schema: z.object({
    name: requiredText(60),
    nameEn: optionalText(100),
    code: requiredText(20).regex(/^[A-Z0-9_]+$/, 'validation.code'),
    defaultLeadDepartmentId: optionalId(),
  }),
  columns: [
    { label: 'category.name', value: (r, _t, locale) => String(locale === 'en' && r.nameEn ? r.nameEn : r.name) },
    { label: 'category.code', value: (r) => String(r.code) },
    { label: 'category.defaultLead', value: (r, _t, locale) => String((locale === 'en' && r.leadNameEn ? r.leadNameEn : r.leadName) ?? '') },
  ],
  listQuery: () => ({
    select: { leadName: unitShortName, leadNameEn: departments.nameEn },
    join: (q: any) => q.leftJoin(departments, eq(departments.id, hazardCategories.defaultLeadDepartmentId)),
  }),
  uniqueFields: { hazard_categories_code_uq: 'code' },
};
