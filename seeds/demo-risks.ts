/**
 * Demo risk points (风险点): every level at the demo officer's school and a few at other schools, some due
 * and some overdue for review, one re-assessed to a higher level, and hazards of the register linked to
 * points (two at one point, so its page suggests a higher level). Called from seedDemoData after the
 * hazards are loaded.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { departments, hazardCategories, hazards, riskAssessments, riskPoints, schools, users } from '../src/db/schema/index.js';
import type { Db } from '../src/db/types.js';
import type { RiskLevel } from '../src/hazards/scoring.js';
import type { DistanceBand } from '../src/hazards/vocabulary.js';
import { recordEvent } from '../src/lib/events.js';
import { LEVEL_RANK, nextReviewDate } from '../src/risks/rules.js';

interface DemoPoint {
  name: string;
  category: string;
  area: string;
  band?: DistanceBand;
  unit?: string;
  factors: string;
  consequences: string;
  emergency: string;
  /** likelihood × severity of each assessment, oldest first */
  scores: Array<[number, number]>;
  /** days before now of the latest assessment (a long time ago: overdue) */
  daysAgo: number;
}

const levelOf = (s: number): RiskLevel => (s >= 20 ? 'red' : s >= 9 ? 'orange' : s >= 4 ? 'yellow' : 'blue');

const OWN: DemoPoint[] = [
  { name: '食堂燃气管道及灶具', category: 'GAS', area: '食堂操作间', factors: '燃气管道接口老化、灶具熄火保护失效', consequences: '燃气泄漏、火灾爆炸、人员伤亡', emergency: '关闭总阀、疏散、拨打 119，启动燃气泄漏应急预案', scores: [[4, 5]], daysAgo: 40 },
  { name: '校门口上下学高峰', category: 'TRAF', area: '校门外人民路口', band: '50', unit: 'PSB', factors: '高峰时段车流量大，家长车辆临时停靠', consequences: '学生被车辆碰撞', emergency: '护学岗疏导，交警联动', scores: [[2, 4], [3, 4]], daysAgo: 80 },
  { name: '学生宿舍电气线路', category: 'ELEC', area: '学生宿舍楼', factors: '线路老化，学生私拉乱接、使用大功率电器', consequences: '电气火灾', emergency: '断电、疏散、初起火灾扑救', scores: [[2, 3]], daysAgo: 175 },
  { name: '学校东侧河道', category: 'DROWN', area: '学校东侧河道', band: '200', factors: '河岸无护栏，夏季学生私自下河', consequences: '溺水', emergency: '报警、施救、通知家长', scores: [[2, 5]], daysAgo: 20 },
  { name: '体育器材室及单双杠', category: 'ACT', area: '操场', factors: '器材锈蚀松动', consequences: '摔伤', emergency: '', scores: [[1, 3]], daysAgo: 100 },
];

const OTHERS: DemoPoint[] = [
  { name: '化学实验室危化品柜', category: 'CHEM', area: '实验楼二楼', factors: '危化品存放不规范', consequences: '中毒、灼伤、火灾', emergency: '疏散、冲洗、送医', scores: [[4, 5]], daysAgo: 10 },
  { name: '校门口流动摊贩', category: 'SURR', area: '校门对面', band: '100', unit: 'SAMR', factors: '三无食品销售', consequences: '食物中毒', emergency: '', scores: [[2, 3]], daysAgo: 30 },
  { name: '教学楼楼梯间', category: 'BLD', area: '教学楼', factors: '课间拥挤', consequences: '踩踏', emergency: '', scores: [[3, 3]], daysAgo: 120 },
];

export async function seedDemoRisks(db: Db, now: Date): Promise<void> {
  const [officer] = await db.select().from(users).where(eq(users.username, 'officer'));
  const [officer2] = await db.select().from(users).where(eq(users.username, 'officer2'));
  if (!officer?.schoolId || (await db.select({ id: riskPoints.id }).from(riskPoints).limit(1)).length > 0) return;
  const categories = new Map((await db.select().from(hazardCategories)).map((c) => [c.code, c.id]));
  const units = new Map((await db.select().from(departments)).map((d) => [d.code, d.id]));
  const otherSchool = officer2?.schoolId ?? (await db.select({ id: schools.id }).from(schools).where(eq(schools.active, true)).limit(2))[1]?.id;
  const made: number[] = [];
  for (const [schoolId, list, by] of [[officer.schoolId, OWN, officer], [otherSchool, OTHERS, officer2 ?? officer]] as const) {
    if (!schoolId) continue;
    for (const p of list) made.push(await insertPoint(db, schoolId, p, by.id, categories, units, now));
  }
  // Hazards of the register found at the officer's school's gate (the second point): two of them, so its page suggests red.
  const gate = made[1]!;
  const found = await db
    .select({ id: hazards.id })
    .from(hazards)
    .where(and(eq(hazards.schoolId, officer.schoolId), isNull(hazards.riskPointId)))
    .orderBy(desc(hazards.foundAt))
    .limit(2);
  if (found.length) await db.update(hazards).set({ riskPointId: gate }).where(inArray(hazards.id, found.map((h) => h.id)));
}

async function insertPoint(db: Db, schoolId: number, p: DemoPoint, userId: string, categories: Map<string, number>, units: Map<string, number>, now: Date): Promise<number> {
  const step = 90;
  const times = p.scores.map((_, i) => new Date(now.getTime() - (p.daysAgo + (p.scores.length - 1 - i) * step) * 86400_000));
  const assessments = p.scores.map(([l, s], i) => {
    const level = levelOf(l * s);
    return { seq: i + 1, scoringMethod: 'matrix' as const, scoringInput: { likelihood: l, severity: s }, score: l * s, level, nextReviewOn: nextReviewDate(level, times[i]!), assessedAt: times[i]!, reason: i === 0 ? '' : '近期周边车流增加，护学岗反映多次险情，提高等级' };
  });
  const last = assessments[assessments.length - 1]!;
  const [row] = await db
    .insert(riskPoints)
    .values({
      schoolId,
      name: p.name,
      place: p.band ? 'surroundings' : 'campus',
      area: p.area,
      distanceBand: p.band ?? null,
      categoryId: categories.get(p.category)!,
      hazardFactors: p.factors,
      consequences: p.consequences,
      measuresEngineering: '定期检测维护，设置警示标识',
      measuresManagement: '明确责任人，纳入日常巡查',
      measuresPersonal: '',
      measuresEmergency: p.emergency,
      responsiblePerson: '分管副校长（演示）',
      responsibleDepartmentId: p.unit ? (units.get(p.unit) ?? null) : null,
      scoringMethod: 'matrix',
      scoringInput: last.scoringInput,
      score: last.score,
      level: last.level,
      levelRank: LEVEL_RANK[last.level],
      assessedAt: last.assessedAt,
      nextReviewOn: last.nextReviewOn,
      assessmentCount: assessments.length,
      createdBy: userId,
      createdAt: times[0]!,
      updatedAt: last.assessedAt,
    })
    .returning({ id: riskPoints.id });
  const id = row!.id;
  for (const a of assessments) {
    await db.insert(riskAssessments).values({ riskPointId: id, assessedBy: userId, ...a });
    await recordEvent(db, { userId, now: a.assessedAt }, { entityType: 'riskPoint', entityId: id, action: a.seq === 1 ? 'riskRecorded' : 'riskAssessed', data: a.seq === 1 ? { name: p.name, level: a.level } : { from: assessments[a.seq - 2]!.level, to: a.level, reason: a.reason } });
  }
  return id;
}
