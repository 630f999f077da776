/**
 * The navigation, derived from the route rules: a destination shows when its page's rule lets the user
 * open it, so the menu and the routes can never disagree.
 */
import type { SessionUser } from '../auth/sessions.js';
import type { MessageKey } from '../i18n/index.js';
import { homePath, mayOpenPage } from '../policy.js';

export interface NavItem {
  href: string;
  label: MessageKey;
}

/** Every destination of the main navigation, in menu order; each user sees those they may open. */
const DESTINATIONS: readonly NavItem[] = [
  { href: '/hazards', label: 'nav.hazards' },
  { href: '/hazards/new', label: 'nav.report' },
  { href: '/risks', label: 'nav.risks' },
  { href: '/meetings', label: 'nav.meetings' },
  { href: '/resolutions', label: 'nav.resolutions' },
  { href: '/supervision-orders', label: 'nav.orders' },
  { href: '/inbox', label: 'nav.inbox' },
  { href: '/admin/users', label: 'nav.users' },
  { href: '/admin/towns', label: 'nav.towns' },
  { href: '/admin/schools', label: 'nav.schools' },
  { href: '/admin/institutions', label: 'nav.institutions' },
  { href: '/admin/departments', label: 'nav.departments' },
  { href: '/admin/categories', label: 'nav.categories' },
  { href: '/admin/scoring', label: 'nav.scoring' },
  { href: '/admin/documents', label: 'nav.documents' },
  { href: '/admin/security-log', label: 'nav.securityLog' },
];

/** The user's home page first, then every destination the route rules let them open. */
export function navigationFor(user: SessionUser): NavItem[] {
  // Until the password is changed and a required second factor enrolled, the user may open nothing else.
  if (user.mustChangePassword || user.mustEnrolTwoFactor) return [];
  const allowed = DESTINATIONS.filter((d) => mayOpenPage(user, 'GET', d.href));
  return [{ href: homePath(user.role), label: 'nav.home' }, ...allowed];
}

/** Every destination, for the test that checks each one against the routes. */
export const NAVIGATION_DESTINATIONS = DESTINATIONS;
