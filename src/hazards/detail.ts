import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { unitShortName } from '../admin/unit-names.js';
import { alias } from 'drizzle-orm/pg-core';
import type { SessionUser } from '../auth/sessions.js';
import { departments, events, hazardDeadlineChanges, hazardDepartments, hazards, hazardUpdates, users } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import { preparedFor } from '../db/prepared.js';
import { canViewHazard, HAZARD_ACTION_PATHS, mayActOnHazard, mayIssueOrderAbout, mayReportRecurrence, maySeeDuplicates, type HazardActionPath } from '../policy.js';
import { photosOfHazard } from '../photos/service.js';
import { factsOf, loadHazard, planComplete, scopeOf, type HazardRow } from './data.js';
import { findPossibleDuplicates } from './duplicates.js';
import { hazardNames } from './names.js';
import { isDueSoon, isOverdue, overdueDays } from './deadlines.js';
import { shanghaiDate } from '../lib/shanghai-time.js';
import { decide, type HazardAction } from './lifecycle.js';

/** Which state-machine action each route performs ('support' is checked by its own rule). */
export const PATH_ACTION: Record<HazardActionPath, HazardAction | null> = {
  withdraw: 'withdraw',
  dismiss: 'dismiss',
  verify: 'verify',
  'fix-on-spot': 'fixOnSpot',
  assign: 'assign',
  plan: 'updatePlan',
  start: 'startRectification',
  progress: 'recordProgress',
  support: null,
  control: 'control',
  resume: 'resume',
  extension: 'requestExtension',
  'extension-decision': 'decideExtension',
  complete: 'submitCompletion',
  accept: 'accept',
  reject: 'reject',
  close: 'close',
  list: 'list',
  unlist: 'unlist',
  'link-duplicate': 'dismiss',
};

/** The actions this user can take on this hazard now: allowed by policy and by the state machine. */
export function actionsFor(user: SessionUser, hazard: HazardRow, scope: ReturnType<typeof scopeOf>): HazardActionPath[] {
  const facts = factsOf(hazard);
  return HAZARD_ACTION_PATHS.filter((path) => {
    if (!mayActOnHazard(user, scope, path)) return false;
    const action = PATH_ACTION[path];
    if (action === null) return ['ASSIGNED', 'IN_PROGRESS', 'CONTROLLED'].includes(hazard.state);
    // Only refusals caused by the state or stored facts hide a button; missing input is the form's job.
    const decision = decide(facts, action, { actorId: user.id, reason: 'x', grade: hazard.grade ?? 'ordinary', hasEvidence: true, interimMeasures: 'x', newTargetDate: '2999-01-01' });
    return decision.ok;
  });
}

const actor = alias(users, 'actor');
const requester = alias(users, 'requester');
const decider = alias(users, 'decider');

export interface TimelineEntry {
  id: number;
  at: Date;
  action: string;
  actorName: string | null;
  data: Record<string, unknown>;
}

const reporterOf = preparedFor((db: Executor) => db.select({ name: users.displayName }).from(users).where(eq(users.id, sql.placeholder('id'))).prepare('user_name'));

const unitsOf = preparedFor((db: Executor) =>
  db
    .select({ departmentId: hazardDepartments.departmentId, role: hazardDepartments.role, task: hazardDepartments.task, report: hazardDepartments.report, name: departments.name, shortName: unitShortName, nameEn: departments.nameEn })
    .from(hazardDepartments)
    .innerJoin(departments, eq(departments.id, hazardDepartments.departmentId))
    .where(eq(hazardDepartments.hazardId, sql.placeholder('id')))
    .orderBy(asc(hazardDepartments.role), asc(departments.id))
    .prepare('hazard_units'),
);

const updatesOf = preparedFor((db: Executor) =>
  db
    .select({ id: hazardUpdates.id, kind: hazardUpdates.kind, text: hazardUpdates.text, createdAt: hazardUpdates.createdAt, authorName: users.displayName, departmentName: unitShortName })
    .from(hazardUpdates)
    .innerJoin(users, eq(users.id, hazardUpdates.authorId))
    .leftJoin(departments, eq(departments.id, hazardUpdates.departmentId))
    .where(eq(hazardUpdates.hazardId, sql.placeholder('id')))
    .orderBy(asc(hazardUpdates.id))
    .prepare('hazard_updates'),
);

const timelineOf = preparedFor((db: Executor) =>
  db
    .select({ id: events.id, at: events.occurredAt, action: events.action, actorName: actor.displayName, data: events.data })
    .from(events)
    .leftJoin(actor, eq(actor.id, events.actorId))
    .where(and(eq(events.entityType, 'hazard'), eq(events.entityId, sql.placeholder('id'))))
    .orderBy(asc(events.id))
    .prepare('hazard_timeline'),
);

/** Every request to move the deadline and its answer, oldest first, with the people's names. */
const deadlineChangesOf = preparedFor((db: Executor) =>
  db
    .select({
      id: hazardDeadlineChanges.id,
      kind: hazardDeadlineChanges.kind,
      fromDate: hazardDeadlineChanges.fromDate,
      toDate: hazardDeadlineChanges.toDate,
      reason: hazardDeadlineChanges.reason,
      requestedAt: hazardDeadlineChanges.requestedAt,
      requestedBy: requester.displayName,
      status: hazardDeadlineChanges.status,
      decidedAt: hazardDeadlineChanges.decidedAt,
      decidedBy: decider.displayName,
      decisionNote: hazardDeadlineChanges.decisionNote,
    })
    .from(hazardDeadlineChanges)
    .innerJoin(requester, eq(requester.id, hazardDeadlineChanges.requestedBy))
    .leftJoin(decider, eq(decider.id, hazardDeadlineChanges.decidedBy))
    .where(eq(hazardDeadlineChanges.hazardId, sql.placeholder('id')))
    .orderBy(asc(hazardDeadlineChanges.id))
    .prepare('hazard_deadline_changes'),
);

export type DeadlineChangeEntry = Awaited<ReturnType<ReturnType<typeof deadlineChangesOf>['execute']>>[number];

/** Everything the hazard page shows, or null when the hazard does not exist or the user may not see it. */
export async function hazardDetail(db: Executor, user: SessionUser, id: number, now: Date) {
  const loaded = await loadHazard(db, id);
  if (!loaded) return null;
  const { hazard } = loaded;
  const scope = scopeOf(hazard, loaded.departments);
  if (!canViewHazard(user, scope)) return null;

  // Everything else at once: each is a query prepared once (see src/db/prepared.ts).
  const [names, [reporter], units, updates, timeline, photos, deadlineChanges] = await Promise.all([
    hazardNames(db, hazard),
    reporterOf(db).execute({ id: hazard.reportedBy }),
    unitsOf(db).execute({ id }),
    updatesOf(db).execute({ id }),
    timelineOf(db).execute({ id: String(id) }) as Promise<TimelineEntry[]>,
    photosOfHazard(db, id),
    deadlineChangesOf(db).execute({ id }),
  ]);
  const duplicates = hazard.state === 'REPORTED' && maySeeDuplicates(user) ? await possibleDuplicates(db, hazard) : [];
  const related = hazard.recurrenceOfId
    ? await db.select({ id: hazards.id, number: hazards.number }).from(hazards).where(eq(hazards.id, hazard.recurrenceOfId))
    : [];

  return {
    hazard,
    names: { ...names, reporterName: reporter?.name ?? '' },
    units,
    updates,
    timeline,
    photos,
    deadlineChanges,
    duplicates,
    recurrenceOf: related[0] ?? null,
    actions: actionsFor(user, hazard, scope),
    can: { issueOrder: mayIssueOrderAbout(user, hazard.state), reportRecurrence: mayReportRecurrence(user, scope, hazard.state) },
    planComplete: planComplete(hazard),
    overdue: isOverdue(hazard.deadline, hazard.state, now),
    dueSoon: isDueSoon(hazard.deadline, hazard.state, now),
    overdueDays: hazard.deadline ? overdueDays(hazard.deadline, now) : 0,
    /** today in Shanghai: the listing form's default date */
    today: shanghaiDate(now),
  };
}

export type HazardDetail = NonNullable<Awaited<ReturnType<typeof hazardDetail>>>;

/** Open hazards of the same school and category with a similar location. */
async function possibleDuplicates(db: Executor, hazard: HazardRow) {
  if (!hazard.schoolId) return [];
  const candidates = await db
    .select({ id: hazards.id, number: hazards.number, schoolId: hazards.schoolId, categoryId: hazards.categoryId, location: hazards.location, state: hazards.state })
    .from(hazards)
    .where(
      and(
        eq(hazards.schoolId, hazard.schoolId),
        eq(hazards.categoryId, hazard.categoryId),
        ne(hazards.id, hazard.id),
        inArray(hazards.state, ['REPORTED', 'VERIFIED', 'ASSIGNED', 'IN_PROGRESS', 'CONTROLLED', 'RECTIFIED', 'ACCEPTED']),
      ),
    )
    .orderBy(sql`${hazards.id} DESC`)
    .limit(200);
  return findPossibleDuplicates(
    { id: hazard.id, schoolId: hazard.schoolId, categoryId: hazard.categoryId, location: hazard.location },
    candidates.map((c) => ({ ...c, schoolId: c.schoolId!, state: c.state })),
  ).slice(0, 5);
}
