import { and, desc, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { events, users } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { cursorOf, encodeCursor, type Page } from '../lib/keyset.js';
import { addDays, isValidDate, startOfShanghaiDay } from '../lib/shanghai-time.js';
import { isOneOf } from '../hazards/vocabulary.js';

/**
 * The administrator's security log: the account and request events of the one history table
 * (`events`, append-only). Nothing is logged twice: sign-ins, failures, lock-outs and 2FA changes are
 * written by src/auth, refused requests (403 to a signed-in user) by the app's error handler, account
 * changes by src/admin — each in the same transaction as the change where there is one.
 */
export const SECURITY_KINDS = {
  signIns: ['signedIn'],
  failures: ['signInFailed'],
  lockOuts: ['lockedOut'],
  refused: ['forbidden'],
  accounts: ['created', 'roleChanged', 'passwordChanged', 'passwordReset', 'deactivated', 'activated', 'signedOutEverywhere'],
  twoFactor: ['twoFactorEnabled', 'twoFactorDisabled', 'twoFactorReset', 'recoveryCodesRenewed', 'recoveryCodeUsed'],
} as const;
export type SecurityKind = keyof typeof SECURITY_KINDS;
export const SECURITY_KIND_NAMES = Object.keys(SECURITY_KINDS) as SecurityKind[];
const ALL_ACTIONS: string[] = Object.values(SECURITY_KINDS).flat();

export const SECURITY_LOG_PAGE_SIZE = 50;

const optionalDate = z.preprocess((v) => (typeof v === 'string' && isValidDate(v) ? v : undefined), z.string().optional());

/** The filters, from the URL: an unknown kind or date is ignored; a malformed address or cursor is a 400. */
export const securityLogFilterSchema = z.object({
  kind: z.preprocess((v) => (isOneOf(SECURITY_KIND_NAMES, v) ? v : undefined), z.enum(SECURITY_KIND_NAMES as [SecurityKind, ...SecurityKind[]]).optional()),
  account: z.preprocess((v) => (typeof v === 'string' ? v.trim().slice(0, 100) : undefined), z.string().optional()),
  ip: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().max(64).regex(/^[0-9A-Fa-f:.]+$/).optional()),
  from: optionalDate,
  to: optionalDate,
  after: z.string().max(100).optional(),
  before: z.string().max(100).optional(),
});
export type SecurityLogFilter = z.infer<typeof securityLogFilterSchema>;

export interface SecurityEvent {
  id: number;
  occurredAt: Date;
  action: string;
  entityType: string;
  /** the account the event is about: its username, or the name typed at a failed sign-in */
  account: string | null;
  /** who did it, when it was someone else (an administrator) */
  actor: string | null;
  ip: string | null;
  data: Record<string, unknown>;
}

const subject = alias(users, 'subject');
const actor = alias(users, 'actor');

/** One page of the log, newest first (keyset on the event id: `after` older, `before` newer). */
export async function securityLog(db: Executor, f: SecurityLogFilter): Promise<Page<SecurityEvent>> {
  const [user] = f.account ? await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${f.account})`) : [];
  const { query, backward, cursor } = securityLogQuery(db, f, user?.id ?? null);
  const fetched = await query;
  return toPage(fetched, backward, cursor !== null);
}

/** The query of one page (not yet run; EXPLAIN-able). `accountUserId`: the id of the account filtered on, if it exists. */
export function securityLogQuery(db: Executor, f: SecurityLogFilter, accountUserId: string | null) {
  // Written as the partial index events_security_idx is, so the planner reads that index newest first.
  const conditions: SQL[] = [sql`${events.entityType} IN ('user', 'account', 'request')`, inArray(events.action, f.kind ? [...SECURITY_KINDS[f.kind]] : ALL_ACTIONS)];
  if (f.account) {
    const byName = and(eq(events.entityType, 'account'), eq(events.entityId, f.account.toLowerCase()))!;
    conditions.push(
      accountUserId
        ? sql`(${and(eq(events.entityType, 'user'), eq(events.entityId, accountUserId))} OR ${byName} OR (${events.entityType} = 'request' AND ${events.actorId} = ${accountUserId}))`
        : byName,
    );
  }
  if (f.ip) conditions.push(eq(events.ip, f.ip));
  if (f.from) conditions.push(gte(events.occurredAt, startOfShanghaiDay(f.from)));
  if (f.to) conditions.push(lt(events.occurredAt, startOfShanghaiDay(addDays(f.to, 1))));
  const backward = Boolean(f.before);
  const cursor = cursorOf(backward ? f.before : f.after, ['id']);
  if (cursor) conditions.push(backward ? sql`${events.id} > ${cursor[0]}` : sql`${events.id} < ${cursor[0]}`);
  const query = db
    .select({
      id: events.id,
      occurredAt: events.occurredAt,
      action: events.action,
      entityType: events.entityType,
      entityId: events.entityId,
      subject: subject.username,
      actor: actor.username,
      actorId: events.actorId,
      ip: events.ip,
      data: events.data,
    })
    .from(events)
    .leftJoin(subject, and(eq(events.entityType, 'user'), eq(subject.id, events.entityId)))
    .leftJoin(actor, eq(actor.id, events.actorId))
    .where(and(...conditions))
    .orderBy(backward ? asc(events.id) : desc(events.id))
    .limit(SECURITY_LOG_PAGE_SIZE + 1);
  return { query, backward, cursor };
}

type FetchedRow = Awaited<ReturnType<typeof securityLogQuery>['query']>[number];

function toPage(fetched: FetchedRow[], backward: boolean, hadCursor: boolean): Page<SecurityEvent> {
  const more = fetched.length > SECURITY_LOG_PAGE_SIZE;
  const rows = fetched.slice(0, SECURITY_LOG_PAGE_SIZE);
  if (backward) rows.reverse();
  const list: SecurityEvent[] = rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurredAt,
    action: r.action,
    entityType: r.entityType,
    account: r.entityType === 'user' ? r.subject : r.entityType === 'account' ? r.entityId : r.actor,
    actor: r.actorId && r.entityType === 'user' && r.actorId !== r.entityId ? r.actor : null,
    ip: r.ip,
    data: r.data,
  }));
  const first = list[0];
  const last = list[list.length - 1];
  const hasOlder = backward ? true : more;
  const hasNewer = backward ? more : hadCursor;
  return {
    rows: list,
    next: hasOlder && last ? encodeCursor([last.id]) : null,
    prev: hasNewer && first ? encodeCursor([first.id]) : null,
  };
}
