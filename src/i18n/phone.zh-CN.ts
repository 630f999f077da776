/** Phone, keyboard and short-list texts (zh-CN): the menu, the register's filter chips and count, the agenda's bulk tools. */
export const phoneZh = {
  'nav.menu': '菜单',
  'register.filters': '筛选',
  'register.activeFilters': '当前筛选',
  'register.removeFilter': '去掉筛选：{label}',
  'register.count': '共 {n} 条',
  'register.countMany': '共 {n}+ 条',
  'register.chip': '{name}：{value}',
  'queue.newlyAssigned': '新交办给我们、待开始整改',
  'queue.awaitingBureau': '本校上报、待区教育局核实',
} as const;
