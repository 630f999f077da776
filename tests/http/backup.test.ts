// `npm run backup` and `npm run restore` round-trip (issue 12): on PGlite (the embedded database, dumped
// from the "running server", here this process, through its socket) and on the PostgreSQL server
// (pg_dump / pg_restore): the same hazards, history, photo bytes and attachments afterwards.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { asc } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { serveDumps } from '../../src/backup/embedded-dump.js';
import { loadConfig } from '../../src/config.js';
import { attachments, events, hazardCategories, hazardPhotos, hazards } from '../../src/db/schema/index.js';
import { openDatabase, type OpenDatabase } from '../../src/db/node.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';
import type { Db } from '../../src/db/types.js';
import { jsonLogger } from '../../src/lib/logger.js';
import { localStorage } from '../../src/storage/local.js';
import { seedDefaults } from '../../seeds/defaults.js';
import { Agent, type TestContext } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { departmentByCode, makeSchool, makeUser, TEST_PASSWORD } from '../support/factories.js';
import { databaseUrl } from '../support/global-setup.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

const run = promisify(execFile);
const testDb = inject('testDb');
const work = mkdtempSync(join(tmpdir(), 'cs-backup-'));
const source = { dataDir: join(work, 'source'), uploads: join(work, 'source', 'uploads') };
const target = { dataDir: join(work, 'target'), uploads: join(work, 'target', 'uploads') };
const archive = join(work, 'backup.tar.gz');
let db: Db;
let closeSource: () => Promise<void>;
let embedded: OpenDatabase | undefined;
let serverDb: TestDatabase | undefined;
let targetUrl: string | undefined;

beforeAll(async () => {
  if (testDb.kind === 'pglite') {
    // An embedded database on disk, as `npm start` opens it (lock file, migrations).
    // fsync off for speed: durability is not what this test is about (tests/faults/embedded.test.ts is).
    embedded = await openDatabase(loadConfig({ DATA_DIR: source.dataDir, EMBEDDED_FSYNC: 'false' }));
    await seedDefaults(embedded.db);
    const dumps = serveDumps(source.dataDir, embedded.dump!, jsonLogger('silent'))!;
    db = embedded.db;
    closeSource = async () => {
      await dumps.close();
      await embedded!.close();
    };
  } else {
    serverDb = await openTestDatabase();
    db = serverDb.db;
    closeSource = () => serverDb!.close();
  }
}, 120_000);

afterAll(async () => {
  await closeSource?.();
  if (targetUrl && testDb.kind === 'postgres') {
    const admin = postgres(testDb.serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${new URL(targetUrl).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  }
  rmSync(work, { recursive: true, force: true });
});

/** Everything the round trip must keep, in a comparable shape. */
async function snapshot(d: Db) {
  return {
    hazards: await d.select({ id: hazards.id, number: hazards.number, state: hazards.state, version: hazards.version, description: hazards.description }).from(hazards).orderBy(asc(hazards.id)),
    events: await d.select({ id: events.id, entityId: events.entityId, action: events.action, data: events.data }).from(events).orderBy(asc(events.id)),
    photos: await d.select({ id: hazardPhotos.id, hazardId: hazardPhotos.hazardId, key: hazardPhotos.storageKey, bytes: hazardPhotos.bytes }).from(hazardPhotos).orderBy(asc(hazardPhotos.id)),
    attachments: await d.select({ id: attachments.id, ownerId: attachments.ownerId, fileName: attachments.fileName, key: attachments.storageKey }).from(attachments).orderBy(asc(attachments.id)),
  };
}

/** Some of everything through the app: reports with photos, a verification, a topic with an attachment. */
async function fillWithData(): Promise<void> {
  const clock = testClock();
  const app = createApp({ config: loadConfig({}, { logLevel: 'silent' }), clock, logger: jsonLogger('silent'), database: { forRequest: () => db }, storage: localStorage(source.uploads) }, { clientAddress: () => '10.0.0.9' });
  const agent = async (role: Parameters<typeof makeUser>[1], options: Parameters<typeof makeUser>[2] = {}) => {
    const user = await makeUser(db, role, options);
    const a = new Agent(app as TestContext['app']);
    expect((await a.signIn(user.username, TEST_PASSWORD)).status).toBe(303);
    return a;
  };
  const school = await makeSchool(db);
  const officer = await agent('officer', { schoolId: school.id });
  const supervisor = await agent('supervisor');
  const police = await agent('department', { departmentId: (await departmentByCode(db, 'PSB')).id });
  const categoryId = (await db.select({ id: hazardCategories.id }).from(hazardCategories).limit(1))[0]!.id;
  for (let i = 0; i < 3; i++) {
    const res = await postMultipart(officer, '/hazards', { subjectType: 'campus', schoolId: String(school.id), location: `备份测试位置${i}`, categoryId: String(categoryId), description: `备份测试隐患 ${i}`, source: 'self_check', foundAt: '2026-11-20T09:00', submissionKey: `backup-${i}` }, [
      { name: 'a.png', bytes: pngBytes([40 * i, 100, 200]) },
    ]);
    expect(res.status, await res.clone().text()).toBe(303);
  }
  const first = (await db.select({ id: hazards.id }).from(hazards).orderBy(asc(hazards.id)).limit(1))[0]!.id;
  expect((await supervisor.post(`/hazards/${first}/verify`, { version: '1', method: 'matrix', grade: 'ordinary', likelihood: '3', severity: '3', note: '已核实' })).status).toBe(303);
  const meeting = await supervisor.post('/meetings', { number: '备份-1', title: '备份测试会议', kind: 'regular', date: '2026-12-20', startTime: '09:30', endTime: '11:30', departmentIds: [String((await departmentByCode(db, 'PSB')).id)] });
  expect(meeting.status, await meeting.clone().text()).toBe(303);
  const meetingId = Number(meeting.headers.get('location')!.split('/').pop());
  const pdf = Uint8Array.from('%PDF-1.4\n%备份\n%%EOF\n', (c) => c.charCodeAt(0) & 0xff);
  const topic = await postMultipart(police, `/meetings/${meetingId}/topics`, { title: '带附件的议题', text: '见附件' }, [{ name: '方案.pdf', bytes: pdf, type: 'application/pdf' }], 'files');
  expect(topic.status, await topic.clone().text()).toBe(303);
}

describe('backup and restore', () => {
  it('round-trips the database and the uploaded files into an empty target', { timeout: 180_000 }, async () => {
    await fillWithData();
    const before = await snapshot(db);
    expect(before.hazards).toHaveLength(3);
    expect(before.photos).toHaveLength(3);
    expect(before.attachments).toHaveLength(1);

    const env = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', DATA_DIR: source.dataDir };
    if (testDb.kind === 'postgres') env.DATABASE_URL = serverDb!.url!;
    const backup = await run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', '--out', archive, '--uploads', source.uploads], { env });
    expect(backup.stdout).toMatch(/Backup written to .*: (embedded|PostgreSQL) database of .* \(3 hazards, \d+ history events, 3 photos, 1 attachments/);

    const restoreEnv = { ...env, DATA_DIR: target.dataDir };
    if (testDb.kind === 'postgres') {
      targetUrl = databaseUrl(testDb.serverUrl, `cs_test_${testDb.runId}_restore_${process.pid}`);
      const admin = postgres(testDb.serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE "${new URL(targetUrl).pathname.slice(1)}"`);
      await admin.end();
      restoreEnv.DATABASE_URL = targetUrl;
    }
    const restored = await run(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', archive, '--uploads', target.uploads], { env: restoreEnv });
    expect(restored.stdout).toContain('Restored');

    // A second restore into the now non-empty target is refused.
    const again = await run(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', archive, '--uploads', target.uploads], { env: restoreEnv }).catch((e: { stderr: string; code: number }) => e);
    expect((again as { code: number }).code).toBe(1);
    expect((again as { stderr: string }).stderr).toMatch(/not empty/);

    let after;
    if (testDb.kind === 'pglite') {
      const handle = await openPglite(join(target.dataDir, 'pgdata'));
      after = await snapshot(handle.db).finally(() => handle.close());
    } else {
      const handle = openPostgres(targetUrl!);
      after = await snapshot(handle.db).finally(() => handle.close());
    }
    expect(after).toEqual(before);
    const from = localStorage(source.uploads);
    const to = localStorage(target.uploads);
    for (const { key } of [...before.photos, ...before.attachments]) {
      const original = await from.get(key);
      expect(original).not.toBeNull();
      expect(await to.get(key)).toEqual(original);
    }
  });
});
