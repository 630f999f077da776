// One owner for the embedded database, and SIGTERM that lets requests finish (issue 12, items 1 and 3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazards } from '../../src/db/schema/index.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { hazardIdOf, HttpAgent, NoReply, report, reportingFixture, startServer, stopServer } from './support.js';

describe('one owner for the embedded database', () => {
  it('a second process on the same DATA_DIR refuses to start and says why; the first keeps serving', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cs-fault-lock-'));
    const first = await startServer({ DATA_DIR: dataDir });
    try {
      const second = await startServer({ DATA_DIR: dataDir }, { waitFor: 'in use by another process', timeoutMs: 60_000 });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`(pid `);
      expect(second.output()).toContain('own DATA_DIR');
      expect(second.output()).not.toMatch(/\n\s+at /); // a plain message, no stack trace
      expect((await new HttpAgent(first.base).get('/login')).status).toBe(200);
    } finally {
      expect(await stopServer(first)).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('SIGTERM to npm start', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database?.close());

  it('reaches the server, which finishes the requests in flight: every acknowledged write is saved, none is reset', { timeout: 120_000 }, async (test) => {
    if (database.kind !== 'postgres') test.skip();
    const fixture = await reportingFixture(database.db);
    const server = await startServer({ DATABASE_URL: database.url!, LOG_LEVEL: 'info' });
    const outcomes = { acknowledged: [] as number[], refused: [] as string[], reset: [] as string[], other: [] as string[] };
    const times = { signalled: 0, stopped: 0 };
    try {
      const officer = await new HttpAgent(server.base).signIn(fixture.officer.username);
      const agents = Array.from({ length: 6 }, () => officer.copy());
      let refusedInARow = 0;
      const loop = async (agent: HttpAgent, n: number) => {
        for (let i = 0; refusedInARow < 12 && i < 2000; i++) {
          const key = `term-${n}-${i}`;
          try {
            const res = await agent.post('/hazards', fixture.reportForm(key));
            if (res.status === 303) outcomes.acknowledged.push(hazardIdOf(res));
            else outcomes.other.push(`${key}: ${res.status}`);
          } catch (e) {
            if (!(e instanceof NoReply)) throw e;
            if (e.kind === 'refused') {
              refusedInARow++;
              outcomes.refused.push(key);
              await new Promise((r) => setTimeout(r, 20));
            } else outcomes.reset.push(`${key}: ${e.code}`);
          }
        }
      };
      const loops = agents.map((agent, n) => loop(agent, n));
      await new Promise((r) => setTimeout(r, 3000));
      times.signalled = performance.now();
      server.child.kill('SIGTERM'); // to npm, as a supervisor or `kill` does
      const code = await server.exited;
      times.stopped = performance.now();
      await Promise.all(loops);
      expect(code, server.output()).toBe(0);
    } finally {
      await stopServer(server, 'SIGKILL');
    }
    const saved = await database.db.select({ id: hazards.id, key: hazards.submissionKey }).from(hazards).where(inArray(hazards.id, outcomes.acknowledged));
    const savedKeys = new Set((await database.db.select({ key: hazards.submissionKey }).from(hazards)).map((h) => h.key));
    const refusedButSaved = outcomes.refused.filter((k) => savedKeys.has(k));
    const resetButSaved = outcomes.reset.filter((k) => savedKeys.has(k.split(':')[0]!));
    const drained = /"inFlight":(\d+)/.exec(server.output());
    // Every answer the server logged reached its client: none was cut off while being served.
    const answered = server.output().split('\n').filter((l) => l.includes('"method":"POST","path":"/hazards","status":303')).length;
    report('SIGTERM during a write loop', {
      inFlightAtSignal: drained?.[1] ?? '?',
      acknowledged: outcomes.acknowledged.length,
      lost: outcomes.acknowledged.length - saved.length,
      reset: outcomes.reset.length,
      refused: outcomes.refused.length,
      refusedButSaved: refusedButSaved.length,
      resetButSaved: resetButSaved.length,
      serverAnswered: answered,
      stopMs: Math.round(times.stopped - times.signalled),
    });
    expect(server.output()).toMatch(/"msg":"server stopping","signal":"SIGTERM"/);
    expect(server.output()).toMatch(/requests in flight drained/);
    expect(outcomes.acknowledged.length).toBeGreaterThan(20);
    expect(saved.length).toBe(outcomes.acknowledged.length);
    expect(answered).toBe(outcomes.acknowledged.length);
    // A reset with nothing saved is a connection still in the kernel's accept queue when the listener
    // closed: the server never read it (TCP resets those; a proxy or browser retries). A reset of a
    // request the server was working on would have saved its write: there must be none.
    expect(resetButSaved, 'requests reset after the server read them').toEqual([]);
    expect(outcomes.reset.length, 'connections reset in the accept queue').toBeLessThanOrEqual(2);
    expect(outcomes.other).toEqual([]);
    expect(refusedButSaved).toEqual([]);
  });
});
