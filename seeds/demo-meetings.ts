import { eq, inArray } from 'drizzle-orm';
import { departments, meetingInvitations, meetings, resolutionNotes, resolutions, resolutionSupports, users } from '../src/db/schema/index.js';
import type { Db } from '../src/db/types.js';
import { addDays, shanghaiDate } from '../src/hazards/deadlines.js';

/** A past joint meeting with attendance and resolutions in every status, and an upcoming one. */
export async function seedDemoMeetings(db: Db, now = new Date()): Promise<void> {
  const [supervisor] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'supervisor'));
  const [police] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'police'));
  if (!supervisor || !police) return;
  const core = await db.select({ id: departments.id, code: departments.code }).from(departments).where(inArray(departments.code, ['ZFW', 'EDU', 'PSB', 'FIRE', 'EMG', 'SAMR']));
  const unit = (code: string) => core.find((d) => d.code === code)!.id;
  const today = shanghaiDate(now);
  const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
  const year = today.slice(0, 4);

  const past = addDays(today, -21);
  const [held] = await db
    .insert(meetings)
    .values({ number: `${year}年第11次（演示）`, title: '校园安全风险研判联席会议（演示）', kind: 'regular', convener: '区委政法委', chair: '王局长（演示）', startsAt: at(past, '09:30'), endsAt: at(past, '11:30'), place: '区教育局三楼会议室', createdBy: supervisor.id })
    .returning({ id: meetings.id });
  await db.insert(meetingInvitations).values(
    core.map((d) => ({ meetingId: held!.id, departmentId: d.id, response: d.code === 'EMG' ? ('leave' as const) : ('attending' as const), responseNote: d.code === 'EMG' ? '参加市应急演练' : '', attendance: d.code === 'EMG' ? ('leave' as const) : ('present' as const) })),
  );
  const decided = [
    { content: '开展校园周边无证摊贩专项整治，上下学高峰时段加强巡查（演示）', lead: 'PSB', supports: ['SAMR'], deadline: addDays(today, 20), status: 'in_progress', note: '已安排民警每日巡查 3 所学校周边（演示）' },
    { content: '完成全区学校食堂燃气管道安全检查（演示）', lead: 'SAMR', supports: ['FIRE'], deadline: addDays(today, -3), status: 'pending', note: '' },
    { content: '组织消防疏散演练，覆盖全部寄宿制学校（演示）', lead: 'FIRE', supports: ['EDU'], deadline: addDays(today, -7), status: 'done', note: '已完成 12 所学校演练（演示）' },
    { content: '对学校周边网吧进行一次联合检查（演示）', lead: 'ZFW', supports: ['PSB'], deadline: addDays(today, 30), status: 'cancelled', note: '' },
  ];
  for (const r of decided) {
    const [row] = await db
      .insert(resolutions)
      .values({ meetingId: held!.id, content: r.content, leadDepartmentId: unit(r.lead), deadline: r.deadline, feedbackSchedule: 'weekly', status: r.status, createdBy: supervisor.id, createdAt: at(past, '11:00') })
      .returning({ id: resolutions.id });
    await db.insert(resolutionSupports).values(r.supports.map((s) => ({ resolutionId: row!.id, departmentId: unit(s) })));
    if (r.note) await db.insert(resolutionNotes).values({ resolutionId: row!.id, action: r.status === 'done' ? 'reportDone' : 'feedback', text: r.note, departmentId: unit(r.lead), authorId: r.lead === 'PSB' ? police.id : supervisor.id });
    if (r.status === 'done') await db.insert(resolutionNotes).values({ resolutionId: row!.id, action: 'confirm', text: '', authorId: supervisor.id });
  }

  const next = addDays(today, 9);
  const [coming] = await db
    .insert(meetings)
    .values({ number: `${year}年第12次（演示）`, title: '校园安全风险研判联席会议（演示）', kind: 'regular', convener: '区委政法委', chair: '王局长（演示）', startsAt: at(next, '09:30'), endsAt: at(next, '11:30'), place: '区教育局三楼会议室', createdBy: supervisor.id })
    .returning({ id: meetings.id });
  await db.insert(meetingInvitations).values(core.map((d) => ({ meetingId: coming!.id, departmentId: d.id })));
}
