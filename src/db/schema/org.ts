import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Columns every managed record has: deactivate instead of delete, optimistic-lock version, timestamps. */
const lifecycleColumns = () => ({
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const TOWN_KINDS = ['subdistrict', 'town', 'office'] as const;
export type TownKind = (typeof TOWN_KINDS)[number];

/** 镇/街道/办事处 — territorial responsibility. */
export const towns = pgTable(
  'towns',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<TownKind>().notNull(),
    ...lifecycleColumns(),
  },
  (t) => [uniqueIndex('towns_code_uq').on(t.code), index('towns_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`)],
);

import type { SchoolKind } from '../../admin/vocabulary.js';
// The words are the domain's (src/admin/vocabulary.ts); re-exported for the code that still reads them here.
export { SCHOOL_KINDS, type SchoolKind } from '../../admin/vocabulary.js';

export const schools = pgTable(
  'schools',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').$type<SchoolKind>().notNull(),
    townId: integer('town_id')
      .notNull()
      .references(() => towns.id),
    address: text('address').notNull().default(''),
    principalName: text('principal_name').notNull().default(''),
    principalPhone: text('principal_phone').notNull().default(''),
    safetyOfficerName: text('safety_officer_name').notNull().default(''),
    safetyOfficerPhone: text('safety_officer_phone').notNull().default(''),
    ...lifecycleColumns(),
  },
  (t) => [
    uniqueIndex('schools_name_uq').on(t.name),
    index('schools_town_idx').on(t.townId),
    index('schools_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/** 校外培训机构 — supervised off-campus training institutions. */
export const institutions = pgTable(
  'institutions',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    townId: integer('town_id')
      .notNull()
      .references(() => towns.id),
    address: text('address').notNull().default(''),
    licenceNo: text('licence_no').notNull().default(''),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    ...lifecycleColumns(),
  },
  (t) => [
    uniqueIndex('institutions_name_uq').on(t.name),
    index('institutions_town_idx').on(t.townId),
    index('institutions_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/** 成员单位 — member units of the joint meeting. */
export const departments = pgTable(
  'departments',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    /** the official name, e.g. 韶关市公安局浈江分局 */
    name: text('name').notNull(),
    /** the short form where space is tight, e.g. 公安分局 ('' = the name itself) */
    shortName: text('short_name').notNull().default(''),
    nameEn: text('name_en').notNull().default(''),
    isCore: boolean('is_core').notNull().default(false),
    leaderName: text('leader_name').notNull().default(''),
    leaderPhone: text('leader_phone').notNull().default(''),
    liaisonName: text('liaison_name').notNull().default(''),
    liaisonPhone: text('liaison_phone').notNull().default(''),
    ...lifecycleColumns(),
  },
  (t) => [uniqueIndex('departments_code_uq').on(t.code), index('departments_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`)],
);

/** 隐患类别 — the configurable taxonomy, each with a suggested lead department. */
export const hazardCategories = pgTable(
  'hazard_categories',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    defaultLeadDepartmentId: integer('default_lead_department_id').references(() => departments.id),
    sortOrder: integer('sort_order').notNull().default(0),
    ...lifecycleColumns(),
  },
  (t) => [uniqueIndex('hazard_categories_code_uq').on(t.code)],
);
