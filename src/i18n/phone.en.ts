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
  'agenda.select': 'Select: {title}',
  'agenda.selected': 'Selected items',
  'agenda.moveTop': 'Move to top',
  'agenda.moveBottom': 'Move to bottom',
  'agenda.removeSelected': 'Remove',
  'agenda.chooseItems': 'tick at least one item first',
  'agenda.moreLink': 'See the other proposed items',
  'agenda.moreTitle': 'Other proposed items ({n})',
  'agenda.moreNone': 'Every proposed item is already on the agenda.',
  'agenda.addProposed': 'Add to the agenda',
  'agenda.flash.proposalsAdded': 'The chosen proposals were added to the agenda.',
  'agenda.flash.changed': 'The agenda was rearranged.',
} as const;
