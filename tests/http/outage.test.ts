// A database that cannot answer (refused connections, a held lock) gives a 503 page with the request id
// and the form as it was typed, never a hang or a 500; the log says why, once (issue 12, items 2 and 10).
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { hazards } from '../../src/db/schema/index.js';
import { openPostgres } from '../../src/db/postgres.js';
import { jsonLogger } from '../../src/lib/logger.js';
import { Agent, setupTestApp, signedInUser, textOf, type TestContext } from '../support/app.js';
import { makeSchool } from '../support/factories.js';
import { freePort } from '../faults/support.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await setupTestApp();
});
afterAll(() => ctx.close());

/** The hidden fields of the page's "send again" form. */
function keptFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const panel = html.slice(html.indexOf('class="error-panel'), html.indexOf('</section>', html.indexOf('class="error-panel')));
  for (const m of panel.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return fields;
}

describe('a database that refuses connections', () => {
  it('answers 503 with the request id and Retry-After, keeps the typed form (never a password), and logs the cause once', async () => {
    const port = await freePort(); // nothing listens there
    const refused = openPostgres(`postgres://postgres@127.0.0.1:${port}/none`, { timeouts: { statementMs: 1000, lockMs: 1000, idleInTransactionMs: 1000, connectMs: 1000 } });
    const logs: string[] = [];
    const app = createApp({ config: ctx.config, clock: ctx.clock, storage: ctx.storage, logger: jsonLogger('info', (l) => logs.push(l)), database: { forRequest: () => refused.db } });
    const agent = new Agent(app);
    try {
      expect((await agent.get('/healthz')).status).toBe(200);
      const page = await agent.get('/login');
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('5');
      const requestId = page.headers.get('x-request-id');
      expect(await textOf(page)).toContain(`请求编号: ${requestId}`);

      const form = await agent.post('/login', { username: '张老师', password: 'secret-password-1' });
      expect(form.status).toBe(503);
      const html = await form.text();
      expect(keptFields(html)).toEqual({ username: '张老师' });
      expect(html).toContain('再次提交');
      expect(html).not.toContain('secret-password-1');

      // Liveness stays 200; readiness says what is down.
      const ready = await agent.get('/readyz');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', database: 'ECONNREFUSED', storage: 'ok' });

      for (let i = 0; i < 5; i++) expect((await agent.get('/login')).status).toBe(503);
      const lines = logs.filter((l) => l.includes('"database unavailable"')).map((l) => JSON.parse(l));
      expect(lines).toHaveLength(1);
      expect(lines[0].cause).toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await refused.close();
    }
  });
});

describe('readiness', () => {
  it('is ready when the database and the storage answer, and not when the storage fails', async () => {
    const ok = await ctx.agent().get('/readyz');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ready', database: 'ok', storage: 'ok' });
    const broken = createApp({ config: ctx.config, clock: ctx.clock, logger: jsonLogger('silent'), database: { forRequest: () => ctx.db }, storage: { ...ctx.storage, check: () => Promise.reject(Object.assign(new Error('read-only file system'), { code: 'EROFS' })) } });
    const res = await new Agent(broken).get('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', database: 'ok', storage: 'EROFS' });
  });
});

describe('a row locked by someone else', () => {
  it('gives a 503 within the lock timeout while other pages are served, and the kept form succeeds once the lock is gone', async (test) => {
    if (ctx.database.kind !== 'postgres') test.skip(); // PGlite runs one statement at a time: no lock waits
    const school = await makeSchool(ctx.db);
    const { agent: officer } = await signedInUser(ctx, 'officer', { schoolId: school.id });
    const { agent: supervisorOnPlainPool } = await signedInUser(ctx, 'supervisor');
    const [category] = await ctx.db.execute('SELECT id FROM hazard_categories LIMIT 1' as never).then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ id: number }>);
    const reported = await officer.post('/hazards', { subjectType: 'campus', schoolId: String(school.id), location: '操场', categoryId: String(category!.id), description: '围栏松动', source: 'self_check', foundAt: '2026-11-20T09:00', submissionKey: crypto.randomUUID() });
    const id = Number(reported.headers.get('location')!.split('/').pop());

    const timed = openPostgres(ctx.database.url!, { timeouts: { statementMs: 3000, lockMs: 1000, idleInTransactionMs: 5000, connectMs: 2000 } });
    const logs: string[] = [];
    const app = createApp({ config: ctx.config, clock: ctx.clock, storage: ctx.storage, logger: jsonLogger('info', (l) => logs.push(l)), database: { forRequest: () => timed.db } });
    const supervisor = new Agent(app);
    for (const [k, v] of supervisorOnPlainPool.cookies) supervisor.cookies.set(k, v);
    const locker = postgres(ctx.database.url!, { max: 1, onnotice: () => {} });
    const held = await locker.reserve();
    try {
      await held`BEGIN`;
      await held`SELECT id FROM hazards WHERE id = ${id} FOR UPDATE`;
      const started = performance.now();
      const verifying = supervisor.post(`/hazards/${id}/verify`, { version: '1', method: 'matrix', grade: 'ordinary', likelihood: '3', severity: '3', note: '现场核实：围栏需加固' });
      // Meanwhile another page is served from the same pool.
      const other = await supervisor.get('/hazards');
      expect(other.status).toBe(200);
      const res = await verifying;
      const ms = performance.now() - started;
      expect(res.status).toBe(503);
      expect(ms).toBeLessThan(2500);
      const html = await res.text();
      expect(html).toContain(res.headers.get('x-request-id')!);
      expect(html).toContain('现场核实：围栏需加固');
      expect(logs.some((l) => l.includes('"database unavailable"') && l.includes('55P03'))).toBe(true);

      await held`ROLLBACK`;
      const again = await supervisor.post(`/hazards/${id}/verify`, keptFields(html));
      expect(again.status).toBe(303);
      expect((await ctx.db.select({ state: hazards.state }).from(hazards).where(eq(hazards.id, id)))[0]!.state).toBe('VERIFIED');
    } finally {
      held.release();
      await locker.end();
      await timed.close();
    }
  });
});
