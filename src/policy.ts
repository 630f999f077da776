import type { SessionUser } from './auth/sessions.js';
import type { Role } from './db/schema/auth.js';
import { HAZARD_ACTION_PATHS, HAZARD_PHOTO_ACTIONS } from './policy/hazards.js';

export * from './policy/hazards.js';
export * from './policy/meetings.js';
export * from './policy/risks.js';

/**
 * Who may do what — the one place authorization lives.
 *
 * Route level (this file): every route of the app has an entry in ROUTE_RULES (method + path pattern →
 * permission). A route without an entry is refused (fail closed) and a test fails.
 * Record level (src/policy/hazards.ts, src/policy/meetings.ts), for every kind of record: which records a
 * user may see, as one SQL condition used by every list, queue, search, export, feed and inbox query, and
 * as a check of one record; and which actions a user may take on one record, used by the routes (and
 * services) to refuse and by the views to decide which buttons to show.
 * The navigation (src/policy/navigation.ts) is derived from the route rules.
 */
export type Permission =
  | 'public' // anyone, signed in or not
  | 'signedIn' // any signed-in user, even one who must still change the password or set up two-factor sign-in
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
  | 'meetingRespond' // a unit answers its invitation
  | 'riskRead' // the risk register (points further scoped by canViewRisk)
  | 'riskKeep'; // record, edit, re-assess and retire risk points (officers for their own school)

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
  riskRead: ['officer', 'department', 'supervisor', 'leader'],
  riskKeep: ['officer', 'supervisor'],
};

export const ROUTE_RULES: Record<string, Permission> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /favicon.ico': 'public',
  // Browsers post Content-Security-Policy violations here (logged only; a small body limit).
  'POST /csp-report': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'signedIn',
  'POST /lang': 'public',
  'GET /account/password': 'signedIn',
  'POST /account/password': 'signedIn',
  'GET /account': 'home',
  'POST /account/logout-everywhere': 'home',
  // Two-factor sign-in: the code page serves a sign-in that is not complete yet (checked by the route);
  // the account page is reachable before enrolment, which the role may require first.
  'GET /login/two-factor': 'public',
  'POST /login/two-factor': 'public',
  'GET /account/two-factor': 'signedIn',
  'POST /account/two-factor': 'signedIn',
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
  'GET /admin/security-log': 'admin',
  'GET /admin/documents': 'admin',
  'POST /admin/documents': 'admin',
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
  'GET /risks': 'riskRead',
  'GET /risks/export.xlsx': 'riskRead',
  'GET /risks/map': 'riskRead',
  'GET /risks/overview': 'riskRead',
  'GET /risks/new': 'riskKeep',
  'POST /risks': 'riskKeep',
  'GET /risks/:id': 'riskRead',
  'GET /risks/:id/card': 'riskRead',
  'GET /risks/:id/edit': 'riskKeep',
  'POST /risks/:id': 'riskKeep',
  'POST /risks/:id/assess': 'riskKeep',
  'POST /risks/:id/retire': 'riskKeep',
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
  'GET /supervision-orders/:id/print': 'meetingRead',
  'POST /supervision-orders/:id/reply': 'meetingRespond',
  'POST /supervision-orders/:id/check': 'meetingManage',
  'GET /inbox': 'inbox',
  'POST /inbox/read-all': 'inbox',
  'POST /inbox/:id/read': 'inbox',
  ...adminResourceRules('/admin/users', ['reset-password', 'logout-everywhere']),
  'POST /admin/users/:id/reset-two-factor': 'admin',
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
  if (user.mustChangePassword || user.mustEnrolTwoFactor) return false;
  if (permission === 'home') return true;
  return GRANTS[permission].includes(user.role);
}

/** Whether the user may open that route: what a link or button to it needs (the same rule the route applies). */
export function mayOpenPage(user: SessionUser, method: string, path: string): boolean {
  const rule = ruleFor(method, path);
  return rule !== undefined && hasPermission(user, rule);
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

