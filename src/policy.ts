import type { SessionUser } from './auth/sessions.js';
import type { Role } from './db/schema/auth.js';

/**
 * Who may do what — the one place authorization lives.
 *
 * Route level: every route of the app has an entry in ROUTE_RULES (method + path pattern → permission).
 * A route without an entry is refused (fail closed) and a test fails. Record level: the `can…` functions
 * below decide about one record (e.g. an officer and a school) and are called by the services.
 */
export type Permission =
  | 'public' // anyone, signed in or not
  | 'signedIn' // any signed-in user, even one who must still change the password
  | 'home' // any signed-in user who has set a password
  | 'admin' // organisation and user management
  | 'officerHome'
  | 'departmentHome'
  | 'supervisorHome'
  | 'leaderHome'
  | 'hazardRead' // the register and hazard pages (records further scoped by canViewHazard)
  | 'hazardReport' // report a hazard (officers for their own school)
  | 'hazardWork' // act on a hazard (the record rules below decide which actions)
  | 'inbox'
  | 'meetingRead' // meetings the user's unit is invited to (supervisors and the leader: all)
  | 'meetingManage' // schedule, change, record attendance
  | 'meetingRespond'; // a unit answers its invitation

const GRANTS: Record<Exclude<Permission, 'public' | 'signedIn' | 'home'>, readonly Role[]> = {
  admin: ['admin'],
  officerHome: ['officer'],
  departmentHome: ['department'],
  supervisorHome: ['supervisor'],
  leaderHome: ['leader'],
  hazardRead: ['officer', 'department', 'supervisor', 'leader'],
  hazardReport: ['officer', 'department', 'supervisor'],
  hazardWork: ['officer', 'department', 'supervisor'],
  inbox: ['officer', 'department', 'supervisor', 'leader'],
  meetingRead: ['department', 'supervisor', 'leader'],
  meetingManage: ['supervisor'],
  meetingRespond: ['department'],
};

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

export const ROUTE_RULES: Record<string, Permission> = {
  'GET /healthz': 'public',
  'GET /favicon.ico': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'signedIn',
  'POST /lang': 'public',
  'GET /account/password': 'signedIn',
  'POST /account/password': 'signedIn',
  'GET /account': 'home',
  'POST /account/logout-everywhere': 'home',
  'POST /account/calendar-token': 'meetingRead',
  // A calendar app has no session: the secret in the URL is checked by the route itself.
  'GET /calendar/:token': 'public',
  'GET /': 'home',
  'GET /home/officer': 'officerHome',
  'GET /home/department': 'departmentHome',
  'GET /home/supervisor': 'supervisorHome',
  'GET /home/leader': 'leaderHome',
  'GET /admin': 'admin',
  'GET /admin/scoring': 'admin',
  'POST /admin/scoring': 'admin',
  'GET /hazards': 'hazardRead',
  'GET /hazards/export.csv': 'hazardRead',
  'GET /hazards/new': 'hazardReport',
  'POST /hazards': 'hazardReport',
  'POST /hazards/photos': 'hazardWork',
  'GET /photos/:id': 'hazardRead',
  'GET /hazards/:id': 'hazardRead',
  ...Object.fromEntries(HAZARD_ACTION_PATHS.map((a) => [`POST /hazards/:id/${a}`, 'hazardWork' as Permission])),
  'GET /hazards/:id/accept': 'hazardWork',
  'GET /meetings': 'meetingRead',
  'GET /meetings/new': 'meetingManage',
  'POST /meetings': 'meetingManage',
  'GET /meetings/:id': 'meetingRead',
  'GET /meetings/:id/edit': 'meetingManage',
  'POST /meetings/:id': 'meetingManage',
  'GET /meetings/:id/meeting.ics': 'meetingRead',
  'POST /meetings/:id/respond': 'meetingRespond',
  'POST /meetings/:id/attendance': 'meetingManage',
  'POST /meetings/:id/resolutions': 'meetingManage',
  'POST /meetings/:id/agenda': 'meetingManage',
  'POST /meetings/:id/agenda/:itemId': 'meetingManage',
  'POST /meetings/:id/topics': 'meetingRespond',
  'GET /meetings/:id/minutes': 'meetingRead',
  'GET /meetings/:id/minutes.txt': 'meetingRead',
  'POST /meetings/:id/minutes': 'meetingManage',
  'POST /meetings/:id/open': 'meetingManage',
  'POST /meetings/:id/close': 'meetingManage',
  'POST /meetings/:id/cancel': 'meetingManage',
  'GET /meetings/:id/live': 'meetingManage',
  'POST /meetings/:id/live/:itemId': 'meetingManage',
  'POST /meetings/:id/live/:itemId/hazard/:action': 'meetingManage',
  'GET /resolutions': 'meetingRead',
  'GET /resolutions/:id': 'meetingRead',
  'POST /resolutions/:id/feedback': 'meetingRespond',
  'POST /resolutions/:id/decision': 'meetingManage',
  // Topic and feedback files: who may see the topic's meeting or the note's resolution is checked by the route.
  'GET /attachments/:id': 'home',
  'GET /supervision-orders': 'meetingRead',
  'GET /supervision-orders/new': 'meetingManage',
  'POST /supervision-orders': 'meetingManage',
  'GET /supervision-orders/:id': 'meetingRead',
  'POST /supervision-orders/:id/reply': 'meetingRespond',
  'POST /supervision-orders/:id/check': 'meetingManage',
  'GET /inbox': 'inbox',
  'POST /inbox/read-all': 'inbox',
  'POST /inbox/:id/read': 'inbox',
  ...adminResourceRules('/admin/users', ['reset-password', 'logout-everywhere']),
  ...adminResourceRules('/admin/towns'),
  ...adminResourceRules('/admin/schools'),
  ...adminResourceRules('/admin/institutions'),
  ...adminResourceRules('/admin/departments'),
  ...adminResourceRules('/admin/categories'),
};

/** The routes every managed organisation record has: list, create, edit, deactivate, reactivate. */
function adminResourceRules(base: string, extraActions: string[] = []): Record<string, Permission> {
  const rules: Record<string, Permission> = {
    [`GET ${base}`]: 'admin',
    [`GET ${base}/new`]: 'admin',
    [`POST ${base}`]: 'admin',
    [`GET ${base}/:id`]: 'admin',
    [`POST ${base}/:id`]: 'admin',
    [`POST ${base}/:id/deactivate`]: 'admin',
    [`POST ${base}/:id/activate`]: 'admin',
  };
  for (const action of extraActions) rules[`POST ${base}/:id/${action}`] = 'admin';
  return rules;
}

/** How ROUTE_RULES names a route: 'POST /hazards/:id/assign' (HEAD is GET). */
export const routeKey = (method: string, path: string): string => `${method === 'HEAD' ? 'GET' : method} ${path}`;

export function ruleFor(method: string, path: string): Permission | undefined {
  return ROUTE_RULES[routeKey(method, path)];
}

/** The hazard actions whose form carries photos (evidence, progress, on-the-spot fixes). */
export const HAZARD_PHOTO_ACTIONS: readonly HazardActionPath[] = ['fix-on-spot', 'progress', 'support', 'complete'];

/**
 * The routes that take files. Only these get the large body limit (MAX_BODY_BYTES); every other form
 * is held to MAX_FORM_BYTES, so a large body cannot tie up a route that has no use for one.
 */
export const FILE_UPLOAD_ROUTES: ReadonlySet<string> = new Set([
  'POST /hazards',
  'POST /hazards/photos',
  ...HAZARD_PHOTO_ACTIONS.map((a) => `POST /hazards/:id/${a}`),
  'POST /meetings/:id/topics',
  'POST /resolutions/:id/feedback',
]);

/** Whether a user holds a permission (public and signedIn are decided by the caller, who knows the session). */
export function hasPermission(user: SessionUser | null, permission: Permission): boolean {
  if (permission === 'public') return true;
  if (!user) return false;
  if (permission === 'signedIn') return true;
  if (user.mustChangePassword) return false;
  if (permission === 'home') return true;
  return GRANTS[permission].includes(user.role);
}

/** Each role's landing page. */
export function homePath(role: Role): string {
  switch (role) {
    case 'officer':
      return '/home/officer';
    case 'department':
      return '/home/department';
    case 'supervisor':
      return '/home/supervisor';
    case 'leader':
      return '/home/leader';
    case 'admin':
      return '/admin';
  }
}

// ---------------------------------------------------------------------------------------------------
// Record-level rules for hazards.

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

export type HazardActionPath = (typeof HAZARD_ACTION_PATHS)[number];

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

// ---------------------------------------------------------------------------------------------------
// Record-level rules for meetings.

/** Supervisors and the leader see every meeting; a department member those their unit is invited to. */
export function canViewMeeting(user: SessionUser, invitedDepartmentIds: number[]): boolean {
  if (user.role === 'supervisor' || user.role === 'leader') return true;
  return user.role === 'department' && user.departmentId !== null && invitedDepartmentIds.includes(user.departmentId);
}

/** A resolution: supervisors and the leader see all; a unit those it leads or supports. */
export function canViewResolution(user: SessionUser, r: { leadDepartmentId: number; supportDepartmentIds: number[] }): boolean {
  if (user.role === 'supervisor' || user.role === 'leader') return true;
  return user.role === 'department' && user.departmentId !== null && (r.leadDepartmentId === user.departmentId || r.supportDepartmentIds.includes(user.departmentId));
}

/** Units report (the lead unit also reports it done); only a supervisor confirms, sends back or cancels. */
export function mayActOnResolution(user: SessionUser, r: { leadDepartmentId: number; supportDepartmentIds: number[] }, action: 'feedback' | 'reportDone' | 'confirm' | 'sendBack' | 'cancel'): boolean {
  if (!canViewResolution(user, r)) return false;
  if (action === 'feedback') return user.role === 'department';
  if (action === 'reportDone') return user.role === 'department' && user.departmentId === r.leadDepartmentId;
  return user.role === 'supervisor';
}

/** A supervision order: supervisors and the leader see all; a department only those addressed to it. */
export function canViewOrder(user: SessionUser, order: { departmentId: number }): boolean {
  if (user.role === 'supervisor' || user.role === 'leader') return true;
  return user.role === 'department' && user.departmentId === order.departmentId;
}
