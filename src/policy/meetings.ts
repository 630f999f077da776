/**
 * Who may see and do what with meetings, their topics and minutes, resolutions, supervision orders, the
 * calendar feed and the inbox: the record half of the policy (the route half is src/policy.ts).
 * Each kind has the SQL condition its lists use and the check of one record, which say the same thing.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions.js';
import { meetingInvitations, meetings, resolutionSupports, resolutions, supervisionOrders } from '../db/schema/index.js';
import { hasStarted, mayOpen, sittingStatus, type Sitting } from '../meetings/live.js';
import type { ResolutionAction } from '../meetings/resolutions.js';

const seesAll = (user: SessionUser) => user.role === 'supervisor' || user.role === 'leader';
const unitOf = (user: SessionUser): number | null => (user.role === 'department' ? user.departmentId : null);

// ---------------------------------------------------------------------------------------------------
// Meetings

/** Supervisors and the leader see every meeting; a department member those their unit is invited to. */
export function canViewMeeting(user: SessionUser, invitedDepartmentIds: number[]): boolean {
  if (seesAll(user)) return true;
  const unit = unitOf(user);
  return unit !== null && invitedDepartmentIds.includes(unit);
}

/** The meetings a user may see (lists and the calendar feed); undefined: no restriction. */
export function visibleMeetings(user: SessionUser): SQL | undefined {
  if (seesAll(user)) return undefined;
  const unit = unitOf(user);
  if (unit === null) return sql`false`;
  return sql`${meetings.id} IN (SELECT ${meetingInvitations.meetingId} FROM ${meetingInvitations} WHERE ${meetingInvitations.departmentId} = ${unit})`;
}

/** A calendar feed is for the people who attend or run meetings. */
export const mayUseCalendarFeed = (user: Pick<SessionUser, 'role'>): boolean => ['department', 'supervisor', 'leader'].includes(user.role);

export type MeetingAction =
  | 'edit' // change time, place, invited units
  | 'cancel'
  | 'arrangeAgenda' // before the sitting: propose, order, publish
  | 'noteAgenda' // once it sits: what was said or decided on an item
  | 'recordAttendance'
  | 'addResolution'
  | 'writeMinutes' // draft, edit and issue the minutes
  | 'open' // start the sitting
  | 'runLive' // the live page
  | 'closeSitting' // 结束会议
  | 'respond' // the unit's answer to its invitation
  | 'proposeTopic';

/** The actions a user may take on a meeting now: who they are (this module) and where the meeting stands. */
export function meetingActions(user: SessionUser, meeting: Sitting, invitedDepartmentIds: number[], now: Date): Set<MeetingAction> {
  const actions = new Set<MeetingAction>();
  if (!canViewMeeting(user, invitedDepartmentIds)) return actions;
  const cancelled = meeting.status === 'cancelled';
  const started = hasStarted(meeting, now);
  if (user.role === 'supervisor') {
    if (!cancelled) for (const a of ['edit', 'recordAttendance', 'addResolution', 'writeMinutes'] as const) actions.add(a);
    if (!cancelled && !started) actions.add('cancel').add('arrangeAgenda');
    if (!cancelled && started) actions.add('noteAgenda');
    if (mayOpen(meeting, now).ok) actions.add('open');
    // The live page and closing are for a sitting in progress: opened, not yet closed.
    if (sittingStatus(meeting) === 'inSession') actions.add('runLive').add('closeSitting');
  }
  const unit = unitOf(user);
  if (unit !== null && invitedDepartmentIds.includes(unit) && !cancelled && !started) {
    actions.add('respond');
    actions.add('proposeTopic');
  }
  return actions;
}

/** The agenda before it is published: the supervisor who arranges it and the leader. */
export const maySeeAgendaDraft = (user: SessionUser): boolean => seesAll(user);

/**
 * A unit's proposed topic (and its files): the unit that proposed it always; everyone who may see the
 * meeting once the agenda is published; the supervisor and the leader before that too.
 */
export function canViewTopic(user: SessionUser, topic: { departmentId: number }, meeting: { agendaPublishedAt: Date | null }, invitedDepartmentIds: number[]): boolean {
  if (!canViewMeeting(user, invitedDepartmentIds)) return false;
  if (seesAll(user) || meeting.agendaPublishedAt !== null) return true;
  return unitOf(user) === topic.departmentId;
}

/** Minutes: a draft only for the supervisor who writes it; issued minutes for everyone who sees the meeting. */
export function canViewMinutes(user: SessionUser, minutes: { status: string } | null | undefined): boolean {
  return user.role === 'supervisor' || minutes?.status === 'issued';
}

// ---------------------------------------------------------------------------------------------------
// Resolutions (议定事项)

type ResolutionScope = { leadDepartmentId: number; supportDepartmentIds: number[] };

/** A resolution: supervisors and the leader see all; a unit those it leads or supports. */
export function canViewResolution(user: SessionUser, r: ResolutionScope): boolean {
  if (seesAll(user)) return true;
  const unit = unitOf(user);
  return unit !== null && (r.leadDepartmentId === unit || r.supportDepartmentIds.includes(unit));
}

export function visibleResolutions(user: SessionUser): SQL | undefined {
  if (seesAll(user)) return undefined;
  const unit = unitOf(user);
  if (unit === null) return sql`false`;
  return sql`(${resolutions.leadDepartmentId} = ${unit} OR ${resolutions.id} IN (SELECT ${resolutionSupports.resolutionId} FROM ${resolutionSupports} WHERE ${resolutionSupports.departmentId} = ${unit}))`;
}

/** Units report (the lead unit also reports it done); only a supervisor confirms, sends back or cancels. */
export function mayActOnResolution(user: SessionUser, r: ResolutionScope, action: ResolutionAction): boolean {
  if (!canViewResolution(user, r)) return false;
  if (action === 'feedback') return unitOf(user) !== null;
  if (action === 'reportDone') return unitOf(user) === r.leadDepartmentId;
  return user.role === 'supervisor';
}

/** A meeting decides resolutions; only the supervisor records them. */
export const mayDecideResolutions = (user: SessionUser): boolean => user.role === 'supervisor';

// ---------------------------------------------------------------------------------------------------
// Supervision orders (督办单)

/** A supervision order: supervisors and the leader see all; a department only those addressed to it. */
export function canViewOrder(user: SessionUser, order: { departmentId: number }): boolean {
  if (seesAll(user)) return true;
  return unitOf(user) === order.departmentId;
}

export function visibleOrders(user: SessionUser): SQL | undefined {
  if (seesAll(user)) return undefined;
  const unit = unitOf(user);
  return unit === null ? sql`false` : sql`${supervisionOrders.departmentId} = ${unit}`;
}

export const mayIssueOrders = (user: SessionUser): boolean => user.role === 'supervisor';

export type OrderAction = 'reply' | 'check';

/** The unit answers an open order addressed to it; the supervisor checks an answered one. */
export function orderActions(user: SessionUser, order: { departmentId: number; status: string }): Set<OrderAction> {
  const actions = new Set<OrderAction>();
  if (!canViewOrder(user, order)) return actions;
  if (unitOf(user) === order.departmentId && order.status === 'open') actions.add('reply');
  if (user.role === 'supervisor' && order.status === 'answered') actions.add('check');
  return actions;
}

// ---------------------------------------------------------------------------------------------------
// The inbox

/**
 * Whose notices a user reads: their own, their unit's (a school's officers, a department's members) and,
 * for supervisors, those addressed to all supervisors. A null matches nothing.
 */
export function notificationAudience(user: SessionUser): { userId: string; departmentId: number | null; schoolId: number | null; role: 'supervisor' | null } {
  return {
    userId: user.id,
    departmentId: unitOf(user),
    schoolId: user.role === 'officer' ? user.schoolId : null,
    role: user.role === 'supervisor' ? 'supervisor' : null,
  };
}
