import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth.js';
import { departments } from './org.js';

import type { AgendaKind, AgendaReason } from '../../meetings/agenda.js';
import type { FeedbackSchedule, ResolutionNoteKind, ResolutionStatus } from '../../meetings/resolutions.js';
import type { AgendaOutcome, Attendance, AttachmentOwner, InvitationResponse, MeetingKind, MeetingStatus, OrderStatus } from '../../meetings/vocabulary.js';

// The words are the domain's (src/meetings/vocabulary.ts); re-exported for the code that still reads them here.
export {
  AGENDA_OUTCOMES,
  ATTACHMENT_OWNERS,
  ATTENDANCE,
  MEETING_KINDS,
  MEETING_STATUSES,
  ORDER_STATUSES,
  RESPONSES,
  type AgendaOutcome,
  type Attendance,
  type AttachmentOwner,
  type InvitationResponse,
  type MeetingKind,
  type OrderStatus,
} from '../../meetings/vocabulary.js';

/** 联席会议 — one sitting of the joint meeting. */
export const meetings = pgTable(
  'meetings',
  {
    id: serial('id').primaryKey(),
    /** e.g. 2026年第12次 — chosen by the supervisor, unique */
    number: text('number').notNull(),
    title: text('title').notNull(),
    kind: text('kind').$type<MeetingKind>().notNull(),
    convener: text('convener').notNull().default(''),
    chair: text('chair').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    place: text('place').notNull().default(''),
    status: text('status').$type<MeetingStatus>().notNull().default('scheduled'),
    /** why the supervisor called it off (status cancelled) */
    cancelReason: text('cancel_reason').notNull().default(''),
    /** meetings created together from one recurring rule share this id (the first meeting's) */
    seriesId: integer('series_id'),
    recurrence: jsonb('recurrence').$type<Record<string, unknown>>(),
    /** when the supervisor published the agenda to the invited units (null: a draft) */
    agendaPublishedAt: timestamp('agenda_published_at', { withTimezone: true, mode: 'date' }),
    /** when the supervisor opened the sitting (it may begin a little before the scheduled time) */
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date' }),
    /** when the supervisor closed the sitting (结束会议): from then on the meeting was held */
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    closedBy: text('closed_by').references(() => users.id),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('meetings_number_uq').on(t.number), index('meetings_starts_idx').on(t.startsAt, t.id)],
);


/** An invited member unit: its answer before the meeting and who was actually present. */
export const meetingInvitations = pgTable(
  'meeting_invitations',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    response: text('response').$type<InvitationResponse>().notNull().default('pending'),
    /** the leave reason, or the stand-in's name */
    responseNote: text('response_note').notNull().default(''),
    respondedBy: text('responded_by').references(() => users.id),
    respondedAt: timestamp('responded_at', { withTimezone: true, mode: 'date' }),
    attendance: text('attendance').$type<Attendance>(),
    attendee: text('attendee').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.departmentId] }), index('meeting_invitations_department_idx').on(t.departmentId, t.meetingId)],
);


/** 议定事项 — a decision of a meeting: who does what by when, with the units' feedback. */
export const resolutions = pgTable(
  'resolutions',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').references(() => meetings.id),
    content: text('content').notNull(),
    leadDepartmentId: integer('lead_department_id')
      .notNull()
      .references(() => departments.id),
    deadline: text('deadline').notNull(),
    feedbackSchedule: text('feedback_schedule').$type<FeedbackSchedule>().notNull().default('once'),
    status: text('status').$type<ResolutionStatus>().notNull().default('pending'),
    awaitingConfirmation: boolean('awaiting_confirmation').notNull().default(false),
    hazardId: integer('hazard_id'),
    /** the agenda item it was decided on, when it came from one */
    agendaItemId: integer('agenda_item_id'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('resolutions_lead_idx').on(t.leadDepartmentId, t.deadline), index('resolutions_meeting_idx').on(t.meetingId)],
);

export const resolutionSupports = pgTable(
  'resolution_supports',
  {
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
  },
  (t) => [primaryKey({ columns: [t.resolutionId, t.departmentId] }), index('resolution_supports_department_idx').on(t.departmentId)],
);

/** The thread of a resolution: units' reports and the bureau's decisions, oldest first. */
export const resolutionNotes = pgTable(
  'resolution_notes',
  {
    id: serial('id').primaryKey(),
    resolutionId: integer('resolution_id')
      .notNull()
      .references(() => resolutions.id),
    action: text('action').$type<ResolutionNoteKind>().notNull(),
    departmentId: integer('department_id').references(() => departments.id),
    text: text('text').notNull().default(''),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('resolution_notes_resolution_idx').on(t.resolutionId, t.id)],
);


/** 督办单 — the bureau requires a unit to act on a hazard or a resolution by a date; the unit answers. */
export const supervisionOrders = pgTable(
  'supervision_orders',
  {
    id: serial('id').primaryKey(),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    hazardId: integer('hazard_id'),
    resolutionId: integer('resolution_id').references(() => resolutions.id),
    /** 浈教安督〔2026〕12号: given when the order is issued (orders from before numbering have none) */
    documentNumber: text('document_number'),
    requirements: text('requirements').notNull(),
    deadline: text('deadline').notNull(),
    status: text('status').$type<OrderStatus>().notNull().default('open'),
    reply: text('reply').notNull().default(''),
    repliedBy: text('replied_by').references(() => users.id),
    repliedAt: timestamp('replied_at', { withTimezone: true, mode: 'date' }),
    /** the bureau's check of the last answer: satisfied (closes it) or a follow-up (reopens it) */
    checkNote: text('check_note').notNull().default(''),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('supervision_orders_department_idx').on(t.departmentId, t.status), index('supervision_orders_hazard_idx').on(t.hazardId), uniqueIndex('supervision_orders_document_uq').on(t.documentNumber)],
);

/** A topic a member unit proposes for a meeting (会议提议). */
export const meetingTopics = pgTable(
  'meeting_topics',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    title: text('title').notNull(),
    text: text('text').notNull().default(''),
    status: text('status').$type<'proposed' | 'accepted' | 'declined'>().notNull().default('proposed'),
    proposedBy: text('proposed_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('meeting_topics_meeting_idx').on(t.meetingId)],
);


/** The meeting's agenda, proposed by the system and arranged by the supervisor. */
export const agendaItems = pgTable(
  'agenda_items',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    position: integer('position').notNull(),
    /** hazardVerification, majorHazard, overdueHazard, supervisionOrder, resolutionReview, topic, or other */
    kind: text('kind').$type<AgendaKind | 'other'>().notNull(),
    refId: integer('ref_id'),
    title: text('title').notNull(),
    reason: text('reason').$type<AgendaReason | ''>().notNull().default(''),
    note: text('note').notNull().default(''),
    /** what the meeting did with the item: '' (not reached), discussed, decided or deferred */
    outcome: text('outcome').$type<AgendaOutcome>().notNull().default(''),
  },
  (t) => [index('agenda_items_meeting_idx').on(t.meetingId, t.position)],
);

/** 会议纪要 — drafted from the meeting, edited, then issued with a document number and frozen. */
export const meetingMinutes = pgTable(
  'meeting_minutes',
  {
    meetingId: integer('meeting_id')
      .primaryKey()
      .references(() => meetings.id),
    body: text('body').notNull(),
    status: text('status').$type<'draft' | 'issued'>().notNull().default('draft'),
    documentNumber: text('document_number'),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }),
    issuedBy: text('issued_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('meeting_minutes_document_uq').on(t.documentNumber)],
);

/** A correction of issued minutes: always an addendum, never an edit. */
export const minutesAddenda = pgTable('minutes_addenda', {
  id: serial('id').primaryKey(),
  meetingId: integer('meeting_id')
    .notNull()
    .references(() => meetings.id),
  body: text('body').notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});


/**
 * A document attached to a proposed topic or to a unit's feedback on a resolution (PDF, Office files,
 * images). Stored like photos; ownerId stays null until the form that uploaded it is saved.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    ownerType: text('owner_type').$type<AttachmentOwner>(),
    ownerId: integer('owner_id'),
    fileName: text('file_name').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    uploadedBy: text('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('attachments_owner_idx').on(t.ownerType, t.ownerId),
    // A user's uploads not attached yet (the pending-upload quota) and the clean-up of old ones.
    index('attachments_pending_idx').on(t.uploadedBy).where(sql`${t.ownerId} IS NULL`),
  ],
);

/**
 * Every official document number ever given, of every kind (minutes, supervision orders …): numbers are
 * unique, and the next one of a kind and year follows the highest taken.
 */
export const documentNumbers = pgTable(
  'document_numbers',
  {
    number: text('number').primaryKey(),
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('document_numbers_kind_year_seq_uq').on(t.kind, t.year, t.seq)],
);
