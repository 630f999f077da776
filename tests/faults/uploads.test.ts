// kill -9 while photos are being reported and uploaded (issue 12, item 5): after a restart and the
// uploads clean-up job, no debris is left (temp files, sidecars without data, files no row names,
// uploads nobody attached), and every photo of an acknowledged report is still there.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inArray, isNotNull, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderPng } from '../../seeds/placeholder-image.js';
import { hazardPhotos } from '../../src/db/schema/index.js';
import { manualClock } from '../../src/lib/clock.js';
import { localStorage } from '../../src/storage/local.js';
import { cleanUpUploads, DEBRIS_MIN_AGE_MS, UNATTACHED_MAX_AGE_MS } from '../../src/uploads/cleanup.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { hazardIdOf, HttpAgent, killServer, Multipart, NoReply, report, reportingFixture, startServer, stopServer } from './support.js';

const KILLS = 3;

/** Every file under dir, as paths relative to it. */
const filesUnder = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))) : []);

/** What an interrupted upload can leave on disk, by kind. */
function debrisOf(uploadsDir: string, namedKeys: Set<string>) {
  const files = filesUnder(uploadsDir);
  const data = files.filter((f) => !f.endsWith('.tmp') && !f.endsWith('.type'));
  return {
    tmp: files.filter((f) => f.endsWith('.tmp')).length,
    sidecarsWithoutData: files.filter((f) => f.endsWith('.type') && !files.includes(f.slice(0, -'.type'.length))).length,
    filesNoRowNames: data.filter((f) => !namedKeys.has(f)).length,
    dataFiles: data.length,
  };
}

describe('kill -9 during photo reports', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database?.close());

  it('leaves no orphan files once the clean-up job has run after the restart, and loses no acknowledged photo', { timeout: 150_000 }, async (test) => {
    if (database.kind !== 'postgres') test.skip();
    const fixture = await reportingFixture(database.db);
    const dataDir = mkdtempSync(join(tmpdir(), 'cs-fault-uploads-'));
    const uploadsDir = join(dataDir, 'uploads');
    const env = { DATABASE_URL: database.url!, DATA_DIR: dataDir, UPLOAD_PENDING_MAX_FILES: '10000' };
    const photo = (n: number) => ({ name: `p${n}.png`, bytes: placeholderPng(96, 64, [(n * 37) % 256, 90, 40]), type: 'image/png' });
    const acknowledged: number[] = [];
    const counts = { reports: 0, uploads: 0, noAnswer: 0, other: [] as string[] };
    try {
      for (let round = 0; round < KILLS; round++) {
        const server = await startServer(env);
        const officer = await new HttpAgent(server.base).signIn(fixture.officer.username);
        let running = true;
        const loop = async (n: number) => {
          const agent = officer.copy();
          for (let i = 0; running; i++) {
            const key = `photos-${round}-${n}-${i}`;
            try {
              if (n % 2 === 0) {
                const res = await agent.post('/hazards', new Multipart(fixture.reportForm(key), [photo(i), photo(i + 1)]));
                if (res.status === 303) {
                  acknowledged.push(hazardIdOf(res));
                  counts.reports++;
                } else counts.other.push(`report ${res.status}`);
              } else {
                const res = await agent.post('/hazards/photos', new Multipart({ picker: 'photos' }, [photo(i), photo(i + 2)]));
                if (res.status === 200) counts.uploads++;
                else counts.other.push(`upload ${res.status}`);
              }
            } catch (e) {
              if (!(e instanceof NoReply)) throw e;
              counts.noAnswer++;
              running = false; // the server is gone
            }
          }
        };
        const loops = Array.from({ length: 4 }, (_, n) => loop(n));
        await new Promise((r) => setTimeout(r, 1500 + round * 500));
        await killServer(server);
        running = false;
        await Promise.all(loops);
      }
      // A restart serves again (and runs the hourly jobs once at start, with the real clock).
      const server = await startServer(env);
      const officer = await new HttpAgent(server.base).signIn(fixture.officer.username);
      const after = await officer.post('/hazards', new Multipart(fixture.reportForm(`photos-after-${Date.now()}`), [photo(7)]));
      expect(after.status).toBe(303);
      acknowledged.push(hazardIdOf(after));
      expect(await stopServer(server)).toBe(0);

      const named = async () => new Set((await database.db.select({ key: hazardPhotos.storageKey }).from(hazardPhotos)).map((p) => p.key));
      const unattachedRows = async () => (await database.db.select({ id: hazardPhotos.id }).from(hazardPhotos).where(isNull(hazardPhotos.hazardId))).length;
      const before = { ...debrisOf(uploadsDir, await named()), unattachedRows: await unattachedRows() };

      // The clean-up job as the server runs it, on a clock a day and an hour on: uploads unattached for
      // 24 h and files of a crashed write older than an hour are what it removes (src/uploads/cleanup.ts).
      const clock = manualClock(new Date());
      clock.advance(UNATTACHED_MAX_AGE_MS + DEBRIS_MIN_AGE_MS);
      const removed = await cleanUpUploads(database.db, localStorage(uploadsDir), clock.now());
      const afterCleanUp = { ...debrisOf(uploadsDir, await named()), unattachedRows: await unattachedRows() };

      const attached = await database.db.select({ key: hazardPhotos.storageKey, hazardId: hazardPhotos.hazardId }).from(hazardPhotos).where(isNotNull(hazardPhotos.hazardId));
      const ofAcknowledged = attached.filter((p) => acknowledged.includes(p.hazardId!));
      const missingFiles = attached.filter((p) => !existsSync(join(uploadsDir, p.key)) || !existsSync(join(uploadsDir, `${p.key}.type`)));
      const acknowledgedWithPhotos = new Set(ofAcknowledged.map((p) => p.hazardId)).size;
      const reportsKnown = acknowledged.length ? (await database.db.selectDistinct({ id: hazardPhotos.hazardId }).from(hazardPhotos).where(inArray(hazardPhotos.hazardId, acknowledged))).length : 0;
      report('kill -9 during photo reports', {
        kills: KILLS,
        acknowledgedReports: acknowledged.length,
        acknowledgedUploads: counts.uploads,
        noAnswer: counts.noAnswer,
        debrisBeforeCleanUp: `tmp=${before.tmp} sidecarsWithoutData=${before.sidecarsWithoutData} filesNoRowNames=${before.filesNoRowNames} unattachedRows=${before.unattachedRows}`,
        removed: Object.entries(removed).map(([k, v]) => `${k}=${v}`).join(' '),
        debrisAfter: afterCleanUp.tmp + afterCleanUp.sidecarsWithoutData + afterCleanUp.filesNoRowNames + afterCleanUp.unattachedRows,
        photosLost: missingFiles.length + (acknowledged.length - reportsKnown),
      });
      expect(counts.other).toEqual([]);
      expect(acknowledged.length).toBeGreaterThan(KILLS);
      expect(before.unattachedRows).toBeGreaterThan(0); // the unattached uploads the job must remove
      expect(afterCleanUp).toEqual({ tmp: 0, sidecarsWithoutData: 0, filesNoRowNames: 0, dataFiles: attached.length, unattachedRows: 0 });
      expect(missingFiles).toEqual([]);
      expect(acknowledgedWithPhotos).toBe(acknowledged.length); // every acknowledged report kept its photos
      expect(ofAcknowledged.length).toBe(2 * (acknowledged.length - 1) + 1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
