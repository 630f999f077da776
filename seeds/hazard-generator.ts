import { type HazardState } from '../src/hazards/lifecycle.js';
import { formatHazardNumber } from '../src/hazards/numbering.js';
import { searchTokens } from '../src/hazards/search.js';
import { scoreMatrix, type RiskLevel } from '../src/hazards/scoring.js';
import { addDays, shanghaiDate } from '../src/lib/shanghai-time.js';
import type { hazardDeadlineChanges, hazardDepartments, hazardPhotos, hazards, hazardUpdates, events, SchoolKind } from '../src/db/schema/index.js';
import { INSTITUTION_CATEGORIES, placesFor, type PlaceKind } from './hazard-places.js';

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
  /** schools with their town and kind, and their safety officer's account (if it has one) */
  schools: Array<{ id: number; townId: number; kind: SchoolKind; officerId: string | null }>;
  /** training institutions (some hazards are about them: reported and rectified by departments) */
  institutions: Array<{ id: number; townId: number }>;
  categories: Array<{ id: number; code: string; leadDepartmentId: number | null }>;
  departments: Array<{ id: number; code: string; name: string }>;
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
  deadlineChanges: Array<typeof hazardDeadlineChanges.$inferInsert>;
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

const LEVEL_RANK: Record<RiskLevel, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

/** Final states with weights: most old hazards are closed, recent ones spread over the loop, today's still early in it. */
function pickFinalState(r: ReturnType<typeof rng>, ageDays: number): HazardState {
  if (ageDays < 2) {
    const x = r.next();
    return x < 0.6 ? 'REPORTED' : x < 0.75 ? 'VERIFIED' : x < 0.9 ? 'ASSIGNED' : x < 0.95 ? 'WITHDRAWN' : 'DISMISSED';
  }
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

/** Share of hazards about training institutions (when there are any, and a department to rectify them). */
const INSTITUTION_SHARE = 0.06;
/** Share of on-campus items the school rectifies itself, the departments supervising (not stability risks). */
const SCHOOL_LED_SHARE = 0.8;
const NOT_SCHOOL_LED = new Set(['STAB']);

export function* generateHazards(count: number, g: GeneratorContext): Generator<GeneratedHazard> {
  const r = rng(g.seed);
  const hour = 3600_000;
  // Nothing happens later than a minute before now.
  const limit = g.now.getTime() - 60_000;
  // Found dates in increasing order, so numbers grow with time as in real life.
  const start = g.now.getTime() - g.spanDays * 24 * hour;
  const step = (g.spanDays * 24 * hour) / Math.max(count, 1);
  const seqByYear = new Map<number, number>();
  const departmentName = new Map(g.departments.map((d) => [d.id, d.name]));
  const departmentIds = g.departments.map((d) => d.id);
  const byCode = new Map(g.categories.map((c) => [c.code, c]));
  // Institution hazards only in categories whose lead department has a member to rectify them.
  const institutionCategories = INSTITUTION_CATEGORIES.map((code) => byCode.get(code)).filter(
    (c): c is GeneratorContext['categories'][number] => c !== undefined && c.leadDepartmentId !== null && g.departmentUsers.has(c.leadDepartmentId),
  );
  for (let i = 0; i < count; i++) {
    const id = g.firstId + i;
    const foundAt = new Date(Math.min(start + i * step + r.next() * step, g.now.getTime() - hour));
    const ageDays = (g.now.getTime() - foundAt.getTime()) / (24 * hour);
    const aboutInstitution = g.institutions.length > 0 && institutionCategories.length > 0 && r.chance(INSTITUTION_SHARE);
    const institution = aboutInstitution ? r.pick(g.institutions) : null;
    const school = aboutInstitution ? null : r.pick(g.schools);
    const placeKind: PlaceKind = school ? school.kind : 'institution';
    const category = aboutInstitution ? r.pick(institutionCategories) : r.pick(g.categories);
    const texts = placesFor(category.code, placeKind);
    const text = r.pick(texts.length ? texts : placesFor('MGMT', placeKind));
    const location = text.place;
    const description = `${location}${r.pick(text.problems)}。`;
    const year = Number(shanghaiDate(foundAt).slice(0, 4));
    const seq = (seqByYear.get(year) ?? g.seqStart.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const number = formatHazardNumber(year, seq);
    const final = pickFinalState(r, ageDays);
    const subjectType = institution ? 'institution' : category.code === 'SURR' || category.code === 'TRAF' || category.code === 'DROWN' ? 'surroundings' : 'campus';
    // A school's officer reports for it; a department (or the bureau) reports what its inspection found.
    const inspector = institution ? (g.departmentUsers.get(category.leadDepartmentId!) ?? g.supervisorId) : null;
    const reporterId = school ? (school.officerId ?? g.supervisorId) : inspector!;
    let t = foundAt.getTime();
    // The next moment, some hours on; squeezed into what is left before now, so events never pass it.
    const later = (minHours: number, maxHours: number) => {
      const next = t + r.int(minHours, maxHours) * hour;
      t = next <= limit ? next : t + Math.max(1, Math.floor((limit - t) / 2));
      return new Date(t);
    };
    const reportedAt = later(1, 6);

    const hazard: typeof hazards.$inferInsert = {
      id,
      number,
      year,
      seq,
      state: final,
      version: 1,
      subjectType,
      distanceBand: subjectType === 'surroundings' ? r.pick(['50', '100', '200', 'beyond'] as const) : null,
      schoolId: school?.id ?? null,
      institutionId: institution?.id ?? null,
      townId: (school ?? institution)!.townId,
      location,
      categoryId: category.id,
      description,
      source: institution ? r.pick(['inspection', 'inspection', 'campaign', 'public'] as const) : r.pick(['self_check', 'self_check', 'patrol', 'inspection', 'campaign', 'public'] as const),
      foundAt,
      foundBy: '',
      reportedBy: reporterId,
      reportedAt,
      searchTokens: searchTokens(number, location, description),
      updatedAt: reportedAt,
    };
    const evts: GeneratedHazard['events'] = [{ occurredAt: reportedAt, actorId: reporterId, entityType: 'hazard', entityId: String(id), action: 'reported', data: { to: 'REPORTED', number } }];
    const add = (at: Date, actorId: string, action: string, data: Record<string, unknown>) => {
      evts.push({ occurredAt: at, actorId, entityType: 'hazard', entityId: String(id), action, data });
      hazard.version = (hazard.version ?? 1) + 1;
      hazard.updatedAt = at;
    };
    const departments: GeneratedHazard['departments'] = [];
    const updates: GeneratedHazard['updates'] = [];
    const photos: GeneratedHazard['photos'] = [];
    const deadlineChanges: GeneratedHazard['deadlineChanges'] = [];
    const photo = (kind: 'report' | 'progress' | 'evidence', by: string, at: Date) => {
      if (g.photoKeys.length === 0) return;
      photos.push({ id: `${id.toString(16).padStart(12, '0')}${{ report: 1, progress: 2, evidence: 3 }[kind]}${photos.length.toString(16)}`.padEnd(32, '0'), hazardId: id, kind, storageKey: r.pick(g.photoKeys), contentType: 'image/png', bytes: 1000, width: 320, height: 240, uploadedBy: by, uploadedAt: at });
    };
    photo('report', reporterId, reportedAt);

    if (final === 'WITHDRAWN') add(later(1, 24), reporterId, 'withdrawn', { from: 'REPORTED', to: 'WITHDRAWN' });
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
    // Only a school's own officer fixes on the spot (never the bureau that accepts it).
    const fixedOnSpot = school?.officerId != null && hazard.grade === 'ordinary' && reached(final, 'RECTIFIED') && r.chance(0.1);
    if (fixedOnSpot) {
      const at = later(1, 24);
      Object.assign(hazard, { rectifiedBy: reporterId, rectifiedAt: at, completionNote: '当场整改完毕' });
      updates.push({ hazardId: id, kind: 'fixOnSpot', text: '当场整改完毕', authorId: reporterId, createdAt: at });
      photo('evidence', reporterId, at);
      add(at, reporterId, 'fixedOnSpot', { from: 'VERIFIED', to: 'RECTIFIED', note: '当场整改完毕', photos: 1 });
    } else if (reached(final, 'ASSIGNED')) {
      const suggested = category.leadDepartmentId ?? r.pick(departmentIds);
      // On campus the school rectifies most items itself, the category's department supervising; a school
      // without an officer account cannot record its work, so a department leads there.
      const schoolLed = subjectType === 'campus' && school?.officerId != null && !NOT_SCHOOL_LED.has(category.code) && r.chance(SCHOOL_LED_SHARE);
      const lead = schoolLed ? null : suggested;
      const supports = schoolLed ? [suggested] : r.chance(0.5) ? [r.pick(departmentIds)].filter((d) => d !== lead) : [];
      const supportTask = schoolLed ? '督促指导学校整改' : '配合整改';
      const at = later(4, 96);
      const assignedOn = shanghaiDate(at);
      const deadline = addDays(assignedOn, hazard.grade === 'major' ? r.int(30, 90) : r.int(7, 45));
      Object.assign(hazard, {
        leadDepartmentId: lead,
        assignedToSchool: schoolLed,
        deadline,
        originalDeadline: deadline,
        responsiblePerson: r.pick(['张伟', '王芳', '李强', '刘洋', '陈静', '杨帆']),
        measures: hazard.grade === 'major' ? '制定专项整改方案，落实整改责任' : '',
        funds: hazard.grade === 'major' ? `${r.int(1, 20)} 万元` : '',
        contingencyPlan: hazard.grade === 'major' ? '整改期间设置警戒区域，安排专人值守' : '',
        assignedBy: g.supervisorId,
        assignedAt: at,
        listed: hazard.grade === 'major' && r.chance(0.5),
      });
      if (hazard.listed) Object.assign(hazard, { listedReason: '重大隐患，区级挂牌督办', listedBy: g.supervisorId, listedAt: at, listedLevel: 'district', listedOn: assignedOn });
      if (lead !== null) departments.push({ hazardId: id, departmentId: lead, role: 'lead', task: '牵头完成整改' });
      for (const s of supports) departments.push({ hazardId: id, departmentId: s, role: 'support', task: supportTask });
      add(at, g.supervisorId, 'assigned', {
        from: 'VERIFIED',
        to: 'ASSIGNED',
        lead: lead ?? 'school',
        leadName: lead === null ? undefined : departmentName.get(lead),
        supports,
        supportNames: supports.map((s) => departmentName.get(s) ?? ''),
        supportTasks: supports.map(() => supportTask),
        deadline,
        responsiblePerson: hazard.responsiblePerson,
      });
      if (hazard.listed) add(at, g.supervisorId, 'listed', { reason: hazard.listedReason, level: 'district', listedOn: assignedOn });
      // A department with no account here: the school's officer stands in; failing that the department
      // that reported it (never the accepting supervisor, as far as the data allows).
      const rectifier = lead === null ? reporterId : (g.departmentUsers.get(lead) ?? school?.officerId ?? reporterId);
      const unit = lead ?? undefined;
      if (reached(final, 'IN_PROGRESS')) {
        const pAt = later(12, 240);
        updates.push({ hazardId: id, kind: 'progress', text: '已制定整改方案，正在组织实施', authorId: rectifier, departmentId: unit, createdAt: pAt });
        photo('progress', rectifier, pAt);
        add(pAt, rectifier, 'progress', { from: 'ASSIGNED', to: 'IN_PROGRESS', text: '已制定整改方案，正在组织实施', photos: 1 });
      }
      if (final === 'CONTROLLED') {
        // The new date is only asked for: the deadline stays until a supervisor grants it.
        const cAt = later(12, 120);
        const requested = addDays(deadline > shanghaiDate(g.now) ? deadline : shanghaiDate(g.now), r.int(10, 60));
        const reason = '整改资金待下拨，已落实临时管控措施';
        Object.assign(hazard, { interimMeasures: '设置警示标志和隔离设施，安排专人巡查', extensionRequestedTo: requested, extensionReason: reason, extensionRequestedBy: rectifier });
        updates.push({ hazardId: id, kind: 'control', text: hazard.interimMeasures!, authorId: rectifier, departmentId: unit, createdAt: cAt });
        deadlineChanges.push({ hazardId: id, kind: 'control', fromDate: deadline, toDate: requested, reason, requestedBy: rectifier, requestedAt: cAt });
        add(cAt, rectifier, 'controlled', { from: 'IN_PROGRESS', to: 'CONTROLLED', interimMeasures: hazard.interimMeasures, requested, reason });
      }
      if (reached(final, 'RECTIFIED')) {
        const rejectOnce = r.chance(0.12);
        const cAt = later(24, 480);
        updates.push({ hazardId: id, kind: 'completion', text: '已按要求完成整改', authorId: rectifier, departmentId: unit, createdAt: cAt });
        photo('evidence', rectifier, cAt);
        add(cAt, rectifier, 'completed', { from: 'IN_PROGRESS', to: 'RECTIFIED', note: '已按要求完成整改', photos: 1 });
        if (rejectOnce) {
          add(later(12, 96), g.supervisorId, 'rejected', { from: 'RECTIFIED', to: 'IN_PROGRESS', reason: '整改不彻底，请补充佐证', rejection: 1 });
          hazard.rejectionCount = 1;
          const c2 = later(24, 240);
          updates.push({ hazardId: id, kind: 'completion', text: '已补充整改并提供佐证', authorId: rectifier, departmentId: unit, createdAt: c2 });
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
      const wasListed = hazard.listed;
      Object.assign(hazard, { closedBy: g.supervisorId, closedAt: at, listed: false });
      add(at, g.supervisorId, 'closed', { from: 'ACCEPTED', to: 'CLOSED' });
      // 销号 unlists a listed hazard with it (摘牌), as closeHazard records it.
      if (wasListed) add(at, g.supervisorId, 'unlisted', { atClose: true, level: 'district' });
    }
    yield { hazard, departments, events: evts, updates, photos, deadlineChanges };
  }
}
