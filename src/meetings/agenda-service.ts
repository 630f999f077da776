import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { unitShortName } from '../admin/unit-names.js';
import type { SessionUser } from '../auth/sessions.js';
import { agendaItems, departments, meetingInvitations, meetings, meetingTopics } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { presetFilter, registerPage, type RegisterFilter } from '../hazards/register.js';
import { notify } from '../inbox/service.js';
import { DomainError, FieldErrors, notFound } from '../lib/errors.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { risksForAgenda } from '../risks/agenda-candidates.js';
import { hasStarted } from './live.js';
import { capPerKind, DEFAULT_PROPOSAL_CAP, moveSelected, proposalKey, proposeAgenda, type AgendaInput, type AgendaItem } from './agenda.js';
import { listOrders } from './order-service.js';
import { listResolutions } from './resolution-service.js';
import type { ResolutionStatus } from './resolutions.js';

type SupervisorActor = Actor & { user: SessionUser; now: Date };

/** The agenda can change until the meeting starts; then it is frozen. */
async function openMeeting(tx: Executor, meetingId: number, now: Date) {
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw notFound();
  if (meeting.status === 'cancelled') throw new DomainError(409, 'live.error.cancelled');
  if (hasStarted(meeting, now)) throw new DomainError(409, 'agenda.frozen');
  return meeting;
}

/** What the system proposes: the register's and the meetings' open business (at most 20 of each kind). */
async function agendaInput(db: Executor, user: SessionUser, meetingId: number, now: Date): Promise<AgendaInput> {
  const hazardPresets: Array<Partial<RegisterFilter>> = [
    { state: 'REPORTED', sort: 'found' },
    { grade: 'major', open: true, sort: 'level' },
    { level: 'red', open: true, sort: 'deadline' },
    { level: 'orange', open: true, sort: 'deadline' },
    { overdue: true, sort: 'deadline' },
  ];
  const pages = await Promise.all(hazardPresets.map((f) => registerPage(db, user, presetFilter(f), now, 20)));
  const hazards = pages.flatMap((p) => p.rows).map((r) => ({ id: r.id, number: r.number, state: r.state, grade: r.grade, riskLevel: r.riskLevel, deadline: r.deadline, listed: r.listed, schoolName: r.schoolName ?? r.institutionName ?? '', location: r.location }));
  const orders = (await listOrders(db, user, true)).map((o) => ({ id: o.id, subject: o.requirements.slice(0, 60), unitName: o.unitName, deadline: o.deadline, status: o.status as 'open' | 'answered' }));
  const decided = (await listResolutions(db, user))
    .filter((r) => r.status !== 'done' && r.status !== 'cancelled')
    .slice(0, 30)
    .map((r) => ({ id: r.id, content: r.content.slice(0, 80), leadUnitName: r.leadName, deadline: r.deadline, status: r.status as ResolutionStatus, awaitingConfirmation: r.awaitingConfirmation }));
  const topics = await db
    .select({ id: meetingTopics.id, title: meetingTopics.title, unitName: unitShortName, status: meetingTopics.status })
    .from(meetingTopics)
    .innerJoin(departments, eq(departments.id, meetingTopics.departmentId))
    .where(eq(meetingTopics.meetingId, meetingId));
  const risks = await risksForAgenda(db, user, now);
  return { hazards, supervisionOrders: orders, resolutions: decided, topics, risks, now };
}

/**
 * Replaces the draft agenda with the system's proposal, cut to a short list: `cap` items of each kind
 * (config agendaProposalCap); the rest are offered by moreProposals.
 */
export async function proposeAgendaFor(db: Db, actor: SupervisorActor, meetingId: number, cap = DEFAULT_PROPOSAL_CAP): Promise<void> {
  const input = await agendaInput(db, actor.user, meetingId, actor.now);
  const items = capPerKind(proposeAgenda(input), cap).shortList;
  await db.transaction(async (tx) => {
    await openMeeting(tx, meetingId, actor.now);
    await tx.delete(agendaItems).where(eq(agendaItems.meetingId, meetingId));
    if (items.length) await tx.insert(agendaItems).values(items.map((item, i) => ({ meetingId, position: i + 1, kind: item.kind, refId: item.refId, title: item.title, reason: item.reason })));
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'agendaProposed', data: { items: items.length } });
  });
}

export async function addAgendaItem(db: Db, actor: SupervisorActor, meetingId: number, title: string): Promise<void> {
  if (!title.trim()) throw new FieldErrors({ title: 'validation.required' });
  await db.transaction(async (tx) => {
    await openMeeting(tx, meetingId, actor.now);
    const [{ last }] = (await tx.select({ last: sql<number>`coalesce(max(${agendaItems.position}), 0)::int` }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId))) as [{ last: number }];
    await tx.insert(agendaItems).values({ meetingId, position: last + 1, kind: 'other', title: title.trim() });
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'agendaItemAdded', data: { title: title.trim() } });
  });
}

/** Moves an item up or down one place, or removes it. */
export async function changeAgendaItem(db: Db, actor: SupervisorActor, meetingId: number, itemId: number, change: 'up' | 'down' | 'remove'): Promise<void> {
  await db.transaction(async (tx) => {
    await openMeeting(tx, meetingId, actor.now);
    const items = await tx.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position), asc(agendaItems.id));
    const index = items.findIndex((i) => i.id === itemId);
    if (index < 0) throw notFound();
    if (change === 'remove') {
      await tx.delete(agendaItems).where(eq(agendaItems.id, itemId));
    } else {
      const other = items[change === 'up' ? index - 1 : index + 1];
      if (other) {
        await tx.update(agendaItems).set({ position: other.position }).where(eq(agendaItems.id, itemId));
        await tx.update(agendaItems).set({ position: items[index]!.position }).where(eq(agendaItems.id, other.id));
      }
    }
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'agendaChanged', data: { item: itemId, change } });
  });
}

/** The system's proposals that are not on the draft agenda (left off the short list, or removed). */
export async function moreProposals(db: Db, user: SessionUser, meetingId: number, now: Date): Promise<AgendaItem[]> {
  const input = await agendaInput(db, user, meetingId, now);
  const onAgenda = await db.select({ kind: agendaItems.kind, refId: agendaItems.refId }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId));
  const present = new Set(onAgenda.filter((i) => i.refId !== null && i.kind !== 'other').map((i) => proposalKey({ kind: i.kind as AgendaItem['kind'], refId: i.refId! })));
  return proposeAgenda(input).filter((item) => !present.has(proposalKey(item)));
}

/** Appends the chosen proposals (by proposalKey); only what the system proposes now can be added. */
export async function addProposals(db: Db, actor: SupervisorActor, meetingId: number, keys: readonly string[]): Promise<void> {
  const wanted = new Set(keys);
  const chosen = (await moreProposals(db, actor.user, meetingId, actor.now)).filter((item) => wanted.has(proposalKey(item)));
  if (chosen.length === 0) throw new FieldErrors({ proposals: 'agenda.chooseItems' });
  await db.transaction(async (tx) => {
    await openMeeting(tx, meetingId, actor.now);
    const [{ last }] = (await tx.select({ last: sql<number>`coalesce(max(${agendaItems.position}), 0)::int` }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId))) as [{ last: number }];
    await tx.insert(agendaItems).values(chosen.map((item, i) => ({ meetingId, position: last + i + 1, kind: item.kind, refId: item.refId, title: item.title, reason: item.reason })));
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'agendaChanged', data: { added: chosen.map(proposalKey) } });
  });
}

/** Removes the selected items, or moves them together to the top or the bottom. */
export async function changeAgendaItems(db: Db, actor: SupervisorActor, meetingId: number, itemIds: readonly number[], change: 'remove' | 'top' | 'bottom'): Promise<void> {
  const selected = new Set(itemIds);
  await db.transaction(async (tx) => {
    await openMeeting(tx, meetingId, actor.now);
    const items = await tx.select({ id: agendaItems.id, position: agendaItems.position }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position), asc(agendaItems.id));
    const ids = items.filter((i) => selected.has(i.id)).map((i) => i.id);
    if (ids.length === 0) throw new FieldErrors({ items: 'agenda.chooseItems' });
    if (change === 'remove') {
      await tx.delete(agendaItems).where(and(eq(agendaItems.meetingId, meetingId), inArray(agendaItems.id, ids)));
    } else {
      const ordered = moveSelected(items, selected, change);
      for (const [i, item] of ordered.entries()) {
        if (item.position !== i + 1) await tx.update(agendaItems).set({ position: i + 1 }).where(eq(agendaItems.id, item.id));
      }
    }
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'agendaChanged', data: { items: ids, change } });
  });
}

/** Publishes the agenda: the invited units are told in their inbox. */
export async function publishAgenda(db: Db, actor: SupervisorActor, meetingId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const meeting = await openMeeting(tx, meetingId, actor.now);
    // Nothing to tell the units about: an empty agenda is proposed or filled first.
    const [{ count }] = (await tx.select({ count: sql<number>`count(*)::int` }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId))) as [{ count: number }];
    if (count === 0) throw new DomainError(409, 'agenda.error.empty');
    await tx.update(meetings).set({ agendaPublishedAt: actor.now }).where(eq(meetings.id, meetingId));
    const invited = await tx.select({ departmentId: meetingInvitations.departmentId }).from(meetingInvitations).where(eq(meetingInvitations.meetingId, meetingId));
    for (const { departmentId } of invited) {
      await notify(tx, { departmentId }, { kind: 'agendaPublished', params: { title: meeting.title }, link: `/meetings/${meetingId}` });
    }
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'agendaPublished' });
  });
}

/**
 * An invited unit proposes a topic for the meeting, before it starts. `attachFiles` runs inside the
 * transaction once the topic exists, so its files go (or stay out) with it.
 */
export async function proposeTopic(db: Db, actor: Actor & { user: SessionUser; now: Date }, meetingId: number, title: string, text: string, attachFiles?: (tx: Executor, topicId: number) => Promise<void>): Promise<void> {
  const departmentId = actor.user.departmentId;
  if (!title.trim()) throw new FieldErrors({ title: 'validation.required' });
  await db.transaction(async (tx) => {
    await openMeeting(tx, meetingId, actor.now);
    const [invited] = await tx
      .select()
      .from(meetingInvitations)
      .where(and(eq(meetingInvitations.meetingId, meetingId), eq(meetingInvitations.departmentId, departmentId ?? -1)));
    if (!invited || !departmentId) throw notFound();
    const [topic] = await tx.insert(meetingTopics).values({ meetingId, departmentId, title: title.trim(), text: text.trim(), proposedBy: actor.user.id }).returning({ id: meetingTopics.id });
    await attachFiles?.(tx, topic!.id);
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'topicProposed', data: { department: departmentId, title: title.trim() } });
    await notify(tx, { role: 'supervisor' }, { kind: 'topicProposed', params: { title: title.trim() }, link: `/meetings/${meetingId}` });
  });
}

export async function agendaOf(db: Executor, meetingId: number) {
  const items = await db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position), asc(agendaItems.id));
  const topics = await db
    .select({ id: meetingTopics.id, departmentId: meetingTopics.departmentId, title: meetingTopics.title, text: meetingTopics.text, unitName: unitShortName })
    .from(meetingTopics)
    .innerJoin(departments, eq(departments.id, meetingTopics.departmentId))
    .where(eq(meetingTopics.meetingId, meetingId))
    .orderBy(asc(meetingTopics.id));
  return { items, topics };
}

/** During and after the meeting: what was said or decided on an item (feeds the minutes' draft). */
export async function noteAgendaItem(db: Db, actor: Actor, meetingId: number, itemId: number, note: string): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(agendaItems)
      .set({ note: note.trim() })
      .where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)))
      .returning({ id: agendaItems.id });
    if (updated.length === 0) throw notFound();
    await recordEvent(tx, actor, { entityType: 'meeting', entityId: meetingId, action: 'agendaNoted', data: { item: itemId, note: note.trim() } });
  });
}
