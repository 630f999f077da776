import type { phoneZh } from './phone.zh-CN.js';

/** Phone, keyboard and short-list texts (en). */
export const phoneEn: Record<keyof typeof phoneZh, string> = {
  'nav.menu': 'Menu',
  'register.filters': 'Filters',
  'register.activeFilters': 'Active filters',
  'register.removeFilter': 'Remove filter: {label}',
  'register.count': '{n} results',
  'register.countMany': '{n}+ results',
  'register.chip': '{name}: {value}',
  'queue.newlyAssigned': 'Newly assigned to us, not yet started',
  'queue.awaitingBureau': 'Reported by our school, awaiting the bureau\'s check',
} as const;
