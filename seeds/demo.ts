import { eq } from 'drizzle-orm';
import { hashPassword } from '../src/auth/password.js';
import { institutions, schools, towns, userPasswords, users, type Role, type SchoolKind, type TownKind } from '../src/db/schema/index.js';
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

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员（演示）', role: 'admin' },
  { username: 'supervisor', displayName: '李监管（演示）', role: 'supervisor' },
  { username: 'leader', displayName: '王局长（演示）', role: 'leader' },
  { username: 'officer', displayName: '陈安全员（演示）', role: 'officer', school: 0 },
  { username: 'officer2', displayName: '黄安全员（演示）', role: 'officer', school: 1 },
  { username: 'police', displayName: '赵民警（演示）', role: 'department', department: 'PSB' },
  { username: 'fire', displayName: '钱消防（演示）', role: 'department', department: 'FIRE' },
  { username: 'market', displayName: '孙市监（演示）', role: 'department', department: 'SAMR' },
];

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
    safetyOfficerName: `安全员${i + 1}（演示）`,
    safetyOfficerPhone: `0751-0001${String(100 + i)}`,
  }));
  await db.insert(schools).values(schoolRows).onConflictDoNothing();
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
