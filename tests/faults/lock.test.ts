// A hazard row held FOR UPDATE by another session (issue 12, item 2): actions on it answer 503 within the
// configured lock timeout, with the request id and the typed form, while other pages are served; once
// the lock is gone the kept form goes through.
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazards } from '../../src/db/schema/index.js';
import { rowsOf } from '../../src/db/rows.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { hazardIdOf, HttpAgent, keptFields, report, reportingFixture, startServer, stopServer, type Reply } from './support.js';

const LOCK_TIMEOUT_MS = 2000;
/** Fewer than the pool's ten connections: the point is that the rest of the pool keeps serving. */
const BLOCKED_ACTIONS = 6;

describe('a hazard row locked by another session', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database?.close());

  it('answers 503 within the lock timeout with the request id and the typed note, serves other pages meanwhile, and succeeds after the release', { timeout: 90_000 }, async (test) => {
    if (database.kind !== 'postgres') test.skip();
    const fixture = await reportingFixture(database.db);
    const server = await startServer({ DATABASE_URL: database.url!, DATABASE_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS) });
    const locker = postgres(database.url!, { max: 1, onnotice: () => {} });
    const held = await locker.reserve();
    try {
      const officer = await new HttpAgent(server.base).signIn(fixture.officer.username);
      const supervisor = await new HttpAgent(server.base).signIn(fixture.supervisor.username);
      const locked = hazardIdOf(await officer.post('/hazards', fixture.reportForm(`lock-${Date.now()}`)));
      const other = hazardIdOf(await officer.post('/hazards', fixture.reportForm(`lock-other-${Date.now()}`)));
      const verifyForm = (n: number) => ({ version: '1', method: 'matrix', grade: 'ordinary', likelihood: '3', severity: '3', note: `现场核实 ${n}：围栏需加固` });

      await held`BEGIN`;
      await held`SELECT id FROM hazards WHERE id = ${locked} FOR UPDATE`;
      const started = performance.now();
      const timed = async (send: () => Promise<Reply>) => {
        const t0 = performance.now();
        const res = await send();
        return { res, ms: performance.now() - t0, doneAt: performance.now() - started };
      };
      const blocked = Array.from({ length: BLOCKED_ACTIONS }, (_, n) => timed(() => supervisor.copy().post(`/hazards/${locked}/verify`, verifyForm(n))));
      // Meanwhile: the register, another hazard, the officer's register, one after another.
      const meanwhile = [];
      for (const [agent, path] of [[supervisor, '/hazards'], [supervisor, `/hazards/${other}`], [officer, '/hazards'], [officer, `/hazards/${other}`], [supervisor, '/hazards?state=REPORTED']] as const) {
        meanwhile.push(await timed(() => agent.copy().get(path)));
      }
      const answers = await Promise.all(blocked);
      await held`ROLLBACK`;
      const again = await supervisor.post(`/hazards/${locked}/verify`, keptFields(answers[0]!.res.body));
      const [after] = await database.db.select({ state: hazards.state, version: hazards.version }).from(hazards).where(eq(hazards.id, locked));
      const events = rowsOf<{ n: number }>(await database.db.execute(sql`SELECT count(*)::int AS n FROM events WHERE entity_type = 'hazard' AND entity_id = ${String(locked)}`))[0]!.n;

      const slowest503 = Math.max(...answers.map((a) => a.ms));
      report('held row lock', {
        lockTimeoutMs: LOCK_TIMEOUT_MS,
        blockedActions: answers.length,
        answered503: answers.filter((a) => a.res.status === 503).length,
        fastest503Ms: Math.round(Math.min(...answers.map((a) => a.ms))),
        slowest503Ms: Math.round(slowest503),
        otherPagesServed: meanwhile.filter((m) => m.res.status === 200).length,
        slowestOtherPageMs: Math.round(Math.max(...meanwhile.map((m) => m.ms))),
        afterRelease: again.status,
      });
      for (const { res } of answers) {
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.body).toContain(String(res.headers['x-request-id'])); // the id the log line carries
      }
      answers.forEach(({ res }, n) => expect(keptFields(res.body)).toMatchObject(verifyForm(n)));
      // lock_timeout bounds each wait for a lock, not the statement: of several waiters for one row, the
      // one that inherits the tuple lock when the first gives up waits a second time for the holder's
      // transaction. So the bound is twice the lock timeout (and statement_timeout, 5 s, above that).
      // The margin is for a loaded machine (two cores shared by several test runs).
      expect(slowest503).toBeLessThan(2 * LOCK_TIMEOUT_MS + 2000);
      expect(Math.min(...answers.map((a) => a.ms))).toBeGreaterThanOrEqual(LOCK_TIMEOUT_MS); // they did wait for the lock
      for (const m of meanwhile) expect(m.res.status).toBe(200);
      // Served while the actions were still waiting for the lock, not after they gave up.
      expect(Math.max(...meanwhile.map((m) => m.doneAt))).toBeLessThan(Math.min(...answers.map((a) => a.doneAt)));
      expect(again.status).toBe(303);
      expect(after).toEqual({ state: 'VERIFIED', version: 2 });
      expect(events).toBe(2); // reported, verified: the refused attempts left no history
      expect(server.output()).toContain('55P03'); // the log names the cause (lock_not_available)
    } finally {
      held.release();
      await locker.end();
      expect(await stopServer(server)).toBe(0);
    }
  });
});
