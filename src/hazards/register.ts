import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { SessionUser } from '../auth/sessions.js';
import { HAZARD_SOURCES, hazardDepartments, hazards } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { cursorOf as readCursor, encodeCursor, isCursorOf, type CursorValue } from '../lib/keyset.js';
import { MAX_ID } from '../lib/form-fields.js';
import { addDays, isValidDate, shanghaiDate, startOfShanghaiDay } from '../lib/shanghai-time.js';
import { FINISHED_STATES, HAZARD_STATES } from './lifecycle.js';
import { searchPlan } from './search.js';
import { withNames, type RowNames } from './names.js';
import { visibleHazards } from '../policy.js';
import { isOneOf } from './vocabulary.js';
import { DEFAULT_VERIFY_OVERDUE_DAYS } from './settings.js';

export const REGISTER_PAGE_SIZE = 50;
/** The register counts its results up to this and then says "1,000+": one LIMIT 1001 subquery, never a full count. */
export const REGISTER_COUNT_CAP = 1000;
export const SORTS = ['found', 'deadline', 'level'] as const;
export type RegisterSort = (typeof SORTS)[number];

/** What the first value of a page cursor is, per sort (the second is the hazard's id). */
const CURSOR_KEY = { found: 'instant', deadline: 'date', level: 'rank' } as const;

// An id filter is an id or absent: 'abc', -1, 1.5 or a number beyond any id is refused (400), never
// passed on to the database.
const optionalInt = z.preprocess((v) => (v === '' || v === undefined ? undefined : typeof v === 'number' ? String(v) : v), z.string().regex(/^\d{1,10}$/).transform(Number).pipe(z.number().int().min(1).max(MAX_ID)).optional());
const optionalDate = z.preprocess((v) => (typeof v === 'string' && isValidDate(v) ? v : undefined), z.string().optional());
const flag = z.preprocess((v) => v === '1' || v === 'on' || v === 'true', z.boolean());

/**
 * The register's filters, read from the URL: an unknown choice (state, level …) is ignored; a malformed
 * id, date range or cursor is refused (400).
 */
export const registerFilterSchema = z.object({
  q: z.preprocess((v) => (typeof v === 'string' ? v.trim().slice(0, 100) : undefined), z.string().optional()),
  state: z.preprocess((v) => (isOneOf(HAZARD_STATES, v) ? v : undefined), z.enum(HAZARD_STATES).optional()),
  level: z.preprocess((v) => (['red', 'orange', 'yellow', 'blue'].includes(v as string) ? v : undefined), z.enum(['red', 'orange', 'yellow', 'blue']).optional()),
  grade: z.preprocess((v) => (v === 'ordinary' || v === 'major' ? v : undefined), z.enum(['ordinary', 'major']).optional()),
  category: optionalInt,
  town: optionalInt,
  school: optionalInt,
  department: optionalInt,
  source: z.preprocess((v) => (isOneOf(HAZARD_SOURCES, v) ? v : undefined), z.enum(HAZARD_SOURCES).optional()),
  overdue: flag,
  dueSoon: flag,
  listed: flag,
  /** not yet accepted, closed, dismissed or withdrawn */
  open: flag,
  /** waiting for the user's own unit to act (see waitingCondition) */
  waiting: flag,
  /** reported and not verified for longer than the configured number of days */
  verifyOverdue: flag,
  from: optionalDate,
  to: optionalDate,
  sort: z.preprocess((v) => (isOneOf(SORTS, v) ? v : 'found'), z.enum(SORTS)),
  after: z.string().max(200).optional(),
  before: z.string().max(200).optional(),
}).superRefine((f, ctx) => {
  // Checked here, so the CSV export (which pages by itself) refuses a forged cursor like the page does.
  for (const cursor of [f.after, f.before]) {
    if (cursor && !isCursorOf(cursor, [CURSOR_KEY[f.sort], 'id'])) ctx.addIssue({ code: 'custom', path: ['after'], message: 'error.badRequest' });
  }
});
export type RegisterFilter = z.infer<typeof registerFilterSchema> & {
  /** the configured days for verifyOverdue (from the settings, never from the URL); default 3 */
  verifyOverdueDays?: number;
};

const LEVEL_RANK = { red: 4, orange: 3, yellow: 2, blue: 1 } as const;
const deadlineKey = sql`coalesce(${hazards.deadline}, '9999-12-31'::date)`;
// Written into the SQL as literals (they are constants), so the planner can match the partial indexes.
const finishedList = sql.raw(FINISHED_STATES.map((s) => `'${s}'`).join(', '));

/** Hazards whose next step is the user's: the supervisor's checks, or the unit's (or the school's) rectification. */
export function waitingCondition(user: SessionUser): SQL {
  switch (user.role) {
    case 'supervisor':
      return sql`(${hazards.state} IN ('REPORTED', 'RECTIFIED', 'ACCEPTED') OR ${hazards.extensionRequestedTo} IS NOT NULL)`;
    case 'officer':
      // Only what needs the school's own action: its reports waiting for the bureau's check are not its work.
      return sql`(${hazards.assignedToSchool} AND ${hazards.state} IN ('ASSIGNED', 'IN_PROGRESS', 'CONTROLLED'))`;
    case 'department':
      return sql`(${hazards.leadDepartmentId} = ${user.departmentId ?? -1} AND ${hazards.state} IN ('ASSIGNED', 'IN_PROGRESS', 'CONTROLLED'))`;
    default:
      return sql`false`;
  }
}

/** The WHERE of the register for a filter (without the page cursor). */
export function filterConditions(user: SessionUser, f: RegisterFilter, now: Date): SQL[] {
  const today = shanghaiDate(now);
  const c: (SQL | undefined)[] = [visibleHazards(user)];
  if (f.state) c.push(eq(hazards.state, f.state));
  if (f.level) c.push(eq(hazards.levelRank, LEVEL_RANK[f.level]));
  if (f.grade) c.push(eq(hazards.grade, f.grade));
  if (f.category) c.push(eq(hazards.categoryId, f.category));
  if (f.town) c.push(eq(hazards.townId, f.town));
  if (f.school) c.push(eq(hazards.schoolId, f.school));
  if (f.department) {
    c.push(sql`${hazards.id} IN (SELECT ${hazardDepartments.hazardId} FROM ${hazardDepartments} WHERE ${hazardDepartments.departmentId} = ${f.department})`);
  }
  if (f.source) c.push(eq(hazards.source, f.source));
  if (f.listed) c.push(sql`${hazards.listed}`);
  if (f.open) c.push(sql`${hazards.state} NOT IN (${finishedList})`);
  if (f.waiting) c.push(waitingCondition(user));
  if (f.verifyOverdue) {
    const days = f.verifyOverdueDays ?? DEFAULT_VERIFY_OVERDUE_DAYS;
    // As an ISO string: postgres.js sends a raw Date parameter only where drizzle knows the column's type.
    c.push(sql`${hazards.state} = 'REPORTED' AND ${hazards.reportedAt} < ${new Date(now.getTime() - days * 86_400_000).toISOString()}::timestamptz`);
  }
  if (f.overdue || f.dueSoon) c.push(sql`${hazards.state} NOT IN (${finishedList}) AND ${hazards.deadline} IS NOT NULL`);
  // Written on the deadline sort key, so the open-work index answers them as a range.
  if (f.overdue) c.push(sql`${deadlineKey} < ${today}::date`);
  if (f.dueSoon) c.push(sql`${deadlineKey} BETWEEN ${today}::date AND ${addDays(today, 7)}::date`);
  if (f.from) c.push(gte(hazards.foundAt, startOfShanghaiDay(f.from)));
  if (f.to) c.push(lt(hazards.foundAt, startOfShanghaiDay(addDays(f.to, 1))));
  if (f.q) {
    const { tokens, patterns } = searchPlan(f.q);
    if (tokens.length === 0 && patterns.length === 0) c.push(sql`false`);
    if (tokens.length > 0) c.push(sql`${hazards.searchTokens} @> ARRAY[${sql.join(tokens.map((t) => sql`${t}`), sql`, `)}]::text[]`);
    // The patterns are lower case (searchWords), like the stored search text.
    for (const pattern of patterns) c.push(sql`${hazards.searchText} LIKE ${pattern}`);
  }
  return c.filter((x): x is SQL => x !== undefined);
}

/** Sort key expression, its direction, and the row's cursor values. */
function ordering(sort: RegisterSort) {
  switch (sort) {
    case 'deadline':
      return { key: deadlineKey, ascending: true, cursorOf: (r: RegisterRow) => [r.deadline ?? '9999-12-31', r.id] as CursorValue[] };
    case 'level':
      return { key: sql`${hazards.levelRank}`, ascending: false, cursorOf: (r: RegisterRow) => [r.levelRank, r.id] as CursorValue[] };
    case 'found':
      return { key: sql`${hazards.foundAt}`, ascending: false, cursorOf: (r: RegisterRow) => [r.foundAt.toISOString(), r.id] as CursorValue[] };
  }
}

export type RegisterRow = Awaited<ReturnType<typeof selectRows>>[number] & RowNames;

function selectRows(db: Executor, where: SQL | undefined, orderBy: SQL[], limit: number) {
  return db
    .select({
      id: hazards.id,
      number: hazards.number,
      state: hazards.state,
      subjectType: hazards.subjectType,
      location: hazards.location,
      description: hazards.description,
      grade: hazards.grade,
      riskLevel: hazards.riskLevel,
      levelRank: hazards.levelRank,
      deadline: hazards.deadline,
      foundAt: hazards.foundAt,
      listed: hazards.listed,
      source: hazards.source,
      assignedToSchool: hazards.assignedToSchool,
      // The names are looked up in memory afterwards (names.ts): per-row subqueries were half the
      // database time of a page.
      schoolId: hazards.schoolId,
      institutionId: hazards.institutionId,
      townId: hazards.townId,
      categoryId: hazards.categoryId,
      leadDepartmentId: hazards.leadDepartmentId,
    })
    .from(hazards)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit);
}

export interface RegisterPage {
  rows: RegisterRow[];
  next: string | null;
  prev: string | null;
}

/** The register query of one page (not yet run): EXPLAIN-able by the query-plan test. */
export function registerQuery(db: Executor, user: SessionUser, f: RegisterFilter, now: Date, limit = REGISTER_PAGE_SIZE) {
  const { key, ascending } = ordering(f.sort);
  const backward = Boolean(f.before);
  const cursor = readCursor(backward ? f.before : f.after, [CURSOR_KEY[f.sort], 'id']);
  const conditions = filterConditions(user, f, now);
  if (cursor) {
    const [k, id] = cursor;
    const value = f.sort === 'found' ? sql`${k}::timestamptz` : f.sort === 'deadline' ? sql`${k}::date` : sql`${k}::smallint`;
    // Moving forward in an ascending order (or backward in a descending one) looks for larger keys.
    const greater = ascending !== backward;
    conditions.push(greater ? sql`(${key}, ${hazards.id}) > (${value}, ${id})` : sql`(${key}, ${hazards.id}) < (${value}, ${id})`);
  }
  const desc = backward ? ascending : !ascending;
  const orderBy = desc ? [sql`${key} DESC`, sql`${hazards.id} DESC`] : [sql`${key} ASC`, sql`${hazards.id} ASC`];
  return { query: selectRows(db, conditions.length ? and(...conditions) : undefined, orderBy, limit + 1), backward, cursor };
}

/** One page of the register: filtered, scoped, sorted, keyset-paginated (forward with `after`, back with `before`). */
export async function registerPage(db: Executor, user: SessionUser, f: RegisterFilter, now: Date, limit = REGISTER_PAGE_SIZE): Promise<RegisterPage> {
  const { cursorOf } = ordering(f.sort);
  const { query, backward, cursor } = registerQuery(db, user, f, now, limit);
  const fetched = await query;
  const more = fetched.length > limit;
  const rows = await withNames(db, fetched.slice(0, limit));
  if (backward) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const hasNext = backward ? true : more;
  const hasPrev = backward ? more : cursor !== null;
  return {
    rows,
    next: hasNext && last ? encodeCursor(cursorOf(last)) : null,
    prev: hasPrev && first ? encodeCursor(cursorOf(first)) : null,
  };
}

/** Every row of a filter, page by page (for the CSV export), up to `max` rows. */
export async function* registerRows(db: Executor, user: SessionUser, f: RegisterFilter, now: Date, max = 100_000): AsyncGenerator<RegisterRow> {
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const page = await registerPage(db, user, { ...f, after, before: undefined }, now, 1000);
    for (const row of page.rows) {
      if (count++ >= max) return;
      yield row;
    }
    if (!page.next) return;
    after = page.next;
  }
}



/** How many hazards match, counted up to `cap` (a home-page badge never needs to count a million rows). */
export async function registerCount(db: Executor, user: SessionUser, f: RegisterFilter, now: Date, cap = 999): Promise<number> {
  const [row] = await registerCountQuery(db, user, f, now, cap);
  return row?.n ?? 0;
}

export function registerCountQuery(db: Executor, user: SessionUser, f: RegisterFilter, now: Date, cap = 999) {
  const conditions = filterConditions(user, f, now);
  // A deadline range (overdue, due soon) is counted along the open-work deadline index, where the
  // matching rows are one range. Left to itself the planner scans: it cannot see that an open hazard
  // with a past deadline is rare (state and deadline are correlated).
  const byDeadline = f.overdue || f.dueSoon;
  const inner = db
    .select({ one: sql`1` })
    .from(hazards)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...(byDeadline ? [sql`${deadlineKey} ASC`, sql`${hazards.id} ASC`] : []))
    .limit(cap + 1)
    .as('matching');
  return db.select({ n: sql<number>`count(*)::int` }).from(inner);
}

/** A filter from a partial one (the defaults of everything else). */
export function presetFilter(preset: Partial<RegisterFilter>): RegisterFilter {
  const flags = ['overdue', 'dueSoon', 'listed', 'open', 'waiting', 'verifyOverdue'] as const;
  const parsed = registerFilterSchema.parse({ ...preset, ...Object.fromEntries(flags.map((k) => [k, preset[k] ? '1' : ''])) });
  return { ...parsed, verifyOverdueDays: preset.verifyOverdueDays };
}
