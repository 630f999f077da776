import { type HazardState } from '../src/hazards/lifecycle.js';
import { formatHazardNumber } from '../src/hazards/numbering.js';
import { searchTokens } from '../src/hazards/search.js';
import { scoreMatrix, type RiskLevel } from '../src/hazards/scoring.js';
import { addDays, shanghaiDate } from '../src/lib/shanghai-time.js';
import type { hazardDepartments, hazardPhotos, hazards, hazardUpdates, events } from '../src/db/schema/index.js';

/**
 * Builds realistic hazards with their whole history, without going through the services (which would
 * take hours for a million). Every hazard follows a legal path through the life cycle, and its events
 * are the ones the services would have written. Deterministic for a given seed.
 */

export interface GeneratorContext {
  now: Date;
  seed: number;
  /** first hazard id to use (ids are explicit so events can refer to them) */
  firstId: number;
  /** schools with their town, and who reports for each (an officer, or a supervisor on its behalf) */
  schools: Array<{ id: number; townId: number; reporterId: string }>;
  categories: Array<{ id: number; code: string; leadDepartmentId: number | null }>;
  departmentIds: number[];
  /** a member of each department that has one (they rectify and write progress) */
  departmentUsers: Map<number, string>;
  supervisorId: string;
  /** photo storage keys to reuse (placeholder images), or none */
  photoKeys: string[];
  /** spread found dates over this many days before now */
  spanDays: number;
  /** the last number already used in each year */
  seqStart: Map<number, number>;
}

export interface GeneratedHazard {
  hazard: typeof hazards.$inferInsert;
  departments: Array<typeof hazardDepartments.$inferInsert>;
  events: Array<typeof events.$inferInsert>;
  updates: Array<typeof hazardUpdates.$inferInsert>;
  photos: Array<typeof hazardPhotos.$inferInsert>;
}

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}

const TEXT: Record<string, { places: string[]; problems: string[] }> = {
  BLD: { places: ['教学楼三楼走廊', '旧宿舍楼外墙', '操场围墙东段', '实验楼屋面', '校门口雨棚'], problems: ['墙体出现裂缝，有掉落风险', '栏杆松动，高度不足 1.1 米', '屋面渗漏，天花板受潮脱落', '围墙局部倾斜'] },
  FIRE: { places: ['食堂后厨', '学生宿舍二楼', '图书馆', '教学楼楼梯间', '配电房旁'], problems: ['灭火器过期未更换', '疏散通道堆放杂物', '应急照明灯不亮', '消防栓被遮挡', '安全出口指示灯损坏'] },
  ELEC: { places: ['计算机教室', '学生宿舍', '配电房', '食堂操作间'], problems: ['线路老化，绝缘层破损', '私拉乱接电线', '插座超负荷使用', '配电箱未上锁'] },
  GAS: { places: ['食堂后厨燃气管道', '锅炉房', '教学楼电梯'], problems: ['燃气管道接口老化，有异味', '燃气报警器失灵', '电梯年检过期', '压力容器未定期检验'] },
  FOOD: { places: ['学校食堂', '校门口小卖部', '二次供水水箱', '食堂仓库'], problems: ['食品留样不足 48 小时', '从业人员健康证过期', '过期食品未清理', '水箱未按期清洗消毒'] },
  HLTH: { places: ['医务室', '各班教室', '学生宿舍'], problems: ['晨午检记录缺失', '传染病登记不完整', '消毒记录不全'] },
  CHEM: { places: ['化学实验室', '危化品储存柜', '生物实验室'], problems: ['危化品未双人双锁管理', '实验药品过期未处置', '通风设备故障'] },
  TRAF: { places: ['校门口路段', '校车停靠点', '学校东侧路口'], problems: ['缺少减速带和警示标志', '非法营运车辆接送学生', '上下学高峰无交通疏导', '校车超载'] },
  SEC: { places: ['校门口', '学校周界', '监控室', '门卫室'], problems: ['防冲撞设施缺失', '监控摄像头损坏', '一键报警装置未联网', '保安配备不足'] },
  SURR: { places: ['校门口 50 米内', '学校周边 100 米', '学校周边 200 米'], problems: ['无证流动摊贩聚集', '网吧距离学校过近', '向未成年人售烟', '彩票销售点靠近校门'] },
  STAB: { places: ['学校周边', '校门口', '家长接送区'], problems: ['家校纠纷未化解', '周边有重点人员活动', '涉校矛盾苗头'] },
  BULLY: { places: ['初二年级', '学生宿舍', '厕所走廊'], problems: ['发现欺凌苗头', '学生心理危机未及时干预', '心理咨询室未开放'] },
  NAT: { places: ['学校后山边坡', '操场排水沟', '教学楼避雷设施'], problems: ['边坡有滑坡隐患', '排水不畅，雨季易积水', '避雷装置未检测'] },
  DROWN: { places: ['学校附近河段', '村内池塘', '水库边'], problems: ['缺少防溺水警示牌', '救生设施缺失', '护栏损坏'] },
  ACT: { places: ['操场篮球架', '体育器材室', '礼堂'], problems: ['篮球架底座松动', '单杠锈蚀', '大型活动无安全预案'] },
  MGMT: { places: ['学校安全办', '德育处', '总务处'], problems: ['安全责任书未签订', '应急演练未按期开展', '隐患台账不完整'] },
};

const LEVEL_RANK: Record<RiskLevel, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

/** Final states with weights: most old hazards are closed, recent ones spread over the loop. */
function pickFinalState(r: ReturnType<typeof rng>, ageDays: number): HazardState {
  if (ageDays > 120) {
    const x = r.next();
    return x < 0.86 ? 'CLOSED' : x < 0.91 ? 'DISMISSED' : x < 0.93 ? 'WITHDRAWN' : x < 0.96 ? 'CONTROLLED' : x < 0.98 ? 'IN_PROGRESS' : 'ACCEPTED';
  }
  const states: HazardState[] = ['REPORTED', 'VERIFIED', 'ASSIGNED', 'IN_PROGRESS', 'CONTROLLED', 'RECTIFIED', 'ACCEPTED', 'CLOSED', 'DISMISSED', 'WITHDRAWN'];
  const weights = [10, 5, 10, 20, 4, 8, 5, 30, 5, 3];
  let x = r.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < states.length; i++) if ((x -= weights[i]!) < 0) return states[i]!;
  return 'CLOSED';
}

const ORDER: HazardState[] = ['REPORTED', 'VERIFIED', 'ASSIGNED', 'IN_PROGRESS', 'RECTIFIED', 'ACCEPTED', 'CLOSED'];
const reached = (final: HazardState, step: HazardState) => {
  const target = final === 'CONTROLLED' ? 'IN_PROGRESS' : final;
  return ORDER.indexOf(target) >= ORDER.indexOf(step) && ORDER.includes(target);
};

export function* generateHazards(count: number, g: GeneratorContext): Generator<GeneratedHazard> {
  const r = rng(g.seed);
  const hour = 3600_000;
  // Found dates in increasing order, so numbers grow with time as in real life.
  const start = g.now.getTime() - g.spanDays * 24 * hour;
  const step = (g.spanDays * 24 * hour) / Math.max(count, 1);
  const seqByYear = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const id = g.firstId + i;
    const foundAt = new Date(Math.min(start + i * step + r.next() * step, g.now.getTime() - hour));
    const ageDays = (g.now.getTime() - foundAt.getTime()) / (24 * hour);
    const school = r.pick(g.schools);
    const category = r.pick(g.categories);
    const text = TEXT[category.code] ?? TEXT.MGMT!;
    const location = r.pick(text.places);
    const description = `${location}${r.pick(text.problems)}。`;
    const year = Number(shanghaiDate(foundAt).slice(0, 4));
    const seq = (seqByYear.get(year) ?? g.seqStart.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const number = formatHazardNumber(year, seq);
    const final = pickFinalState(r, ageDays);
    const subjectType = category.code === 'SURR' || category.code === 'TRAF' || category.code === 'DROWN' ? 'surroundings' : 'campus';
    const reportedAt = new Date(foundAt.getTime() + r.int(1, 6) * hour);
    let t = reportedAt.getTime();
    const later = (minHours: number, maxHours: number) => {
      t = Math.min(t + r.int(minHours, maxHours) * hour, g.now.getTime() - 60_000);
      return new Date(t);
    };

    const hazard: typeof hazards.$inferInsert = {
      id,
      number,
      year,
      seq,
      state: final,
      version: 1,
      subjectType,
      distanceBand: subjectType === 'surroundings' ? r.pick(['50', '100', '200', 'beyond'] as const) : null,
      schoolId: school.id,
      townId: school.townId,
      location,
      categoryId: category.id,
      description,
      source: r.pick(['self_check', 'self_check', 'patrol', 'inspection', 'campaign', 'public'] as const),
      foundAt,
      foundBy: '',
      reportedBy: school.reporterId,
      reportedAt,
      searchTokens: searchTokens(number, location, description),
      updatedAt: reportedAt,
    };
    const evts: GeneratedHazard['events'] = [{ occurredAt: reportedAt, actorId: school.reporterId, entityType: 'hazard', entityId: String(id), action: 'reported', data: { to: 'REPORTED', number } }];
    const add = (at: Date, actorId: string, action: string, data: Record<string, unknown>) => {
      evts.push({ occurredAt: at, actorId, entityType: 'hazard', entityId: String(id), action, data });
      hazard.version = (hazard.version ?? 1) + 1;
      hazard.updatedAt = at;
    };
    const departments: GeneratedHazard['departments'] = [];
    const updates: GeneratedHazard['updates'] = [];
    const photos: GeneratedHazard['photos'] = [];
    const photo = (kind: 'report' | 'progress' | 'evidence', by: string, at: Date) => {
      if (g.photoKeys.length === 0) return;
      photos.push({ id: `${id.toString(16).padStart(12, '0')}${{ report: 1, progress: 2, evidence: 3 }[kind]}${photos.length.toString(16)}`.padEnd(32, '0'), hazardId: id, kind, storageKey: r.pick(g.photoKeys), contentType: 'image/png', bytes: 1000, width: 320, height: 240, uploadedBy: by, uploadedAt: at });
    };
    photo('report', school.reporterId, reportedAt);

    if (final === 'WITHDRAWN') add(later(1, 24), school.reporterId, 'withdrawn', { from: 'REPORTED', to: 'WITHDRAWN' });
    if (final === 'DISMISSED') {
      hazard.dismissReason = '经核实不构成隐患';
      add(later(2, 72), g.supervisorId, 'dismissed', { from: 'REPORTED', to: 'DISMISSED', reason: hazard.dismissReason });
    }
    if (reached(final, 'VERIFIED')) {
      const major = r.chance(0.08);
      const likelihood = major ? r.int(4, 5) : r.int(1, 4);
      const severity = major ? r.int(4, 5) : r.int(1, 4);
      const { score, level } = scoreMatrix(likelihood, severity);
      const at = later(2, 72);
      Object.assign(hazard, { grade: major ? 'major' : 'ordinary', scoringMethod: 'matrix', scoringInput: { likelihood, severity }, riskScore: score, riskLevel: level, levelRank: LEVEL_RANK[level], verifiedBy: g.supervisorId, verifiedAt: at });
      add(at, g.supervisorId, 'verified', { from: 'REPORTED', to: 'VERIFIED', grade: hazard.grade, riskLevel: level });
    }
    const fixedOnSpot = hazard.grade === 'ordinary' && reached(final, 'RECTIFIED') && r.chance(0.1);
    if (fixedOnSpot) {
      const at = later(1, 24);
      Object.assign(hazard, { rectifiedBy: school.reporterId, rectifiedAt: at, completionNote: '当场整改完毕' });
      updates.push({ hazardId: id, kind: 'fixOnSpot', text: '当场整改完毕', authorId: school.reporterId, createdAt: at });
      photo('evidence', school.reporterId, at);
      add(at, school.reporterId, 'fixedOnSpot', { from: 'VERIFIED', to: 'RECTIFIED', note: '当场整改完毕', photos: 1 });
    } else if (reached(final, 'ASSIGNED')) {
      const lead = category.leadDepartmentId ?? r.pick(g.departmentIds);
      const supports = r.chance(0.5) ? [r.pick(g.departmentIds)].filter((d) => d !== lead) : [];
      const at = later(4, 96);
      // Open work gets deadlines around today (some overdue, some due soon); finished work had room.
      const deadline = reached(final, 'ACCEPTED') ? addDays(shanghaiDate(at), r.int(7, 30)) : addDays(shanghaiDate(g.now), r.int(-20, 40));
      Object.assign(hazard, {
        leadDepartmentId: lead,
        deadline,
        responsiblePerson: r.pick(['张伟', '王芳', '李强', '刘洋', '陈静', '杨帆']),
        measures: hazard.grade === 'major' ? '制定专项整改方案，落实整改责任' : '',
        funds: hazard.grade === 'major' ? `${r.int(1, 20)} 万元` : '',
        contingencyPlan: hazard.grade === 'major' ? '整改期间设置警戒区域，安排专人值守' : '',
        assignedBy: g.supervisorId,
        assignedAt: at,
        listed: hazard.grade === 'major' && r.chance(0.5),
      });
      if (hazard.listed) Object.assign(hazard, { listedReason: '重大隐患，区级挂牌督办', listedBy: g.supervisorId, listedAt: at });
      departments.push({ hazardId: id, departmentId: lead, role: 'lead', task: '牵头完成整改' });
      for (const s of supports) departments.push({ hazardId: id, departmentId: s, role: 'support', task: '配合整改' });
      add(at, g.supervisorId, 'assigned', { from: 'VERIFIED', to: 'ASSIGNED', lead, supports, deadline, responsiblePerson: hazard.responsiblePerson });
      if (hazard.listed) add(at, g.supervisorId, 'listed', { reason: hazard.listedReason });
      // A department with no account here: the school's reporter stands in (never the accepting supervisor).
      const rectifier = g.departmentUsers.get(lead) ?? school.reporterId;
      if (reached(final, 'IN_PROGRESS')) {
        const pAt = later(12, 240);
        updates.push({ hazardId: id, kind: 'progress', text: '已制定整改方案，正在组织实施', authorId: rectifier, departmentId: lead, createdAt: pAt });
        photo('progress', rectifier, pAt);
        add(pAt, rectifier, 'progress', { from: 'ASSIGNED', to: 'IN_PROGRESS', text: '已制定整改方案，正在组织实施', photos: 1 });
      }
      if (final === 'CONTROLLED') {
        const cAt = later(12, 120);
        const newDate = addDays(shanghaiDate(g.now), r.int(10, 60));
        Object.assign(hazard, { interimMeasures: '设置警示标志和隔离设施，安排专人巡查', deadline: newDate });
        updates.push({ hazardId: id, kind: 'control', text: hazard.interimMeasures!, authorId: rectifier, departmentId: lead, createdAt: cAt });
        add(cAt, rectifier, 'controlled', { from: 'IN_PROGRESS', to: 'CONTROLLED', interimMeasures: hazard.interimMeasures });
      }
      if (reached(final, 'RECTIFIED')) {
        const rejectOnce = r.chance(0.12);
        const cAt = later(24, 480);
        updates.push({ hazardId: id, kind: 'completion', text: '已按要求完成整改', authorId: rectifier, departmentId: lead, createdAt: cAt });
        photo('evidence', rectifier, cAt);
        add(cAt, rectifier, 'completed', { from: 'IN_PROGRESS', to: 'RECTIFIED', note: '已按要求完成整改', photos: 1 });
        if (rejectOnce) {
          add(later(12, 96), g.supervisorId, 'rejected', { from: 'RECTIFIED', to: 'IN_PROGRESS', reason: '整改不彻底，请补充佐证', rejection: 1 });
          hazard.rejectionCount = 1;
          const c2 = later(24, 240);
          updates.push({ hazardId: id, kind: 'completion', text: '已补充整改并提供佐证', authorId: rectifier, departmentId: lead, createdAt: c2 });
          add(c2, rectifier, 'completed', { from: 'IN_PROGRESS', to: 'RECTIFIED', note: '已补充整改并提供佐证', photos: 0 });
        }
        Object.assign(hazard, { rectifiedBy: rectifier, rectifiedAt: new Date(t), completionNote: '已按要求完成整改' });
      }
    }
    if (reached(final, 'ACCEPTED')) {
      const at = later(12, 168);
      Object.assign(hazard, { acceptedBy: g.supervisorId, acceptedAt: at });
      add(at, g.supervisorId, 'accepted', { from: 'RECTIFIED', to: 'ACCEPTED', note: '验收合格' });
    }
    if (final === 'CLOSED') {
      const at = later(1, 72);
      Object.assign(hazard, { closedBy: g.supervisorId, closedAt: at });
      add(at, g.supervisorId, 'closed', { from: 'ACCEPTED', to: 'CLOSED' });
    }
    yield { hazard, departments, events: evts, updates, photos };
  }
}
