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
  'register.flagOn': 'yes',
} as const;
