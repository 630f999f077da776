import { and, asc, eq, sql } from 'drizzle-orm';
import { departments, events, hazardCategories, hazardDeadlineChanges, hazardDepartments, hazardPhotos, hazards, hazardSequences, hazardUpdates, institutions, schools, users } from '../src/db/schema/index.js';
import type { Db } from '../src/db/types.js';
import { rowsOf } from '../src/db/rows.js';
import type { FileStorage } from '../src/storage/types.js';
import { generateHazards, type GeneratedHazard } from './hazard-generator.js';
import { placeholderPng } from './placeholder-image.js';

export interface LoadOptions {
  seed?: number;
  /** store a few placeholder images and attach them (demo); off for bulk loads */
  storage?: FileStorage;
  spanDays?: number;
  batchSize?: number;
  now?: Date;
  onProgress?: (done: number) => void;
  /** bulk path for a PostgreSQL server: COPY with indexes rebuilt after (seeds/copy-loader.ts) */
  copy?: (generated: Iterable<GeneratedHazard>, onProgress?: (done: number) => void) => Promise<void>;
}

const COLOURS: Array<[number, number, number]> = [
  [190, 70, 60],
  [60, 120, 190],
  [70, 150, 90],
  [200, 150, 50],
  [120, 90, 170],
  [90, 90, 90],
];

async function placeholderKeys(storage: FileStorage): Promise<string[]> {
  const keys: string[] = [];
  for (const [i, rgb] of COLOURS.entries()) {
    const key = `photos/demo/placeholder-${i}`;
    await storage.put(key, placeholderPng(320, 240, rgb), 'image/png');
    keys.push(key);
  }
  return keys;
}

/** Inserts `count` generated hazards with their departments, updates, photos and history, in batches. */
export async function loadHazards(db: Db, count: number, options: LoadOptions = {}): Promise<void> {
  const [supervisor] = await db.select({ id: users.id }).from(users).where(and(eq(users.role, 'supervisor'), eq(users.active, true))).orderBy(asc(users.createdAt)).limit(1);
  if (!supervisor) throw new Error('Generating hazards needs at least one active supervisor account.');
  const officers = await db.select({ id: users.id, schoolId: users.schoolId }).from(users).where(and(eq(users.role, 'officer'), eq(users.active, true)));
  const officerOf = new Map(officers.map((o) => [o.schoolId, o.id]));
  const schoolRows = await db.select({ id: schools.id, townId: schools.townId, kind: schools.kind }).from(schools).where(eq(schools.active, true)).orderBy(asc(schools.id));
  const institutionRows = await db.select({ id: institutions.id, townId: institutions.townId }).from(institutions).where(eq(institutions.active, true)).orderBy(asc(institutions.id));
  if (schoolRows.length === 0) throw new Error('Generating hazards needs schools.');
  const categories = await db.select({ id: hazardCategories.id, code: hazardCategories.code, leadDepartmentId: hazardCategories.defaultLeadDepartmentId }).from(hazardCategories).where(eq(hazardCategories.active, true));
  const departmentRows = await db.select({ id: departments.id, code: departments.code, name: departments.name }).from(departments).where(eq(departments.active, true)).orderBy(asc(departments.id));
  const members = await db.select({ id: users.id, departmentId: users.departmentId }).from(users).where(and(eq(users.role, 'department'), eq(users.active, true)));
  const departmentUsers = new Map<number, string>();
  for (const m of members) if (m.departmentId && !departmentUsers.has(m.departmentId)) departmentUsers.set(m.departmentId, m.id);
  const [maxRow] = rowsOf<{ max: number | null }>(await db.execute(sql`SELECT max(id) AS max FROM hazards`));
  const seqStart = new Map((await db.select().from(hazardSequences)).map((s) => [s.year, s.lastSeq]));

  const generator = generateHazards(count, {
    now: options.now ?? new Date(),
    seed: options.seed ?? 20261129,
    firstId: Number(maxRow?.max ?? 0) + 1,
    schools: schoolRows.map((s) => ({ id: s.id, townId: s.townId, kind: s.kind, officerId: officerOf.get(s.id) ?? null })),
    institutions: institutionRows,
    categories,
    departments: departmentRows,
    departmentUsers,
    supervisorId: supervisor.id,
    photoKeys: options.storage ? await placeholderKeys(options.storage) : [],
    spanDays: options.spanDays ?? Math.max(180, Math.min(3 * 365, Math.ceil(count / 50))),
    seqStart,
  });

  const lastSeq = new Map(seqStart);
  const track = function* (source: Iterable<GeneratedHazard>) {
    for (const g of source) {
      lastSeq.set(g.hazard.year, Math.max(lastSeq.get(g.hazard.year) ?? 0, g.hazard.seq));
      yield g;
    }
  };
  if (options.copy) {
    await options.copy(track(generator), options.onProgress);
    await finish(db, lastSeq);
    return;
  }

  const batchSize = options.batchSize ?? 400;
  let batch: GeneratedHazard[] = [];
  let done = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await db.transaction(async (tx) => {
      await tx.insert(hazards).values(batch.map((b) => b.hazard));
      const deps = batch.flatMap((b) => b.departments);
      if (deps.length) await tx.insert(hazardDepartments).values(deps);
      const ups = batch.flatMap((b) => b.updates);
      if (ups.length) await tx.insert(hazardUpdates).values(ups);
      const photos = batch.flatMap((b) => b.photos);
      if (photos.length) await tx.insert(hazardPhotos).values(photos);
      const changes = batch.flatMap((b) => b.deadlineChanges);
      if (changes.length) await tx.insert(hazardDeadlineChanges).values(changes);
      const evts = batch.flatMap((b) => b.events);
      for (let i = 0; i < evts.length; i += 2000) await tx.insert(events).values(evts.slice(i, i + 2000));
    });
    done += batch.length;
    options.onProgress?.(done);
    batch = [];
  };
  for (const generated of track(generator)) {
    batch.push(generated);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await finish(db, lastSeq);
}

/** After a load: the per-year number sequences, the id sequence and fresh planner statistics. */
async function finish(db: Db, lastSeq: Map<number, number>): Promise<void> {
  for (const [year, seq] of lastSeq) {
    await db.insert(hazardSequences).values({ year, lastSeq: seq }).onConflictDoUpdate({ target: hazardSequences.year, set: { lastSeq: seq } });
  }
  await db.execute(sql`SELECT setval(pg_get_serial_sequence('hazards', 'id'), (SELECT coalesce(max(id), 1) FROM hazards))`);
  await db.execute(sql`ANALYZE hazards`);
  await db.execute(sql`ANALYZE hazard_departments`);
  await db.execute(sql`ANALYZE events`);
}
