/**
 * Who may see and do what with hazards: the record half of the policy (the route half is src/policy.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { hazardDepartments, hazards } from '../db/schema/index.js';

/** Hazard actions, each POSTed to /hazards/:id/<action>; the record rules below say who may do which. */
export const HAZARD_ACTION_PATHS = [
  'withdraw',
  'dismiss',
  'verify',
  'fix-on-spot',
  'assign',
  'plan',
  'start',
  'progress',
  'support',
  'control',
  'resume',
  'extension',
  'extension-decision',
  'complete',
  'accept',
  'reject',
  'close',
  'list',
  'unlist',
  'link-duplicate',
] as const;

export type HazardActionPath = (typeof HAZARD_ACTION_PATHS)[number];

/** The hazard actions whose form carries photos (evidence, progress, on-the-spot fixes). */
export const HAZARD_PHOTO_ACTIONS: readonly HazardActionPath[] = ['fix-on-spot', 'progress', 'support', 'complete'];

/** What the rules need to know about a hazard. */
export interface HazardScope {
  schoolId: number | null;
  reportedBy: string;
  leadDepartmentId: number | null;
  supportDepartmentIds: number[];
  assignedToSchool: boolean;
  rectifiedBy: string | null;
}

/** Who sees a hazard: the leader and supervisors all; an officer their school's; a department what it leads or supports. */
export function canViewHazard(user: SessionUser, h: HazardScope): boolean {
  switch (user.role) {
    case 'supervisor':
    case 'leader':
      return true;
    case 'officer':
      return user.schoolId !== null && h.schoolId === user.schoolId;
    case 'department':
      return user.departmentId !== null && (h.leadDepartmentId === user.departmentId || h.supportDepartmentIds.includes(user.departmentId));
    case 'admin':
      return false;
  }
}

/** Who may report for a school: an officer only for their own; supervisors and departments on behalf of any. */
export function canReportFor(user: SessionUser, schoolId: number | null): boolean {
  if (user.role === 'officer') return schoolId !== null && schoolId === user.schoolId;
  return user.role === 'supervisor' || user.role === 'department';
}

/** The unit that carries out the rectification: the lead department, or the school for an item assigned to it. */
export function isRectifyingUnit(user: SessionUser, h: HazardScope): boolean {
  if (h.assignedToSchool) return user.role === 'officer' && user.schoolId === h.schoolId;
  return user.role === 'department' && user.departmentId !== null && user.departmentId === h.leadDepartmentId;
}

export function isSupportingUnit(user: SessionUser, h: HazardScope): boolean {
  return user.role === 'department' && user.departmentId !== null && h.supportDepartmentIds.includes(user.departmentId);
}

export const isSupervisor = (user: SessionUser): boolean => user.role === 'supervisor';

/**
 * Which hazard actions a user may take (the state machine separately decides whether the state allows
 * it). Only a supervisor verifies, grades, assigns, accepts, rejects and closes; the rectifying unit
 * records progress, asks for more time and submits completion; the reporter may withdraw.
 */
export function mayActOnHazard(user: SessionUser, h: HazardScope, action: HazardActionPath): boolean {
  if (!canViewHazard(user, h)) return false;
  switch (action) {
    case 'withdraw':
      return user.id === h.reportedBy;
    case 'dismiss':
    case 'verify':
    case 'assign':
    case 'list':
    case 'unlist':
    case 'extension-decision':
    case 'accept':
    case 'reject':
    case 'close':
    case 'link-duplicate':
      return isSupervisor(user);
    case 'fix-on-spot':
      return isSupervisor(user) || (user.role === 'officer' && user.schoolId === h.schoolId);
    case 'plan':
      return isSupervisor(user) || isRectifyingUnit(user, h);
    case 'start':
    case 'progress':
    case 'control':
    case 'resume':
    case 'extension':
    case 'complete':
      return isRectifyingUnit(user, h);
    case 'support':
      return isSupportingUnit(user, h);
  }
}


/**
 * The hazards a user may see, as the condition every list, queue, search, export and count adds (the
 * same rule as canViewHazard, for the database). undefined: no restriction.
 */
export function visibleHazards(user: SessionUser): SQL | undefined {
  switch (user.role) {
    case 'officer':
      return sql`${hazards.schoolId} = ${user.schoolId ?? -1}`;
    case 'department':
      return sql`${hazards.id} IN (SELECT ${hazardDepartments.hazardId} FROM ${hazardDepartments} WHERE ${hazardDepartments.departmentId} = ${user.departmentId ?? -1})`;
    case 'supervisor':
    case 'leader':
      return undefined;
    case 'admin':
      return sql`false`;
  }
}

/** Who may report hazards at all (the report form and the "report" buttons). */
export const mayReportHazards = (user: SessionUser): boolean => user.role === 'officer' || user.role === 'department' || user.role === 'supervisor';

/** What a user may report about: an officer only their own school's campus and surroundings. */
export function reportableSubjects<S extends string>(user: SessionUser, all: readonly S[]): S[] {
  return user.role === 'officer' ? all.filter((s) => s !== 'institution') : [...all];
}

/** An officer reports for their own school only: the form shows it fixed instead of a choice. */
export const reportsForOwnSchoolOnly = (user: SessionUser): boolean => user.role === 'officer';

/** The supervisor sees possible duplicates of a new report and may link them. */
export const maySeeDuplicates = (user: SessionUser): boolean => user.role === 'supervisor';

/** A supervision order about an open hazard: supervisors only. */
export const mayIssueOrderAbout = (user: SessionUser, state: string): boolean =>
  user.role === 'supervisor' && !['CLOSED', 'DISMISSED', 'WITHDRAWN'].includes(state);

/** "It came back": a new report linked to a closed hazard, by whoever may report for its school. */
export const mayReportRecurrence = (user: SessionUser, h: HazardScope, state: string): boolean =>
  state === 'CLOSED' && mayReportHazards(user) && canReportFor(user, h.schoolId);
