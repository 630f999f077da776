import { eq } from 'drizzle-orm';
import { hashPassword } from '../src/auth/password.js';
import { departments, institutions, schools, towns, userPasswords, users, type Role, type SchoolKind, type TownKind } from '../src/db/schema/index.js';
import type { Db } from '../src/db/types.js';
import { departmentIdByCode, seedDefaults } from './defaults.js';

export const DEMO_PASSWORD = 'zhenjiang-demo';

/** The district's 10 town-level units (统计用区划代码 of 浈江区). */
export const DEMO_TOWNS: Array<{ code: string; name: string; kind: TownKind }> = [
  { code: '440204001', name: '东河街道', kind: 'subdistrict' },
  { code: '440204002', name: '车站街道', kind: 'subdistrict' },
  { code: '440204008', name: '风采街道', kind: 'subdistrict' },
  { code: '440204100', name: '新韶镇', kind: 'town' },
  { code: '440204101', name: '乐园镇', kind: 'town' },
  { code: '440204102', name: '十里亭镇', kind: 'town' },
  { code: '440204103', name: '犁市镇', kind: 'town' },
  { code: '440204104', name: '花坪镇', kind: 'town' },
  { code: '440204401', name: '田螺冲办事处', kind: 'office' },
  { code: '440204402', name: '曲仁办事处', kind: 'office' },
];

/** Three clearly fictional schools per town, every kind represented, all marked (演示). */
function demoSchools(): Array<{ town: string; name: string; kind: SchoolKind }> {
  const patterns: Array<[string, SchoolKind]> = [
    ['第一小学', 'primary'],
    ['中心幼儿园', 'kindergarten'],
    ['中学', 'junior'],
  ];
  const list: Array<{ town: string; name: string; kind: SchoolKind }> = [];
  for (const town of DEMO_TOWNS) {
    const short = town.name.replace(/(街道|镇|办事处)$/, '');
    for (const [suffix, kind] of patterns) list.push({ town: town.code, name: `${short}${suffix}(演示)`, kind });
  }
  list[2] = { ...list[2]!, name: '东河九年一贯制学校(演示)', kind: 'nine_year' };
  list[5] = { ...list[5]!, name: '车站高级中学(演示)', kind: 'senior' };
  list[8] = { ...list[8]!, name: '风采特殊教育学校(演示)', kind: 'special' };
  return list;
}

const DEMO_INSTITUTIONS = [
  { town: '440204001', name: '启明星艺术培训中心(演示)', licenceNo: '演示-001' },
  { town: '440204002', name: '飞跃体育培训学校(演示)', licenceNo: '演示-002' },
  { town: '440204008', name: '智慧树科技培训(演示)', licenceNo: '演示-003' },
  { town: '440204100', name: '阳光书法美术工作室(演示)', licenceNo: '演示-004' },
];

interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  school?: number;
  department?: string;
}

/** Every demo school has its safety officer's account: officer, officer2, officer3 … in school order. */
const OFFICER_NAMES = ['陈安全员（演示）', '黄安全员（演示）', '林安全员（演示）'];
const officerUsername = (i: number) => (i === 0 ? 'officer' : `officer${i + 1}`);
const officerName = (i: number) => OFFICER_NAMES[i] ?? `安全员${i + 1}（演示）`;

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员（演示）', role: 'admin' },
  { username: 'supervisor', displayName: '李监管（演示）', role: 'supervisor' },
  { username: 'leader', displayName: '王局长（演示）', role: 'leader' },
  ...demoSchools().map((_, i) => ({ username: officerUsername(i), displayName: officerName(i), role: 'officer' as const, school: i })),
  { username: 'edu', displayName: '周科长（演示）', role: 'department', department: 'EDU' },
  { username: 'police', displayName: '赵民警（演示）', role: 'department', department: 'PSB' },
  { username: 'fire', displayName: '钱消防（演示）', role: 'department', department: 'FIRE' },
  { username: 'market', displayName: '孙市监（演示）', role: 'department', department: 'SAMR' },
];

/**
 * The member units as the district names them: the official name, the short form used where space is
 * tight, and the leader in charge (分管领导) and liaison officer (联络员) with fictional names and numbers.
 */
export const DEMO_UNITS: Record<string, { name: string; shortName: string; leader: string; liaison: string }> = {
  ZFW: { name: '中共韶关市浈江区委政法委员会', shortName: '区委政法委', leader: '刘副书记（演示）', liaison: '何干事（演示）' },
  EDU: { name: '韶关市浈江区教育局', shortName: '区教育局', leader: '王局长（演示）', liaison: '周科长（演示）' },
  PSB: { name: '韶关市公安局浈江分局', shortName: '公安分局', leader: '郑副局长（演示）', liaison: '李警官（演示）' },
  FIRE: { name: '韶关市浈江区消防救援大队', shortName: '消防救援大队', leader: '冯大队长（演示）', liaison: '钱消防（演示）' },
  EMG: { name: '韶关市浈江区应急管理局', shortName: '应急管理局', leader: '韩副局长（演示）', liaison: '曹科员（演示）' },
  SAMR: { name: '韶关市浈江区市场监督管理局', shortName: '市场监管局', leader: '蒋副局长（演示）', liaison: '孙市监（演示）' },
  HLTH: { name: '韶关市浈江区卫生健康局', shortName: '卫生健康局', leader: '沈副局长（演示）', liaison: '许科员（演示）' },
  TRANS: { name: '韶关市浈江区交通运输局', shortName: '交通运输局', leader: '杨副局长（演示）', liaison: '朱科员（演示）' },
  CGJ: { name: '韶关市浈江区城市管理和综合执法局', shortName: '城管执法局', leader: '秦副局长（演示）', liaison: '尤队员（演示）' },
  WLTJ: { name: '韶关市浈江区文化广电旅游体育局', shortName: '文广旅体局', leader: '吕副局长（演示）', liaison: '施科员（演示）' },
  ZJ: { name: '韶关市浈江区住房和城乡建设局', shortName: '住建局', leader: '张副局长（演示）', liaison: '孔科员（演示）' },
  SFJ: { name: '韶关市浈江区司法局', shortName: '司法局', leader: '严副局长（演示）', liaison: '华科员（演示）' },
  YC: { name: '韶关市浈江区烟草专卖局', shortName: '烟草专卖局', leader: '金副局长（演示）', liaison: '魏专管员（演示）' },
};

/**
 * The organisation and the demo accounts of a fictional deployment. Demo accounts need no password
 * change; while they exist every page shows the demo banner.
 */
export async function seedDemoOrganisation(db: Db): Promise<{ schoolIds: number[] }> {
  await seedDefaults(db);
  await db.insert(towns).values(DEMO_TOWNS).onConflictDoNothing();
  const townIds = new Map((await db.select({ id: towns.id, code: towns.code }).from(towns)).map((t) => [t.code, t.id]));
  const schoolRows = demoSchools().map((s, i) => ({
    name: s.name,
    kind: s.kind,
    townId: townIds.get(s.town)!,
    address: `${DEMO_TOWNS.find((t) => t.code === s.town)!.name}演示路${i + 1}号`,
    principalName: `校长${i + 1}（演示）`,
    principalPhone: `0751-0000${String(100 + i)}`,
    safetyOfficerName: officerName(i),
    safetyOfficerPhone: `0751-0001${String(100 + i)}`,
  }));
  await db.insert(schools).values(schoolRows).onConflictDoNothing();
  for (const [i, [code, unit]] of Object.entries(DEMO_UNITS).entries()) {
    const phone = (n: number) => `0751-00${String(20 + i)}${String(n).padStart(3, '0')}`;
    await db
      .update(departments)
      .set({ name: unit.name, shortName: unit.shortName, leaderName: unit.leader, leaderPhone: phone(1), liaisonName: unit.liaison, liaisonPhone: phone(2) })
      .where(eq(departments.code, code));
  }
  const schoolIds = (await db.select({ id: schools.id, name: schools.name }).from(schools).orderBy(schools.id)).filter((s) => s.name.endsWith('(演示)')).map((s) => s.id);
  await db
    .insert(institutions)
    .values(DEMO_INSTITUTIONS.map((i) => ({ name: i.name, townId: townIds.get(i.town)!, licenceNo: i.licenceNo, address: '演示地址', contactName: '联系人（演示）' })))
    .onConflictDoNothing();

  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, u.username));
    if (existing) continue;
    const id = crypto.randomUUID();
    await db.insert(users).values({
      id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      schoolId: u.school === undefined ? null : schoolIds[u.school]!,
      departmentId: u.department ? await departmentIdByCode(db, u.department) : null,
      mustChangePassword: false,
      isDemo: true,
    });
    await db.insert(userPasswords).values({ userId: id, hash });
  }
  return { schoolIds };
}
