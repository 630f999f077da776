import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { SessionUser } from '../src/auth/sessions.js';
import { agendaItems, departments, hazards, meetingInvitations, meetings, meetingTopics, resolutionNotes, resolutions, resolutionSupports, riskPoints, users } from '../src/db/schema/index.js';
import { atMeeting } from '../src/meetings/live-service.js';
import { reassessRisk } from '../src/risks/service.js';
import type { Db } from '../src/db/types.js';
import { addDays, shanghaiDate, shanghaiInstant } from '../src/lib/shanghai-time.js';
import { proposeAgendaFor, publishAgenda } from '../src/meetings/agenda-service.js';
import { issueMinutes, minutesOf, redraftMinutes } from '../src/meetings/minutes-service.js';
import { loadMeeting } from '../src/meetings/service.js';
import { formatDocumentNumber } from '../src/documents/numbering.js';
import { documentYear } from '../src/documents/service.js';
import { documentSettings } from '../src/documents/settings.js';

/**
 * The meetings of the demo: one held three weeks ago (attendance, a walked agenda, resolutions in every
 * status, issued minutes), one tomorrow with a published agenda (the supervisor can open it today and
 * try the live page) and one later with a proposed draft agenda. Everything is dated as it would have
 * happened: a meeting discusses only hazards reported before it sat, notes follow the decisions, and
 * nothing is later than now.
 */
export async function seedDemoMeetings(db: Db, now: Date): Promise<void> {
  const [supervisor] = await db.select().from(users).where(eq(users.username, 'supervisor'));
  const [police] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'police'));
  const [fire] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'fire'));
  if (!supervisor || !police || !fire) return;
  const user: SessionUser = { id: supervisor.id, username: supervisor.username, displayName: supervisor.displayName, role: 'supervisor', schoolId: null, departmentId: null, locale: 'zh-CN', mustChangePassword: false, isDemo: true };
  const actor = { userId: supervisor.id, user, now };
  const core = await db.select({ id: departments.id, code: departments.code }).from(departments).where(inArray(departments.code, ['ZFW', 'EDU', 'PSB', 'FIRE', 'EMG', 'SAMR']));
  const unit = (code: string) => core.find((d) => d.code === code)!.id;
  const today = shanghaiDate(now);
  const at = shanghaiInstant;
  const year = today.slice(0, 4);

  const past = addDays(today, -21);
  const [held] = await db
    .insert(meetings)
    .values({ number: `${year}年第11次（演示）`, title: '校园安全风险研判联席会议（演示）', kind: 'regular', convener: '区委政法委', chair: '王局长（演示）', startsAt: at(past, '09:30'), endsAt: at(past, '11:30'), openedAt: at(past, '09:28'), closedAt: at(past, '11:35'), closedBy: supervisor.id, place: '区教育局三楼会议室', createdBy: supervisor.id, createdAt: at(addDays(past, -10), '15:00') })
    .returning({ id: meetings.id });
  await db.insert(meetingInvitations).values(
    core.map((d) => ({ meetingId: held!.id, departmentId: d.id, response: d.code === 'EMG' ? ('leave' as const) : ('attending' as const), responseNote: d.code === 'EMG' ? '参加市应急演练' : '', attendance: d.code === 'EMG' ? ('leave' as const) : ('present' as const) })),
  );
  const decided = [
    { content: '开展校园周边无证摊贩专项整治，上下学高峰时段加强巡查（演示）', lead: 'PSB', supports: ['SAMR'], deadline: addDays(today, 20), status: 'in_progress' as const, note: '已安排民警每日巡查 3 所学校周边（演示）' },
    { content: '完成全区学校食堂燃气管道安全检查（演示）', lead: 'SAMR', supports: ['FIRE'], deadline: addDays(today, -3), status: 'pending' as const, note: '' },
    { content: '组织消防疏散演练，覆盖全部寄宿制学校（演示）', lead: 'FIRE', supports: ['EDU'], deadline: addDays(today, -7), status: 'done' as const, note: '已完成 12 所学校演练（演示）' },
    { content: '对学校周边网吧进行一次联合检查（演示）', lead: 'ZFW', supports: ['PSB'], deadline: addDays(today, 30), status: 'cancelled' as const, note: '' },
  ];
  for (const r of decided) {
    const [row] = await db
      .insert(resolutions)
      .values({ meetingId: held!.id, content: r.content, leadDepartmentId: unit(r.lead), deadline: r.deadline, feedbackSchedule: 'weekly', status: r.status, createdBy: supervisor.id, createdAt: at(past, '11:00') })
      .returning({ id: resolutions.id });
    await db.insert(resolutionSupports).values(r.supports.map((s) => ({ resolutionId: row!.id, departmentId: unit(s) })));
    // Feedback a week after the sitting, the bureau's confirmation the day after.
    if (r.note) await db.insert(resolutionNotes).values({ resolutionId: row!.id, action: r.status === 'done' ? 'reportDone' : 'feedback', text: r.note, departmentId: unit(r.lead), authorId: r.lead === 'PSB' ? police.id : r.lead === 'FIRE' ? fire.id : supervisor.id, createdAt: at(addDays(past, 7), '16:00') });
    if (r.status === 'done') await db.insert(resolutionNotes).values({ resolutionId: row!.id, action: 'confirm', text: '', authorId: supervisor.id, createdAt: at(addDays(past, 8), '09:00') });
  }

  // The held meeting's agenda as it was walked (a major hazard reported before it sat), then its minutes
  // drafted that afternoon and issued two days later.
  const [major] = await db
    .select({ id: hazards.id, number: hazards.number, location: hazards.location })
    .from(hazards)
    .where(and(eq(hazards.grade, 'major'), eq(hazards.state, 'IN_PROGRESS'), lt(hazards.reportedAt, at(past, '09:30'))))
    .orderBy(desc(hazards.id))
    .limit(1);
  const walked = [
    ...(major ? [{ kind: 'majorHazard' as const, refId: major.id, title: `重大隐患 ${major.number}：${major.location}`, reason: 'major' as const, note: '会议要求牵头单位加快整改，每周报送进展（演示）', outcome: 'decided' as const }] : []),
    { kind: 'other' as const, refId: null, title: '通报上次会议议定事项落实情况（演示）', reason: '' as const, note: '各牵头单位逐项汇报，整体进展良好（演示）', outcome: 'discussed' as const },
    { kind: 'other' as const, refId: null, title: '研究寒假前校园周边安全排查工作（演示）', reason: '' as const, note: '', outcome: 'deferred' as const },
  ];
  await db.insert(agendaItems).values(walked.map((item, i) => ({ meetingId: held!.id, position: i + 1, ...item })));
  await assessGateAtMeeting(db, { ...actor, user }, held!, walked.length + 1, past, unit('PSB'));
  const heldDetail = await loadMeeting(db, user, held!.id, now);
  const draftedAt = at(past, '15:00');
  await redraftMinutes(db, { ...actor, now: draftedAt }, heldDetail!, 'zh-CN', null, draftedAt);
  const { minutes } = await minutesOf(db, held!.id);
  // Numbered like a real one (the kind's prefix, the year of issue): a number must match the kind's pattern.
  const issuedAt = at(addDays(past, 2), '10:00');
  const { prefixes } = await documentSettings(db);
  await issueMinutes(db, { ...actor, now: issuedAt }, held!.id, minutes!.version, formatDocumentNumber(prefixes.minutes, { year: documentYear(issuedAt), seq: 11 }), issuedAt);

  // Tomorrow: invitations answered, a unit's topic, the agenda proposed and published.
  const tomorrow = addDays(today, 1);
  const [coming] = await db
    .insert(meetings)
    .values({ number: `${year}年第12次（演示）`, title: '校园安全风险研判联席会议（演示）', kind: 'regular', convener: '区委政法委', chair: '王局长（演示）', startsAt: at(tomorrow, '09:30'), endsAt: at(tomorrow, '11:30'), place: '区教育局三楼会议室', createdBy: supervisor.id, createdAt: at(addDays(today, -7), '15:00') })
    .returning({ id: meetings.id });
  await db.insert(meetingInvitations).values(
    core.map((d) => ({
      meetingId: coming!.id,
      departmentId: d.id,
      ...(d.code === 'PSB' ? { response: 'standIn' as const, responseNote: '联络员 李警官（演示）', respondedBy: police.id, respondedAt: now } : {}),
      ...(d.code === 'FIRE' ? { response: 'attending' as const, respondedBy: fire.id, respondedAt: now } : {}),
    })),
  );
  await db.insert(meetingTopics).values({ meetingId: coming!.id, departmentId: unit('FIRE'), title: '寄宿制学校宿舍电气线路老化问题（演示）', text: '近期检查发现 3 所寄宿制学校宿舍电气线路老化，建议列入专项整治（演示）', proposedBy: fire.id, createdAt: new Date(now.getTime() - 26 * 3600_000) });
  await proposeAgendaFor(db, actor, coming!.id);
  await publishAgenda(db, actor, coming!.id);

  // Later: scheduled, with the system's proposal as a draft agenda.
  const later = addDays(today, 30);
  const [planned] = await db
    .insert(meetings)
    .values({ number: `${year}年第13次（演示）`, title: '校园安全风险研判联席会议（演示）', kind: 'regular', convener: '区委政法委', chair: '王局长（演示）', startsAt: at(later, '09:30'), endsAt: at(later, '11:30'), place: '区教育局三楼会议室', createdBy: supervisor.id, createdAt: now })
    .returning({ id: meetings.id });
  await db.insert(meetingInvitations).values(core.map((d) => ({ meetingId: planned!.id, departmentId: d.id })));
  await proposeAgendaFor(db, actor, planned!.id);
}

/**
 * 研判 at the held meeting: the gate point (raised to orange by the school) is confirmed at orange through
 * the register's own re-assessment, tagged with the meeting, and the police get its control task as a
 * resolution on the item. Done at 10:05 that day, so it sits between the point's earlier assessment and now.
 */
async function assessGateAtMeeting(db: Db, actor: { userId: string; user: SessionUser }, held: { id: number }, position: number, day: string, police: number): Promise<void> {
  const [gate] = await db.select().from(riskPoints).where(eq(riskPoints.name, '校门口上下学高峰')).orderBy(riskPoints.id).limit(1);
  const [m] = await db.select().from(meetings).where(eq(meetings.id, held.id));
  const when = shanghaiInstant(day, '10:05');
  if (!gate || !m || gate.assessedAt >= when) return;
  const [item] = await db
    .insert(agendaItems)
    .values({ meetingId: held.id, position, kind: 'riskAssessment', refId: gate.id, title: '校门口上下学高峰（演示）', reason: 'levelRose', note: '公安分局通报近期两起险情（演示）', outcome: 'decided' })
    .returning({ id: agendaItems.id });
  const tagged = atMeeting({ ...actor, now: when }, m);
  const input = gate.scoringInput as { likelihood: number; severity: number };
  await reassessRisk(db, tagged, gate.id, gate.version, { scoring: { method: 'matrix', ...input }, reason: '护学岗落实后险情减少，但车流仍大，维持较大风险管控（演示）', nextReviewOn: null }, gate.measuresEmergency, when);
  await db.insert(resolutions).values({ meetingId: held.id, content: '校门口增设隔离护栏，上下学高峰时段安排警力护学（演示）', leadDepartmentId: police, deadline: addDays(shanghaiDate(when), 35), feedbackSchedule: 'weekly', status: 'in_progress', agendaItemId: item!.id, createdBy: actor.userId, createdAt: shanghaiInstant(day, '10:10') });
}
