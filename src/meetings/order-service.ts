import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { unitShortName } from '../admin/unit-names.js';
import type { SessionUser } from '../auth/sessions.js';
import { departments, hazards, resolutions, supervisionOrders } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { isValidFutureDeadline } from '../hazards/deadlines.js';
import { notify } from '../inbox/service.js';
import { DomainError, FieldErrors, forbidden, notFound } from '../lib/errors.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { canViewOrder, orderActions, visibleOrders, type OrderAction } from '../policy.js';
import type { ORDER_EVENTS } from '../lib/event-kinds.js';
import { takeNumber, withFreshNumber } from '../documents/service.js';

export interface OrderInput {
  departmentId: number;
  hazardId: number | null;
  resolutionId: number | null;
  requirements: string;
  deadline: string;
  /** typed by hand (must match the order pattern); empty or absent: the next number of the year */
  documentNumber?: string;
}

/** Issues a supervision order (督办单) to a unit; the unit is told, and the hazard's history records it. */
export async function issueOrder(db: Db, actor: Actor & { userId: string }, input: OrderInput, now: Date): Promise<number> {
  if (!isValidFutureDeadline(input.deadline, now)) throw new FieldErrors({ deadline: 'hazard.deadlineInPast' });
  const [unit] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.id, input.departmentId), eq(departments.active, true)));
  if (!unit) throw new FieldErrors({ departmentId: 'validation.choose' });
  if (input.hazardId) {
    const [h] = await db.select({ id: hazards.id }).from(hazards).where(eq(hazards.id, input.hazardId));
    if (!h) throw new FieldErrors({ hazardId: 'validation.choose' });
  }
  if (input.resolutionId) {
    const [r] = await db.select({ id: resolutions.id }).from(resolutions).where(eq(resolutions.id, input.resolutionId));
    if (!r) throw new FieldErrors({ resolutionId: 'validation.choose' });
  }
  const { documentNumber: typed = '', ...fields } = input;
  return withFreshNumber(db, typed, (db) => db.transaction(async (tx) => {
    const documentNumber = await takeNumber(tx, 'order', now, typed);
    const [row] = await tx.insert(supervisionOrders).values({ ...fields, documentNumber, createdBy: actor.userId, createdAt: now }).returning({ id: supervisionOrders.id });
    const id = row!.id;
    await recordEvent(tx, actor, { entityType: 'supervisionOrder', entityId: id, action: 'issued', data: { ...fields, documentNumber } });
    if (input.hazardId) await recordEvent(tx, actor, { entityType: 'hazard', entityId: input.hazardId, action: 'orderIssued', data: { order: id, deadline: input.deadline, text: input.requirements } });
    await notify(tx, { departmentId: input.departmentId }, { kind: 'orderIssued', params: { deadline: input.deadline }, link: `/supervision-orders/${id}` });
    return id;
  }));
}

export async function loadOrder(db: Executor, user: SessionUser, id: number) {
  const [order] = await db
    .select({ order: supervisionOrders, unitName: departments.name, unitNameEn: departments.nameEn, hazardNumber: hazards.number, resolutionContent: resolutions.content })
    .from(supervisionOrders)
    .innerJoin(departments, eq(departments.id, supervisionOrders.departmentId))
    .leftJoin(hazards, eq(hazards.id, supervisionOrders.hazardId))
    .leftJoin(resolutions, eq(resolutions.id, supervisionOrders.resolutionId))
    .where(eq(supervisionOrders.id, id));
  if (!order || !canViewOrder(user, order.order)) return null;
  return { ...order, actions: orderActions(user, order.order) };
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

/** Orders the user may see: open ones first, then by deadline. */
export async function listOrders(db: Executor, user: SessionUser, onlyOpen = false) {
  const scope = visibleOrders(user);
  return db
    .select({ id: supervisionOrders.id, documentNumber: supervisionOrders.documentNumber, requirements: supervisionOrders.requirements, deadline: supervisionOrders.deadline, status: supervisionOrders.status, unitName: unitShortName, unitNameEn: departments.nameEn, hazardNumber: hazards.number })
    .from(supervisionOrders)
    .innerJoin(departments, eq(departments.id, supervisionOrders.departmentId))
    .leftJoin(hazards, eq(hazards.id, supervisionOrders.hazardId))
    .where(and(scope, onlyOpen ? sql`${supervisionOrders.status} <> 'closed'` : undefined))
    .orderBy(desc(sql`${supervisionOrders.status} = 'open'`), asc(supervisionOrders.deadline), asc(supervisionOrders.id))
    .limit(200);
}

/** One step of an order: visible to the user, in a state that allows it, and allowed to them by the policy. */
async function change(db: Db, actor: Actor & { user: SessionUser }, step: OrderAction, id: number, version: number, from: string[], set: Partial<typeof supervisionOrders.$inferInsert>, event: (typeof ORDER_EVENTS)[number], after: (tx: Executor, o: typeof supervisionOrders.$inferSelect) => Promise<void>) {
  await db.transaction(async (tx) => {
    const [o] = await tx.select().from(supervisionOrders).where(eq(supervisionOrders.id, id));
    if (!o || !canViewOrder(actor.user, o)) throw notFound();
    if (!from.includes(o.status)) throw new DomainError(409, 'order.wrongState');
    if (!orderActions(actor.user, o).has(step)) throw forbidden();
    const updated = await tx
      .update(supervisionOrders)
      .set({ ...set, version: sql`${supervisionOrders.version} + 1` })
      .where(and(eq(supervisionOrders.id, id), eq(supervisionOrders.version, version)))
      .returning({ id: supervisionOrders.id });
    if (updated.length === 0) throw new DomainError(409, 'error.conflict');
    await recordEvent(tx, actor, { entityType: 'supervisionOrder', entityId: id, action: event, data: { ...set } });
    await after(tx, o);
  });
}

/** The unit answers its own order (open → answered). */
export async function replyToOrder(db: Db, actor: Actor & { user: SessionUser }, id: number, version: number, reply: string, now: Date) {
  if (!reply.trim()) throw new FieldErrors({ reply: 'validation.required' });
  await change(db, actor, 'reply', id, version, ['open'], { status: 'answered', reply: reply.trim(), repliedBy: actor.user.id, repliedAt: now }, 'answered', (tx) =>
    notify(tx, { role: 'supervisor' }, { kind: 'orderAnswered', params: {}, link: `/supervision-orders/${id}` }),
  );
}

/** The bureau checks the answer: satisfied closes the order, a follow-up reopens it with a note. */
export async function checkOrder(db: Db, actor: Actor & { user: SessionUser }, id: number, version: number, satisfied: boolean, note: string) {
  if (!satisfied && !note.trim()) throw new FieldErrors({ checkNote: 'lifecycle.reasonRequired' });
  await change(db, actor, 'check', id, version, ['answered'], { status: satisfied ? 'closed' : 'open', checkNote: note.trim() }, satisfied ? 'satisfied' : 'followUp', async (tx, o) => {
    if (!satisfied) await notify(tx, { departmentId: o.departmentId }, { kind: 'orderFollowUp', params: {}, link: `/supervision-orders/${id}` });
  });
}
