import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, hazardCategories, hazards } from '../../src/db/schema/index.js';
import { addDays, shanghaiDate, shanghaiInputValue } from '../../src/lib/shanghai-time.js';
import { setupTestApp, signedInUser, type Agent, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool, makeUser } from '../support/factories.js';
import { pngBytes, postMultipart } from '../support/uploads.js';

/**
 * Two people acting on the same hazard at once: exactly one succeeds, the other gets 409, and history
 * has one row. On the PostgreSQL server (TEST_DATABASE_URL) the two requests really run in parallel
 * transactions on separate connections; on PGlite they are serialised, which must give the same result.
 */
let ctx: TestContext;
const as: Record<string, Agent> = {};
let schoolId: number;
let fireId: number;
let categoryId: number;

const signedIn = async (role: Parameters<typeof makeUser>[1], options: Parameters<typeof makeUser>[2] = {}) => (await signedInUser(ctx, role, options)).agent;

const hazard = async (id: number) => (await ctx.db.select().from(hazards).where(eq(hazards.id, id)))[0]!;

beforeAll(async () => {
  ctx = await setupTestApp();
  const school = await makeSchool(ctx.db);
  const fire = await departmentByCode(ctx.db, 'FIRE');
  schoolId = school.id;
  fireId = fire.id;
  categoryId = (await ctx.db.select({ id: hazardCategories.id }).from(hazardCategories).where(eq(hazardCategories.code, 'FIRE')))[0]!.id;
  as.officer = await signedIn('officer', { schoolId: school.id });
  as.supervisor1 = await signedIn('supervisor');
  as.supervisor2 = await signedIn('supervisor');
  as.fire = await signedIn('department', { departmentId: fire.id });
});
afterAll(() => ctx.close());

/** A hazard brought to RECTIFIED through the app. */
async function rectifiedHazard(): Promise<number> {
  const today = shanghaiDate(ctx.clock.now());
  const res = await postMultipart(as.officer!, '/hazards', {
    subjectType: 'campus',
    schoolId: String(schoolId),
    location: '配电房',
    categoryId: String(categoryId),
    description: '配电箱未上锁',
    source: 'patrol',
    foundAt: shanghaiInputValue(new Date(ctx.clock.now().getTime() - 5 * 60_000)),
  });
  const id = Number(res.headers.get('location')!.split('/').pop());
  let h = await hazard(id);
  await as.supervisor1!.post(`/hazards/${id}/verify`, { version: h.version, grade: 'ordinary', method: 'matrix', likelihood: 2, severity: 3 });
  h = await hazard(id);
  await as.supervisor1!.post(`/hazards/${id}/assign`, { version: h.version, leadDepartmentId: fireId, deadline: addDays(today, 5), responsiblePerson: '刘' });
  h = await hazard(id);
  await postMultipart(as.fire!, `/hazards/${id}/progress`, { version: String(h.version), text: '处理中' });
  h = await hazard(id);
  await postMultipart(as.fire!, `/hazards/${id}/complete`, { version: String(h.version), note: '已上锁' }, [{ name: 'e.png', bytes: pngBytes() }]);
  expect((await hazard(id)).state).toBe('RECTIFIED');
  return id;
}

describe('concurrent actions on one hazard', () => {
  it('two acceptances at once: one wins, the other gets 409, one history row', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await rectifiedHazard();
      const { version } = await hazard(id);
      const results = await Promise.all([
        as.supervisor1!.post(`/hazards/${id}/accept`, { version, note: 'A' }),
        as.supervisor2!.post(`/hazards/${id}/accept`, { version, note: 'B' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
      const loser = results.find((r) => r.status === 409)!;
      expect(await loser.text()).toContain('验收通过'); // the current state is shown
      const accepted = await ctx.db.select().from(events).where(and(eq(events.entityType, 'hazard'), eq(events.entityId, String(id)), eq(events.action, 'accepted')));
      expect(accepted).toHaveLength(1);
      const h = await hazard(id);
      expect(h.state).toBe('ACCEPTED');
      expect(h.version).toBe(version + 1);
    }
  });

  it('accept and reject at once: exactly one of them happens', async () => {
    const id = await rectifiedHazard();
    const { version } = await hazard(id);
    const [accept, reject] = await Promise.all([
      as.supervisor1!.post(`/hazards/${id}/accept`, { version }),
      as.supervisor2!.post(`/hazards/${id}/reject`, { version, reason: '不合格' }),
    ]);
    expect([accept.status, reject.status].sort()).toEqual([303, 409]);
    const decided = await ctx.db.select().from(events).where(and(eq(events.entityType, 'hazard'), eq(events.entityId, String(id))));
    expect(decided.filter((e) => e.action === 'accepted' || e.action === 'rejected')).toHaveLength(1);
  });
});
