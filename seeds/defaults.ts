import { eq, sql } from 'drizzle-orm';
import { departments, hazardCategories } from '../src/db/schema/index.js';
import type { Executor } from '../src/db/types.js';
import { rowsOf } from '../src/db/rows.js';

/**
 * Reference data every deployment starts with (not demo data): the joint meeting's member units and the
 * default hazard taxonomy. Inserted only where the code is missing, so an administrator's edits stay.
 */
export const DEFAULT_DEPARTMENTS = [
  { code: 'ZFW', name: '区委政法委', nameEn: 'Political-Legal Affairs Commission', isCore: true },
  { code: 'EDU', name: '区教育局', nameEn: 'District Education Bureau', isCore: true },
  { code: 'PSB', name: '公安分局', nameEn: 'Public Security Sub-bureau', isCore: true },
  { code: 'FIRE', name: '消防救援大队', nameEn: 'Fire and Rescue Brigade', isCore: true },
  { code: 'EMG', name: '应急管理局', nameEn: 'Emergency Management Bureau', isCore: true },
  { code: 'SAMR', name: '市场监督管理局', nameEn: 'Market Regulation Bureau', isCore: true },
  { code: 'HLTH', name: '卫生健康局', nameEn: 'Health Commission', isCore: false },
  { code: 'TRANS', name: '交通运输局', nameEn: 'Transport Bureau', isCore: false },
  { code: 'CGJ', name: '城市管理和综合执法局', nameEn: 'Urban Management and Law Enforcement Bureau', isCore: false },
  { code: 'WLTJ', name: '文化广电旅游体育局', nameEn: 'Culture, Radio, TV, Tourism and Sports Bureau', isCore: false },
  { code: 'ZJ', name: '住房和城乡建设局', nameEn: 'Housing and Urban-Rural Development Bureau', isCore: false },
  { code: 'SFJ', name: '司法局', nameEn: 'Justice Bureau', isCore: false },
  { code: 'YC', name: '烟草专卖局', nameEn: 'Tobacco Monopoly Bureau', isCore: false },
] as const;

export const DEFAULT_CATEGORIES = [
  { code: 'BLD', name: '校舍及附属设施', nameEn: 'Buildings and structures', lead: 'EDU' },
  { code: 'FIRE', name: '消防安全', nameEn: 'Fire safety', lead: 'FIRE' },
  { code: 'ELEC', name: '用电安全', nameEn: 'Electrical safety', lead: 'EMG' },
  { code: 'GAS', name: '燃气与特种设备', nameEn: 'Gas and special equipment', lead: 'SAMR' },
  { code: 'FOOD', name: '食品及饮用水安全', nameEn: 'Food and drinking water', lead: 'SAMR' },
  { code: 'HLTH', name: '传染病与公共卫生', nameEn: 'Infectious disease and public health', lead: 'HLTH' },
  { code: 'CHEM', name: '危险化学品与实验室', nameEn: 'Hazardous chemicals and labs', lead: 'EMG' },
  { code: 'TRAF', name: '交通安全与校车', nameEn: 'Traffic and school bus', lead: 'PSB' },
  { code: 'SEC', name: '治安防范', nameEn: 'Security (guards, barriers, alarms)', lead: 'PSB' },
  { code: 'SURR', name: '校园周边环境', nameEn: 'Campus surroundings', lead: 'PSB' },
  { code: 'STAB', name: '涉校矛盾纠纷与稳定风险', nameEn: 'Disputes and stability risks', lead: 'ZFW' },
  { code: 'BULLY', name: '学生欺凌与心理健康', nameEn: 'Bullying and mental health', lead: 'EDU' },
  { code: 'NAT', name: '自然灾害', nameEn: 'Natural hazards', lead: 'EMG' },
  { code: 'DROWN', name: '防溺水', nameEn: 'Drowning and off-campus accidents', lead: 'EDU' },
  { code: 'ACT', name: '体育器材与集体活动', nameEn: 'Sports equipment and group activities', lead: 'EDU' },
  { code: 'MGMT', name: '基础管理', nameEn: 'Management gaps (rules, drills, ledgers)', lead: 'EDU' },
] as const;

export async function seedDefaults(db: Executor): Promise<void> {
  await db
    .insert(departments)
    .values(DEFAULT_DEPARTMENTS.map((d) => ({ ...d })))
    .onConflictDoNothing({ target: departments.code });
  const ids = new Map((await db.select({ id: departments.id, code: departments.code }).from(departments)).map((d) => [d.code, d.id]));
  await db
    .insert(hazardCategories)
    .values(
      DEFAULT_CATEGORIES.map((c, i) => ({ code: c.code, name: c.name, nameEn: c.nameEn, sortOrder: i + 1, defaultLeadDepartmentId: ids.get(c.lead) ?? null })),
    )
    .onConflictDoNothing({ target: hazardCategories.code });
}

/** True when the database has never had a user: the moment to offer demo data or the first admin. */
export async function hasNoUsers(db: Executor): Promise<boolean> {
  const rows = await db.execute(sql`SELECT NOT EXISTS (SELECT 1 FROM users) AS empty`);
  return rowsOf<{ empty: boolean }>(rows)[0]?.empty ?? true;
}

export async function departmentIdByCode(db: Executor, code: string): Promise<number> {
  const [row] = await db.select({ id: departments.id }).from(departments).where(eq(departments.code, code));
  if (!row) throw new Error(`department ${code} is missing`);
  return row.id;
}
