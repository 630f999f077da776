/**
 * The risk points a joint meeting should assess (研判), for the agenda proposal: red and orange points
 * due or overdue for review, and points whose level rose since the last held meeting (decision 0085;
 * with no meeting held yet, within the last RISE_FALLBACK_MONTHS). Scoped by the policy like the list.
 */
import { and, desc, eq, gte, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { meetings, riskAssessments, riskPoints, schools } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { addDays, addMonths, shanghaiDate, startOfShanghaiDay } from '../lib/shanghai-time.js';
import { visibleRisks } from '../policy.js';
import { LEVEL_RANK, REVIEW_DUE_SOON_DAYS } from './rules.js';

/** Without a held meeting to count from, a rise counts for one orange review cycle. */
export const RISE_FALLBACK_MONTHS = 3;

/** Since when a rise counts: the close of the last meeting held before `now`, else RISE_FALLBACK_MONTHS back. */
export async function riseSince(db: Executor, now: Date): Promise<Date> {
  const [last] = await db
    .select({ closedAt: meetings.closedAt })
    .from(meetings)
    .where(and(isNotNull(meetings.closedAt), lt(meetings.closedAt, now)))
    .orderBy(desc(meetings.closedAt))
    .limit(1);
  return last?.closedAt ?? startOfShanghaiDay(addMonths(shanghaiDate(now), -RISE_FALLBACK_MONTHS));
}

export async function risksForAgenda(db: Executor, user: SessionUser, now: Date) {
  const dueBy = addDays(shanghaiDate(now), REVIEW_DUE_SOON_DAYS);
  const since = await riseSince(db, now);
  const rows = await db
    .select({ id: riskPoints.id, name: riskPoints.name, schoolName: schools.name, level: riskPoints.level, nextReviewOn: riskPoints.nextReviewOn, assessedAt: riskPoints.assessedAt, count: riskPoints.assessmentCount })
    .from(riskPoints)
    .innerJoin(schools, eq(schools.id, riskPoints.schoolId))
    .where(
      and(
        visibleRisks(user),
        eq(riskPoints.retired, false),
        or(and(gte(riskPoints.levelRank, LEVEL_RANK.orange), sql`${riskPoints.nextReviewOn} <= ${dueBy}`), and(sql`${riskPoints.assessmentCount} > 1`, gte(riskPoints.assessedAt, since))),
      ),
    )
    .orderBy(desc(riskPoints.levelRank), riskPoints.nextReviewOn)
    .limit(60);
  // The level before the latest assessment, for the points re-assessed since then.
  const recent = rows.filter((r) => r.count > 1 && r.assessedAt >= since);
  const before = recent.length
    ? await db
        .select({ id: riskAssessments.riskPointId, seq: riskAssessments.seq, level: riskAssessments.level })
        .from(riskAssessments)
        .where(inArray(riskAssessments.riskPointId, recent.map((r) => r.id)))
    : [];
  return rows.map((r) => {
    const previous = before.find((b) => b.id === r.id && b.seq === r.count - 1);
    return {
      id: r.id,
      name: r.name,
      schoolName: r.schoolName,
      level: r.level,
      nextReviewOn: r.nextReviewOn,
      reviewDue: r.nextReviewOn <= dueBy,
      rose: previous !== undefined && r.assessedAt >= since && LEVEL_RANK[r.level] > LEVEL_RANK[previous.level],
    };
  });
}
