import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The append-only history of every change (who, when, what, from where). A trigger in the migrations
 * refuses UPDATE, DELETE and TRUNCATE, so history cannot be rewritten even by a buggy service.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actorId: text('actor_id'),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    /** before/after values and any other detail of the change. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    requestId: text('request_id'),
    ip: text('ip'),
  },
  (t) => [
    index('events_entity_idx').on(t.entityType, t.entityId, t.id),
    // The security log (newest first) reads only account and request events: this keeps it one index range.
    index('events_security_idx').on(t.id.desc()).where(sql`${t.entityType} IN ('user', 'account', 'request')`),
  ],
);
