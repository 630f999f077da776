// Node-only, PostgreSQL server only: bulk-loads generated hazards with COPY, with the secondary indexes
// dropped during the load and rebuilt after (minutes for a million hazards instead of most of an hour).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getTableColumns, is, SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { events, hazardDeadlineChanges, hazardDepartments, hazards, hazardUpdates } from '../src/db/schema/index.js';
import type { GeneratedHazard } from './hazard-generator.js';

/** One value in COPY's text format. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) text = `{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  else if (typeof value === 'object') text = JSON.stringify(value);
  else if (typeof value === 'boolean') text = value ? 't' : 'f';
  else text = String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Columns of a drizzle table as (property, db name, static default) — for rows written as objects. */
function columnsOf(table: PgTable, skip: string[] = []) {
  return Object.entries(getTableColumns(table))
    // PostgreSQL computes generated columns itself (COPY may not name them).
    .filter(([key, col]) => !skip.includes(key) && !col.generated)
    .map(([key, col]) => ({ key, name: col.name, fallback: col.default !== undefined && !is(col.default, SQL) ? col.default : col.hasDefault ? undefined : null }));
}

async function copyInto(sql: postgres.Sql, table: PgTable, tableName: string, rows: Array<Record<string, unknown>>, skip: string[] = []) {
  if (rows.length === 0) return;
  const cols = columnsOf(table, skip).filter((c) => c.fallback !== undefined || rows[0]![c.key] !== undefined);
  const lines = function* () {
    for (const row of rows) yield cols.map((c) => copyValue(row[c.key] ?? c.fallback)).join('\t') + '\n';
  };
  const stream = await sql.unsafe(`COPY ${tableName} (${cols.map((c) => `"${c.name}"`).join(', ')}) FROM STDIN`).writable();
  await pipeline(Readable.from(lines()), stream);
}

const BULK_TABLES = ['hazards', 'events', 'hazard_departments', 'hazard_updates'];

/** Loads the generated hazards; `onProgress` is told how many are in. */
export async function copyHazards(url: string, generated: Iterable<GeneratedHazard>, onProgress?: (done: number) => void): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const indexes = await sql<{ indexname: string; indexdef: string }[]>`
      SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename IN ${sql(BULK_TABLES)}
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`;
    for (const { indexname } of indexes) await sql.unsafe(`DROP INDEX IF EXISTS "${indexname}"`);
    // The generator only refers to rows that exist, so the per-row foreign-key triggers can be skipped
    // (needs a superuser; otherwise they run and the load is just slower).
    await sql`SET session_replication_role = replica`.catch(() => undefined);
    let chunk: GeneratedHazard[] = [];
    let done = 0;
    const flush = async () => {
      await copyInto(sql, hazards, 'hazards', chunk.map((g) => g.hazard));
      await copyInto(sql, hazardDepartments, 'hazard_departments', chunk.flatMap((g) => g.departments));
      await copyInto(sql, hazardUpdates, 'hazard_updates', chunk.flatMap((g) => g.updates), ['id']);
      await copyInto(sql, events, 'events', chunk.flatMap((g) => g.events), ['id']);
      const changes = chunk.flatMap((g) => g.deadlineChanges);
      if (changes.length) await copyInto(sql, hazardDeadlineChanges, 'hazard_deadline_changes', changes, ['id']);
      done += chunk.length;
      onProgress?.(done);
      chunk = [];
    };
    for (const g of generated) {
      chunk.push(g);
      if (chunk.length >= 20_000) await flush();
    }
    if (chunk.length) await flush();
    await sql`SET maintenance_work_mem = '512MB'`;
    for (const { indexdef } of indexes) await sql.unsafe(indexdef);
  } finally {
    await sql.end();
  }
}
