import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Db, Executor } from '../db/types.js';
import type { MessageKey } from '../i18n/index.js';
import { conflict, FieldErrors, notFound } from '../lib/errors.js';
import { diff, recordEvent, type Actor } from '../lib/events.js';
import { cursorOf, toPage, type Page } from '../lib/keyset.js';
import { invalidateReferenceCache } from '../lib/reference-cache.js';
import { fieldOfConstraint, foreignKeyViolation, uniqueViolation } from '../lib/db-errors.js';
import type { Option } from '../../views/components/form.js';

/** A managed organisation table: every one has id, name, active, version, createdAt, updatedAt. */
type ManagedTable = PgTable & {
  id: AnyPgColumn;
  active: AnyPgColumn;
  version: AnyPgColumn;
  updatedAt: AnyPgColumn;
};

export type FieldKind = 'text' | 'tel' | 'textarea' | 'select' | 'checkbox';

export interface FieldSpec {
  name: string;
  label: MessageKey;
  kind: FieldKind;
  required?: boolean;
  hint?: MessageKey;
  /** options of a select: fixed, or loaded per request (e.g. the active towns) */
  options?: (db: Executor, t: (k: MessageKey) => string, locale: string) => Promise<Option[]> | Option[];
}

export interface ColumnSpec {
  label: MessageKey;
  /** the value shown in the list, computed from the row */
  value: (row: Record<string, unknown>, t: (k: MessageKey) => string, locale: string) => string;
}

/**
 * Everything one organisation record type needs for list/create/edit/deactivate pages. Adding a new
 * managed type is writing one of these, not new routes or views.
 */
export interface ResourceSpec {
  /** entity type in the history table, e.g. 'school' */
  entity: string;
  basePath: string;
  title: MessageKey;
  newTitle: MessageKey;
  editTitle: MessageKey;
  table: ManagedTable;
  /** the column lists are ordered by (and keyset-paginated on), with id as the tie-breaker */
  sortColumn: AnyPgColumn;
  /** the row property holding that column's value (default 'name') */
  sortField?: string;
  /** columns matched by the list's search box */
  searchColumns: AnyPgColumn[];
  fields: FieldSpec[];
  schema: z.ZodType<Record<string, unknown>>;
  columns: ColumnSpec[];
  /** extra columns for the list (e.g. the town's name), joined by the list query */
  listQuery?: (db: Executor) => { select: Record<string, SQL | AnyPgColumn>; join?: (q: any) => any };
  /** unique constraint name → the field it concerns */
  uniqueFields: Record<string, string>;
}

export const PAGE_SIZE = 20;

export interface ListParams {
  q?: string;
  status?: 'active' | 'inactive' | 'all';
  after?: string;
  before?: string;
}

/** One page of records ordered by name, with search and an active/inactive filter. */
export async function listRecords(db: Executor, spec: ResourceSpec, params: ListParams): Promise<Page<Record<string, unknown>>> {
  const t = spec.table;
  const sortBy = spec.sortColumn;
  const conditions: SQL[] = [];
  const q = params.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    conditions.push(or(...spec.searchColumns.map((col) => ilike(col, pattern)))!);
  }
  if (params.status !== 'all') conditions.push(eq(t.active, params.status !== 'inactive'));
  const direction = params.before ? 'backward' : 'forward';
  const cursor = cursorOf(params.before ?? params.after, ['text', 'uuidOrId']);
  if (cursor) {
    const [name, id] = cursor;
    conditions.push(direction === 'forward' ? sql`(${sortBy}, ${t.id}) > (${name}, ${id})` : sql`(${sortBy}, ${t.id}) < (${name}, ${id})`);
  }
  const extra = spec.listQuery?.(db);
  let query: any = db
    .select({ row: t as any, ...(extra?.select ?? {}) } as any)
    .from(t as any);
  if (extra?.join) query = extra.join(query);
  const order = direction === 'forward' ? [asc(sortBy), asc(t.id)] : [desc(sortBy), desc(t.id)];
  const fetched = (await query
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...order)
    .limit(PAGE_SIZE + 1)) as Array<{ row: Record<string, unknown> } & Record<string, unknown>>;
  const rows = fetched.map(({ row, ...more }) => ({ ...row, ...more }));
  return toPage(rows, PAGE_SIZE, (r) => [r[spec.sortField ?? 'name'] as string, r.id as number], direction, cursor !== null);
}

export async function getRecord(db: Executor, spec: ResourceSpec, id: number): Promise<Record<string, unknown>> {
  const [row] = await db
    .select()
    .from(spec.table as any)
    .where(eq(spec.table.id, id));
  if (!row) throw notFound();
  return row as Record<string, unknown>;
}

function asFieldErrors(err: unknown, spec: ResourceSpec): never {
  const constraint = uniqueViolation(err);
  if (constraint !== null) {
    const field = spec.uniqueFields[constraint] ?? Object.values(spec.uniqueFields)[0] ?? '_form';
    throw new FieldErrors({ [field]: 'validation.taken' });
  }
  // A chosen record (a town, a lead department…) that does not exist: the choice is invalid.
  const foreignKey = foreignKeyViolation(err);
  if (foreignKey !== null) {
    throw new FieldErrors({ [fieldOfConstraint(foreignKey, spec.fields.map((f) => f.name)) ?? '_form']: 'validation.choose' });
  }
  throw err;
}

export async function createRecord(db: Db, actor: Actor, spec: ResourceSpec, data: Record<string, unknown>): Promise<number> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = (await tx
        .insert(spec.table as any)
        .values(data)
        .returning({ id: spec.table.id })) as Array<{ id: number }>;
      await recordEvent(tx, actor, { entityType: spec.entity, entityId: row!.id, action: 'created', data: { values: data } });
      return row!.id;
    }).finally(invalidateReferenceCache);
  } catch (err) {
    return asFieldErrors(err, spec);
  }
}

/** Saves an edit made on the version the user loaded; someone else's newer save → 409. */
export async function updateRecord(db: Db, actor: Actor, spec: ResourceSpec, id: number, version: number, data: Record<string, unknown>): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      const before = await getRecord(tx, spec, id);
      const updated = await tx
        .update(spec.table as any)
        .set({ ...data, version: sql`${spec.table.version} + 1`, updatedAt: new Date() })
        .where(and(eq(spec.table.id, id), eq(spec.table.version, version)))
        .returning({ id: spec.table.id });
      if (updated.length === 0) throw conflict();
      await recordEvent(tx, actor, { entityType: spec.entity, entityId: id, action: 'updated', data: { changes: diff(before, data) } });
    }).finally(invalidateReferenceCache);
  } catch (err) {
    return asFieldErrors(err, spec);
  }
}

/** Deactivates or reactivates: records are never deleted, since hazards and meetings refer to them. */
export async function setRecordActive(db: Db, actor: Actor, spec: ResourceSpec, id: number, active: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await getRecord(tx, spec, id);
    await tx
      .update(spec.table as any)
      .set({ active, version: sql`${spec.table.version} + 1`, updatedAt: new Date() })
      .where(eq(spec.table.id, id));
    await recordEvent(tx, actor, { entityType: spec.entity, entityId: id, action: active ? 'activated' : 'deactivated' });
  }).finally(invalidateReferenceCache);
}
