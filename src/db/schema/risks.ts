import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, numeric, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth.js';
import { departments, hazardCategories, schools } from './org.js';
import type { RiskLevel, ScoringMethod } from '../../hazards/scoring.js';
import type { DistanceBand } from '../../hazards/vocabulary.js';
import type { RiskPlace } from '../../risks/vocabulary.js';

/**
 * 风险点 — a standing source of harm at a school or in its surroundings. It never closes: it is
 * re-assessed on a cycle set by its level, and retired (with a reason) when the source is gone. The
 * current assessment is copied here for lists and counts; risk_assessments keeps every version.
 */
export const riskPoints = pgTable(
  'risk_points',
  {
    id: serial('id').primaryKey(),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    name: text('name').notNull(),
    place: text('place').$type<RiskPlace>().notNull(),
    /** the campus area (canteen, gate, dormitory …) or, for surroundings, what is there */
    area: text('area').notNull(),
    distanceBand: text('distance_band').$type<DistanceBand>(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => hazardCategories.id),
    hazardFactors: text('hazard_factors').notNull(),
    consequences: text('consequences').notNull(),
    measuresEngineering: text('measures_engineering').notNull().default(''),
    measuresManagement: text('measures_management').notNull().default(''),
    measuresPersonal: text('measures_personal').notNull().default(''),
    measuresEmergency: text('measures_emergency').notNull().default(''),
    responsiblePerson: text('responsible_person').notNull(),
    /** the member unit responsible for a surroundings point; null: the school itself */
    responsibleDepartmentId: integer('responsible_department_id').references(() => departments.id),

    scoringMethod: text('scoring_method').$type<ScoringMethod>().notNull(),
    scoringInput: jsonb('scoring_input').$type<Record<string, number>>().notNull(),
    score: numeric('score', { precision: 10, scale: 2, mode: 'number' }).notNull(),
    level: text('level').$type<RiskLevel>().notNull(),
    /** 4 red … 1 blue: sortable */
    levelRank: smallint('level_rank').notNull(),
    assessedAt: timestamp('assessed_at', { withTimezone: true, mode: 'date' }).notNull(),
    nextReviewOn: date('next_review_on', { mode: 'string' }).notNull(),
    /** how many assessments (the first one is 1) */
    assessmentCount: integer('assessment_count').notNull().default(1),

    retired: boolean('retired').notNull().default(false),
    retiredReason: text('retired_reason'),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    retiredBy: text('retired_by').references(() => users.id),

    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('risk_points_school_idx').on(t.schoolId, t.levelRank.desc(), t.id),
    index('risk_points_level_idx').on(t.levelRank.desc(), t.id),
    index('risk_points_review_idx').on(t.nextReviewOn, t.id).where(sql`NOT ${t.retired}`),
    index('risk_points_department_idx').on(t.responsibleDepartmentId, t.id),
    index('risk_points_category_idx').on(t.categoryId, t.id),
    check('risk_points_place_ck', sql`(${t.place} = 'surroundings') = (${t.distanceBand} IS NOT NULL)`),
  ],
);

/** Every assessment of a point, the first one included: the history of its levels. Never changed. */
export const riskAssessments = pgTable(
  'risk_assessments',
  {
    id: serial('id').primaryKey(),
    riskPointId: integer('risk_point_id')
      .notNull()
      .references(() => riskPoints.id),
    /** 1, 2, 3 … per point */
    seq: integer('seq').notNull(),
    scoringMethod: text('scoring_method').$type<ScoringMethod>().notNull(),
    scoringInput: jsonb('scoring_input').$type<Record<string, number>>().notNull(),
    score: numeric('score', { precision: 10, scale: 2, mode: 'number' }).notNull(),
    level: text('level').$type<RiskLevel>().notNull(),
    reason: text('reason').notNull().default(''),
    nextReviewOn: date('next_review_on', { mode: 'string' }).notNull(),
    assessedBy: text('assessed_by')
      .notNull()
      .references(() => users.id),
    assessedAt: timestamp('assessed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('risk_assessments_point_seq_uq').on(t.riskPointId, t.seq)],
);
