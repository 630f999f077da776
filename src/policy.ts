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
  | 'leaderHome';

const GRANTS: Record<Exclude<Permission, 'public' | 'signedIn' | 'home'>, readonly Role[]> = {
  admin: ['admin'],
  officerHome: ['officer'],
  departmentHome: ['department'],
  supervisorHome: ['supervisor'],
  leaderHome: ['leader'],
};

export const ROUTE_RULES: Record<string, Permission> = {
  'GET /healthz': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'signedIn',
  'POST /lang': 'public',
  'GET /account/password': 'signedIn',
  'POST /account/password': 'signedIn',
  'GET /account': 'home',
  'POST /account/logout-everywhere': 'home',
  'GET /': 'home',
  'GET /home/officer': 'officerHome',
  'GET /home/department': 'departmentHome',
  'GET /home/supervisor': 'supervisorHome',
  'GET /home/leader': 'leaderHome',
  'GET /admin': 'admin',
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

export function ruleFor(method: string, path: string): Permission | undefined {
  return ROUTE_RULES[`${method === 'HEAD' ? 'GET' : method} ${path}`];
}

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
