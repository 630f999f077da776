import { events } from '../db/schema/index.js';
import type { Executor } from '../db/types.js';
import type { EventKind } from './event-kinds.js';

/** Who did it and from where: passed from the route into every service call. */
export interface Actor {
  userId: string | null;
  requestId?: string;
  ip?: string;
  /** the app clock's time of the request: when the history says it happened (the database's own clock otherwise) */
  now?: Date;
  /** set when the change is decided at a joint meeting: every event it writes says so */
  atMeeting?: { id: number; label: string };
}

export interface EventInput {
  entityType: string;
  entityId: string | number;
  action: EventKind;
  data?: Record<string, unknown>;
}

/** Appends one history event; call it with the transaction that makes the change. */
export async function recordEvent(tx: Executor, actor: Actor, input: EventInput): Promise<void> {
  await tx.insert(events).values({
    actorId: actor.userId,
    entityType: input.entityType,
    entityId: String(input.entityId),
    action: input.action,
    data: actor.atMeeting ? { ...input.data, meeting: actor.atMeeting.label, meetingId: actor.atMeeting.id } : (input.data ?? {}),
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
    ...(actor.now ? { occurredAt: actor.now } : {}),
  });
}

/** before/after of the fields that changed, for the event's data. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    const same = old instanceof Date && value instanceof Date ? old.getTime() === value.getTime() : old === value;
    if (!same) changes[key] = { from: old ?? null, to: value ?? null };
  }
  return changes;
}
