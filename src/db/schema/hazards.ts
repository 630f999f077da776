import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth.js';
import { departments, hazardCategories, institutions, schools, towns } from './org.js';
import { riskPoints } from './risks.js';

import type { HazardGrade, HazardState } from '../../hazards/lifecycle.js';
import type { RiskLevel } from '../../hazards/scoring.js';
import type { NotificationKind } from '../../inbox/kinds.js';
import type { DistanceBand, HazardSource, ListingLevel, ScoringMethod, SubjectType, UnitRole } from '../../hazards/vocabulary.js';

// The words are the domain's (src/hazards/vocabulary.ts); re-exported for the code that still reads them here.
export {
  DISTANCE_BANDS,
  HAZARD_SOURCES,
  LISTING_LEVELS,
  SUBJECT_TYPES,
  type DistanceBand,
  type HazardSource,
  type ListingLevel,
  type SubjectType,
} from '../../hazards/vocabulary.js';

/** 隐患台账 — one row per hazard, carrying its current state; the events table holds its history. */
export const hazards = pgTable(
  'hazards',
  {
    id: serial('id').primaryKey(),
    /** ZJ-2026-000123: year + a per-year sequence, unique */
    number: text('number').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    state: text('state').$type<HazardState>().notNull(),
    version: integer('version').notNull().default(1),

    subjectType: text('subject_type').$type<SubjectType>().notNull(),
    distanceBand: text('distance_band').$type<DistanceBand>(),
    schoolId: integer('school_id').references(() => schools.id),
    institutionId: integer('institution_id').references(() => institutions.id),
    /** the town of the school or institution, kept here so town filters need no join */
    townId: integer('town_id')
      .notNull()
      .references(() => towns.id),
    location: text('location').notNull(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => hazardCategories.id),
    subItem: text('sub_item').notNull().default(''),
    description: text('description').notNull(),
    source: text('source').$type<HazardSource>().notNull(),
    foundAt: timestamp('found_at', { withTimezone: true, mode: 'date' }).notNull(),
    foundBy: text('found_by').notNull().default(''),
    reportedBy: text('reported_by')
      .notNull()
      .references(() => users.id),
    reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** single characters and character pairs of number, location and description: GIN-indexed search for one- and two-character words */
    searchTokens: text('search_tokens').array().notNull().default(sql`'{}'::text[]`),
    /**
     * Number, location and description in lower case, kept by PostgreSQL: searched with LIKE (words of
     * three or more characters), three times cheaper per row than ILIKE over the joined columns.
     */
    searchText: text('search_text').generatedAlwaysAs(sql`lower(number || ' ' || location || ' ' || description)`),

    grade: text('grade').$type<HazardGrade>(),
    scoringMethod: text('scoring_method').$type<ScoringMethod>(),
    scoringInput: jsonb('scoring_input').$type<Record<string, number>>(),
    riskScore: numeric('risk_score', { precision: 10, scale: 2, mode: 'number' }),
    riskLevel: text('risk_level').$type<RiskLevel>(),
    /** 4 red … 1 blue, 0 not graded: sortable */
    levelRank: smallint('level_rank').notNull().default(0),
    verifiedBy: text('verified_by').references(() => users.id),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
    dismissReason: text('dismiss_reason'),

    leadDepartmentId: integer('lead_department_id').references(() => departments.id),
    /** an on-campus item the school itself rectifies */
    assignedToSchool: boolean('assigned_to_school').notNull().default(false),
    /** the deadline in force: the original one, moved only by a change a supervisor granted */
    deadline: date('deadline', { mode: 'string' }),
    /** the deadline set at the first assignment, never moved: on-time figures count against it unless a change was granted */
    originalDeadline: date('original_deadline', { mode: 'string' }),
    responsiblePerson: text('responsible_person').notNull().default(''),
    measures: text('measures').notNull().default(''),
    funds: text('funds').notNull().default(''),
    contingencyPlan: text('contingency_plan').notNull().default(''),
    assignedBy: text('assigned_by').references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true, mode: 'date' }),

    listed: boolean('listed').notNull().default(false),
    listedReason: text('listed_reason'),
    listedBy: text('listed_by').references(() => users.id),
    listedAt: timestamp('listed_at', { withTimezone: true, mode: 'date' }),
    listedLevel: text('listed_level').$type<ListingLevel>(),
    /** the date of the listing decision (may be earlier than when it was recorded) */
    listedOn: date('listed_on', { mode: 'string' }),

    interimMeasures: text('interim_measures'),
    extensionRequestedTo: date('extension_requested_to', { mode: 'string' }),
    extensionReason: text('extension_reason'),
    extensionRequestedBy: text('extension_requested_by').references(() => users.id),

    rectifiedBy: text('rectified_by').references(() => users.id),
    rectifiedAt: timestamp('rectified_at', { withTimezone: true, mode: 'date' }),
    completionNote: text('completion_note'),
    rejectionCount: integer('rejection_count').notNull().default(0),
    acceptedBy: text('accepted_by').references(() => users.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    closedBy: text('closed_by').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),

    /** the risk point (风险点) it was found at, if any: the school's own point only */
    riskPointId: integer('risk_point_id').references(() => riskPoints.id),
    recurrenceOfId: integer('recurrence_of_id'),
    duplicateOfId: integer('duplicate_of_id'),
    remarks: text('remarks').notNull().default(''),
    /** the report form's one-time key: a double-clicked submit finds the hazard already made */
    submissionKey: text('submission_key'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('hazards_number_uq').on(t.number),
    uniqueIndex('hazards_year_seq_uq').on(t.year, t.seq),
    uniqueIndex('hazards_submission_uq').on(t.submissionKey),
    // Register orderings (keyset on (key, id)) and the common filters combined with the default order.
    index('hazards_found_idx').on(t.foundAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('hazards_deadline_idx').on(sql`coalesce(${t.deadline}, '9999-12-31'::date)`, t.id),
    index('hazards_level_idx').on(t.levelRank.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('hazards_school_found_idx').on(t.schoolId, t.foundAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('hazards_state_found_idx').on(t.state, t.foundAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('hazards_category_found_idx').on(t.categoryId, t.foundAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('hazards_town_found_idx').on(t.townId, t.foundAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('hazards_grade_found_idx').on(t.grade, t.foundAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('hazards_source_found_idx').on(t.source, t.foundAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('hazards_lead_found_idx').on(t.leadDepartmentId, t.foundAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('hazards_open_deadline_idx')
      .on(t.deadline, t.id)
      .where(sql`${t.state} NOT IN ('ACCEPTED','CLOSED','DISMISSED','WITHDRAWN') AND ${t.deadline} IS NOT NULL`),
    // Open work by deadline (work queues, overdue and due-soon lists) without walking finished hazards.
    index('hazards_open_deadline_sort_idx')
      .on(sql`coalesce(${t.deadline}, '9999-12-31'::date)`, t.id)
      .where(sql`${t.state} NOT IN ('ACCEPTED','CLOSED','DISMISSED','WITHDRAWN')`),
    index('hazards_listed_idx').on(t.foundAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.listed}`),
    index('hazards_search_idx').using('gin', t.searchTokens),
    // Words of three or more characters: trigram search over the text the LIKE reads.
    index('hazards_search_text_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('hazards_dup_idx').on(t.schoolId, t.categoryId, t.state),
    index('hazards_risk_point_idx').on(t.riskPointId, t.foundAt.desc()).where(sql`${t.riskPointId} IS NOT NULL`),
    // The commonest three-way filter (state + category + town): one range instead of a bitmap AND of
    // three large ones, which cost ≈45 ms at a million hazards.
    index('hazards_state_category_town_idx').on(t.state, t.categoryId, t.townId, t.foundAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    check('hazards_subject_ck', sql`(${t.subjectType} = 'institution') = (${t.institutionId} IS NOT NULL) AND (${t.subjectType} = 'institution' OR ${t.schoolId} IS NOT NULL)`),
  ],
);

/** Lead and supporting departments of a hazard, each with its own task and progress. */
export const hazardDepartments = pgTable(
  'hazard_departments',
  {
    hazardId: integer('hazard_id')
      .notNull()
      .references(() => hazards.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    role: text('role').$type<UnitRole>().notNull(),
    task: text('task').notNull().default(''),
    /** the supporting unit's own report of its part */
    report: text('report').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.hazardId, t.departmentId] }), index('hazard_departments_dept_idx').on(t.departmentId, t.hazardId)],
);

export const PHOTO_KINDS = ['report', 'progress', 'evidence'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

/** Photos: uploaded first (hazard_id null, owned by the uploader), attached when the form succeeds. */
export const hazardPhotos = pgTable(
  'hazard_photos',
  {
    id: text('id').primaryKey(),
    hazardId: integer('hazard_id').references(() => hazards.id),
    kind: text('kind').$type<PhotoKind>().notNull(),
    /** the progress note it belongs to, if any */
    updateId: integer('update_id'),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width'),
    height: integer('height'),
    uploadedBy: text('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('hazard_photos_hazard_idx').on(t.hazardId, t.kind), index('hazard_photos_pending_idx').on(t.uploadedBy).where(sql`${t.hazardId} IS NULL`)],
);

/** Progress notes, control, completion and acceptance notes: the rectification's own record. */
export const hazardUpdates = pgTable(
  'hazard_updates',
  {
    id: serial('id').primaryKey(),
    hazardId: integer('hazard_id')
      .notNull()
      .references(() => hazards.id),
    kind: text('kind').$type<'progress' | 'control' | 'completion' | 'fixOnSpot' | 'support'>().notNull(),
    departmentId: integer('department_id').references(() => departments.id),
    text: text('text').notNull(),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('hazard_updates_hazard_idx').on(t.hazardId, t.id)],
);

export const DEADLINE_CHANGE_KINDS = ['extension', 'control', 'reassignment'] as const;
export type DeadlineChangeKind = (typeof DEADLINE_CHANGE_KINDS)[number];
export type DeadlineChangeStatus = 'pending' | 'granted' | 'refused';

/**
 * Every request to move a hazard's deadline and the bureau's answer: who asked, why, who granted or
 * refused it. Only a granted change moves `hazards.deadline`; `original_deadline` never moves.
 */
export const hazardDeadlineChanges = pgTable(
  'hazard_deadline_changes',
  {
    id: serial('id').primaryKey(),
    hazardId: integer('hazard_id')
      .notNull()
      .references(() => hazards.id),
    kind: text('kind').$type<DeadlineChangeKind>().notNull(),
    fromDate: date('from_date', { mode: 'string' }),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    requestedBy: text('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true, mode: 'date' }).notNull(),
    status: text('status').$type<DeadlineChangeStatus>().notNull().default('pending'),
    decidedBy: text('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decisionNote: text('decision_note').notNull().default(''),
    /** decided at a joint meeting */
    meetingId: integer('meeting_id'),
  },
  (t) => [index('hazard_deadline_changes_hazard_idx').on(t.hazardId, t.id)],
);

/** Per-year hazard number sequence: one row per year, incremented in the report's transaction. */
export const hazardSequences = pgTable('hazard_sequences', {
  year: integer('year').primaryKey(),
  lastSeq: integer('last_seq').notNull(),
});

/** In-app inbox: tells a unit (or one user) it was assigned, rejected, or a deadline is near or passed. */
export const notifications = pgTable(
  'notifications',
  {
    id: serial('id').primaryKey(),
    /** exactly one recipient: a user, a department, a school, or every user of a role */
    role: text('role'),
    userId: text('user_id').references(() => users.id),
    departmentId: integer('department_id').references(() => departments.id),
    schoolId: integer('school_id').references(() => schools.id),
    kind: text('kind').$type<NotificationKind>().notNull(),
    hazardId: integer('hazard_id').references(() => hazards.id),
    /** message parameters (number, date…) for the catalogue text of `kind` */
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    link: text('link').notNull().default(''),
    /** de-duplicates reminders: one 'due soon' per hazard and deadline */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id.desc().nullsFirst()),
    index('notifications_department_idx').on(t.departmentId, t.id.desc().nullsFirst()),
    index('notifications_school_idx').on(t.schoolId, t.id.desc().nullsFirst()),
    index('notifications_role_idx').on(t.role, t.id.desc().nullsFirst()),
    uniqueIndex('notifications_dedupe_uq').on(t.dedupeKey),
  ],
);

/** Which notifications a user has read (a unit's notice is read per person). */
export const notificationReads = pgTable(
  'notification_reads',
  {
    notificationId: integer('notification_id')
      .notNull()
      .references(() => notifications.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.userId] })],
);

/** Key/value settings an administrator can change (e.g. the risk scoring method and thresholds). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
