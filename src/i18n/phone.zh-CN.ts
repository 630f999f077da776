/** Phone, keyboard and short-list texts (zh-CN): the menu, the register's filter chips and count, the agenda's bulk tools. */
export const phoneZh = {
  'nav.menu': '菜单',
  'register.filters': '筛选',
  'register.activeFilters': '当前筛选',
  'register.removeFilter': '去掉筛选：{label}',
  'register.count': '共 {n} 条',
  'register.countMany': '共 {n}+ 条',
  'register.chip': '{name}：{value}',
  'register.flagOn': '是',
} as const;
