/**
 * Who may see and do what with risk points (风险点): the record half of the policy for the risk register
 * (the route half is src/policy.ts). An officer keeps their own school's points; a department reads the
 * points it is the responsible unit of; supervisors keep every point; the leader reads all.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { riskPoints } from '../db/schema/index.js';

/** What the rules need to know about a point. */
export interface RiskScope {
  schoolId: number;
  responsibleDepartmentId: number | null;
  retired: boolean;
}

export function canViewRisk(user: SessionUser, r: Pick<RiskScope, 'schoolId' | 'responsibleDepartmentId'>): boolean {
  switch (user.role) {
    case 'supervisor':
    case 'leader':
      return true;
    case 'officer':
      return user.schoolId !== null && r.schoolId === user.schoolId;
    case 'department':
      return user.departmentId !== null && r.responsibleDepartmentId === user.departmentId;
    case 'admin':
      return false;
  }
}

/** The points a user may see, as the condition every list, count, map and export adds (same rule as canViewRisk). */
export function visibleRisks(user: SessionUser): SQL | undefined {
  switch (user.role) {
    case 'officer':
      return sql`${riskPoints.schoolId} = ${user.schoolId ?? -1}`;
    case 'department':
      return sql`${riskPoints.responsibleDepartmentId} = ${user.departmentId ?? -1}`;
    case 'supervisor':
    case 'leader':
      return undefined;
    case 'admin':
      return sql`false`;
  }
}

/** Who keeps a school's points: its own officer, and the supervisors for any school. */
export function mayRecordRiskFor(user: SessionUser, schoolId: number | null): boolean {
  if (user.role === 'officer') return schoolId !== null && schoolId === user.schoolId;
  return user.role === 'supervisor';
}

/** An officer records for their own school only: the form shows it fixed instead of a choice. */
export const recordsRisksForOwnSchoolOnly = (user: SessionUser): boolean => user.role === 'officer';

export const RISK_ACTIONS = ['edit', 'assess', 'retire'] as const;
export type RiskAction = (typeof RISK_ACTIONS)[number];

/** The actions on one point: its keepers edit, re-assess and retire it while it is not retired. */
export function riskActions(user: SessionUser, r: RiskScope): Set<RiskAction> {
  if (r.retired || !canViewRisk(user, r) || !mayRecordRiskFor(user, r.schoolId)) return new Set();
  return new Set(RISK_ACTIONS);
}

/** A hazard may be reported at a point of the school it is reported for, while the point is in use. */
export const mayLinkHazardToRisk = (hazardSchoolId: number | null, r: RiskScope): boolean => !r.retired && hazardSchoolId !== null && hazardSchoolId === r.schoolId;

/** Whose points span schools (supervisor, leader, a member unit): they choose a school and a town to filter by; an officer has one. */
export const choosesSchool = (user: SessionUser): boolean => user.role !== 'officer';
