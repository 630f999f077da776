import { and, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { hazards, notificationReads, notifications } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { preparedFor } from '../db/prepared.js';
import { addDays, shanghaiDate } from '../lib/shanghai-time.js';
import { FINISHED_STATES } from '../hazards/lifecycle.js';

export type Recipient = { userId: string } | { departmentId: number } | { schoolId: number } | { role: 'supervisor' };

export const NOTIFICATION_KINDS = [
  'hazardReported',
  'hazardAssigned',
  'hazardSupport',
  'hazardRejected',
  'hazardRectified',
  'extensionRequested',
  'controlRequested',
  'extensionGranted',
  'extensionRefused',
  'deadlineSoon',
  'deadlineMissed',
  'resolutionAssigned',
  'resolutionReported',
  'resolutionSentBack',
  'orderIssued',
  'orderAnswered',
  'orderFollowUp',
  'agendaPublished',
  'topicProposed',
  'meetingCancelled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Puts a notice in a unit's (or a person's, or all supervisors') inbox, in the caller's transaction. */
export async function notify(
  tx: Executor,
  recipient: Recipient,
  notice: { kind: NotificationKind; hazardId?: number; params?: Record<string, string | number>; dedupeKey?: string; link?: string },
): Promise<void> {
  await tx
    .insert(notifications)
    .values({
      ...recipient,
      kind: notice.kind,
      hazardId: notice.hazardId ?? null,
      params: notice.params ?? {},
      link: notice.link ?? (notice.hazardId ? `/hazards/${notice.hazardId}` : ''),
      dedupeKey: notice.dedupeKey ?? null,
    })
    .onConflictDoNothing();
}

/** The notices addressed to this user: to them, their unit, or their role. */
function addressedTo(user: SessionUser): SQL {
  const conditions: SQL[] = [eq(notifications.userId, user.id)];
  if (user.role === 'department' && user.departmentId) conditions.push(eq(notifications.departmentId, user.departmentId));
  if (user.role === 'officer' && user.schoolId) conditions.push(eq(notifications.schoolId, user.schoolId));
  if (user.role === 'supervisor') conditions.push(eq(notifications.role, 'supervisor'));
  return or(...conditions)!;
}

/**
 * The unread count in the navigation of every page: one prepared statement per database for every
 * role (a unit or role that does not apply is a NULL, which matches nothing), the same notices as
 * addressedTo.
 */
const unreadQuery = preparedFor((db: Db) =>
  db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .leftJoin(notificationReads, and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.userId, sql.placeholder('user'))))
    .where(
      and(
        or(
          eq(notifications.userId, sql.placeholder('user')),
          eq(notifications.departmentId, sql.placeholder('department')),
          eq(notifications.schoolId, sql.placeholder('school')),
          eq(notifications.role, sql.placeholder('role')),
        ),
        isNull(notificationReads.userId),
      ),
    )
    .prepare('unread_count'),
);

export async function unreadCount(db: Db, user: SessionUser): Promise<number> {
  const [row] = await unreadQuery(db).execute({
    user: user.id,
    department: user.role === 'department' ? user.departmentId : null,
    school: user.role === 'officer' ? user.schoolId : null,
    role: user.role === 'supervisor' ? 'supervisor' : null,
  });
  return row?.n ?? 0;
}

export async function listInbox(db: Executor, user: SessionUser, beforeId?: number) {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      params: notifications.params,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notificationReads.readAt,
    })
    .from(notifications)
    .leftJoin(notificationReads, and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.userId, user.id)))
    .where(and(addressedTo(user), beforeId ? lt(notifications.id, beforeId) : undefined))
    .orderBy(desc(notifications.id))
    .limit(51);
  return { rows: rows.slice(0, 50), more: rows.length > 50 };
}

export async function markRead(db: Executor, user: SessionUser, id: number): Promise<boolean> {
  const [notice] = await db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.id, id), addressedTo(user)));
  if (!notice) return false;
  await db.insert(notificationReads).values({ notificationId: id, userId: user.id }).onConflictDoNothing();
  return true;
}

export async function markAllRead(db: Executor, user: SessionUser): Promise<void> {
  await db.execute(sql`
    INSERT INTO notification_reads (notification_id, user_id)
    SELECT ${notifications.id}, ${user.id} FROM ${notifications}
    WHERE ${addressedTo(user)}
    ON CONFLICT DO NOTHING`);
}

/** Open hazards with a deadline on or before `until`, with the unit that rectifies each. */
function dueHazards(db: Executor, until: string, unit?: SQL) {
  return db
    .select({ id: hazards.id, number: hazards.number, deadline: hazards.deadline, leadDepartmentId: hazards.leadDepartmentId, schoolId: hazards.schoolId, assignedToSchool: hazards.assignedToSchool })
    .from(hazards)
    .where(
      and(
        unit,
        sql`${hazards.state} NOT IN (${sql.raw(FINISHED_STATES.map((s) => `'${s}'`).join(', '))})`,
        sql`coalesce(${hazards.deadline}, '9999-12-31'::date) <= ${until}::date`,
      ),
    )
    .limit(5000);
}

/** One "due soon" (within 3 days) or "deadline passed" notice per hazard and deadline, to the rectifying unit. */
async function remind(db: Executor, due: Awaited<ReturnType<typeof dueHazards>>, today: string): Promise<number> {
  let sent = 0;
  for (const h of due) {
    const recipient: Recipient | null = h.assignedToSchool && h.schoolId ? { schoolId: h.schoolId } : h.leadDepartmentId ? { departmentId: h.leadDepartmentId } : null;
    if (!recipient || !h.deadline) continue;
    const kind: NotificationKind = h.deadline < today ? 'deadlineMissed' : 'deadlineSoon';
    await notify(db, recipient, { kind, hazardId: h.id, params: { number: h.number, deadline: h.deadline }, dedupeKey: `${kind}:${h.id}:${h.deadline}` });
    sent++;
  }
  return sent;
}

/**
 * Deadline reminders for every unit: run by the scheduled job (hourly on Node, a cron trigger on
 * Workers). Notices are de-duplicated, so running it again sends nothing new.
 */
export async function sendDeadlineReminders(db: Executor, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  return remind(db, await dueHazards(db, addDays(today, 3)), today);
}

/** The same for one unit, when it opens its home page or inbox (so nobody depends on the job having run). */
export async function ensureDeadlineReminders(db: Executor, user: SessionUser, now: Date): Promise<void> {
  if (user.role !== 'department' && user.role !== 'officer') return;
  const today = shanghaiDate(now);
  const unit =
    user.role === 'department'
      ? and(eq(hazards.leadDepartmentId, user.departmentId ?? -1), eq(hazards.assignedToSchool, false))
      : and(eq(hazards.schoolId, user.schoolId ?? -1), eq(hazards.assignedToSchool, true));
  await remind(db, await dueHazards(db, addDays(today, 3), unit), today);
}

