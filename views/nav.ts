import type { Role } from '../src/db/schema/auth.js';
import type { MessageKey } from '../src/i18n/index.js';
import { homePath } from '../src/policy.js';

export interface NavItem {
  href: string;
  label: MessageKey;
}

/** The navigation each role sees; only pages the role may open. */
export function navFor(role: Role): NavItem[] {
  const home: NavItem = { href: homePath(role), label: 'nav.home' };
  switch (role) {
    case 'admin':
      return [
        home,
        { href: '/admin/users', label: 'nav.users' },
        { href: '/admin/towns', label: 'nav.towns' },
        { href: '/admin/schools', label: 'nav.schools' },
        { href: '/admin/institutions', label: 'nav.institutions' },
        { href: '/admin/departments', label: 'nav.departments' },
        { href: '/admin/categories', label: 'nav.categories' },
        { href: '/admin/scoring', label: 'nav.scoring' },
        { href: '/admin/security-log', label: 'nav.securityLog' },
      ];
    case 'leader':
      return [home, { href: '/hazards', label: 'nav.hazards' }, { href: '/meetings', label: 'nav.meetings' }, { href: '/resolutions', label: 'nav.resolutions' }, { href: '/supervision-orders', label: 'nav.orders' }];
    case 'officer':
      return [home, { href: '/hazards', label: 'nav.hazards' }, { href: '/hazards/new', label: 'nav.report' }, { href: '/inbox', label: 'nav.inbox' }];
    default:
      return [home, { href: '/hazards', label: 'nav.hazards' }, { href: '/hazards/new', label: 'nav.report' }, { href: '/meetings', label: 'nav.meetings' }, { href: '/resolutions', label: 'nav.resolutions' }, { href: '/supervision-orders', label: 'nav.orders' }, { href: '/inbox', label: 'nav.inbox' }];
  }
}
