import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments, schools } from './org.js';

import type { Locale, Role } from '../../auth/roles.js';

// The words are the domain's (src/auth/roles.ts); re-exported for the code that still reads them here.
export { LOCALES, ROLES, type Locale, type Role } from '../../auth/roles.js';

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').$type<Role>().notNull(),
    /** Home unit: the school of a safety officer, the department of a department member. */
    schoolId: integer('school_id').references(() => schools.id),
    departmentId: integer('department_id').references(() => departments.id),
    phone: text('phone').notNull().default(''),
    locale: text('locale').$type<Locale>().notNull().default('zh-CN'),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    /** Created by the demo seed; while any exist, every page shows the demo banner. */
    isDemo: boolean('is_demo').notNull().default(false),
    /** SHA-256 of the secret in the user's private calendar-feed URL (null: no feed) */
    calendarTokenHash: text('calendar_token_hash'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_school_idx').on(t.schoolId),
    index('users_department_idx').on(t.departmentId),
    index('users_demo_idx').on(t.isDemo).where(sql`${t.isDemo}`),
    uniqueIndex('users_calendar_token_uq').on(t.calendarTokenHash),
    check(
      'users_home_unit_ck',
      sql`(${t.role} <> 'officer' OR ${t.schoolId} IS NOT NULL) AND (${t.role} <> 'department' OR ${t.departmentId} IS NOT NULL)`,
    ),
  ],
);

/** Kept apart from users so the session lookup (which reads the whole user row) never reads hashes. */
export const userPasswords = pgTable('user_passwords', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  hash: text('hash').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Lucia sessions. `id` is the SHA-256 of the cookie's token, so a database reader cannot hijack a session. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** For the absolute lifetime: a session is never extended past createdAt + the absolute limit. */
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /**
     * What the sign-in still waits for (null: nothing, a full session). 'secondFactor': the password was
     * right, the authenticator code is next (the session reaches only that page). 'enrolment': the role
     * requires two-factor sign-in and the user has none yet (the session reaches only the enrolment page).
     */
    awaiting: text('awaiting').$type<SessionAwaiting>(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const SESSION_AWAITING = ['secondFactor', 'enrolment'] as const;
export type SessionAwaiting = (typeof SESSION_AWAITING)[number];

/**
 * A user's authenticator (TOTP, RFC 6238). The secret must be readable to check a code, so it is kept
 * apart from users (the session lookup never reads it), like the password hash. `enabledAt` null: the
 * enrolment was started but not yet confirmed with a code. `lastStep`: the time step of the last code
 * accepted, so a code cannot be used twice.
 */
export const userTwoFactor = pgTable('user_two_factor', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  secret: text('secret').notNull(),
  enabledAt: timestamp('enabled_at', { withTimezone: true, mode: 'date' }),
  lastStep: bigint('last_step', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** One-time recovery codes: only their SHA-256 is stored; a used code keeps its row with usedAt set. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: serial('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** Failed sign-in counters per account name and per client IP (key 'user:<name>' or 'ip:<addr>'). */
export const loginThrottles = pgTable('login_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true, mode: 'date' }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
});
