import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/auth/sessions.js';
import { rowsOf } from '../../src/db/rows.js';
import { securityLogFilterSchema, securityLogQuery } from '../../src/security/log.js';
import { presetFilter, REGISTER_PAGE_SIZE, registerCountQuery, registerQuery, type RegisterFilter } from '../../src/hazards/register.js';
import { queuePresets } from '../../src/hazards/queues.js';
import { encodeCursor } from '../../src/lib/keyset.js';
import { loadHazards } from '../../seeds/load-hazards.js';
import { departmentByCode, makeSchool, makeTown, makeUser } from '../support/factories.js';
import { setupTestApp, type TestContext } from '../support/app.js';
import { testClockStart } from '../support/clock.js';

/**
 * Every register, queue and search query must be answerable from an index. Two checks on each plan:
 * with sequential scans disabled the planner still picks one when no index can serve the query, so a
 * "Seq Scan on hazards" means the query would read the whole table; and the executed plan must not read
 * (or filter away) more than half the hazards — a full index scan followed by a sort is just as bad.
 */
let ctx: TestContext;
const users: Record<string, SessionUser> = {};

function sessionUser(u: { id: string; username: string; role: SessionUser['role'] }, extra: Partial<SessionUser> = {}): SessionUser {
  return { id: u.id, username: u.username, displayName: u.username, role: u.role, schoolId: null, departmentId: null, locale: 'zh-CN', mustChangePassword: false, isDemo: false, ...extra };
}

beforeAll(async () => {
  ctx = await setupTestApp();
  const town = await makeTown(ctx.db);
  const schools = [];
  for (let i = 0; i < 6; i++) schools.push(await makeSchool(ctx.db, town.id));
  const fire = await departmentByCode(ctx.db, 'FIRE');
  const supervisor = await makeUser(ctx.db, 'supervisor');
  const officer = await makeUser(ctx.db, 'officer', { schoolId: schools[0]!.id });
  const member = await makeUser(ctx.db, 'department', { departmentId: fire.id });
  const leader = await makeUser(ctx.db, 'leader');
  users.supervisor = sessionUser(supervisor);
  users.officer = sessionUser(officer, { schoolId: schools[0]!.id });
  users.department = sessionUser(member, { departmentId: fire.id });
  users.leader = sessionUser(leader);
  await loadHazards(ctx.db, 3000, { spanDays: 400, batchSize: 500, now: ctx.clock.now() });
}, 180_000);
afterAll(() => ctx.close());

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** How many hazards rows the executed plan touched (returned or thrown away by a filter). */
function hazardRowsRead(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'hazards'
      ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((n, child) => n + hazardRowsRead(child), 0);
}

function describe_(node: PlanNode, depth = 0): string {
  const line = `${' '.repeat(depth * 2)}${node['Node Type']}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''} rows=${node['Actual Rows']}`;
  return [line, ...(node.Plans ?? []).map((p) => describe_(p, depth + 1))].join('\n');
}

async function plan(query: { getSQL(): SQL }): Promise<{ text: string; rowsRead: number; rowsOut: number }> {
  return ctx.db.transaction(async (tx) => {
    // A few thousand rows make hashing the whole table look cheap; at a million it is not. Joins by
    // hashing or merging are off so the plan shows the index path the planner takes at scale.
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    await tx.execute(sql`SET LOCAL enable_hashjoin = off`);
    await tx.execute(sql`SET LOCAL enable_mergejoin = off`);
    const rows = rowsOf<Record<string, unknown>>(await tx.execute(sql`EXPLAIN (ANALYZE, FORMAT JSON) ${query.getSQL()}`));
    const raw = Object.values(rows[0]!)[0];
    const root = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
    return { text: describe_(root[0]!.Plan), rowsRead: hazardRowsRead(root[0]!.Plan), rowsOut: root[0]!.Plan['Actual Rows'] ?? 0 };
  });
}

let total = 0;

type Role = 'supervisor' | 'officer' | 'department' | 'leader';
const fakeUser = (role: Role) => sessionUser({ id: 'x', username: 'x', role }, { schoolId: 1, departmentId: 1 });

/** (name, whose view, filter): built before the users exist, so users are named by role. */
function cases(): Array<[string, Role, Partial<RegisterFilter>]> {
  const deep = encodeCursor([new Date(testClockStart().getTime() - 300 * 86400_000).toISOString(), 10]);
  const list: Array<[string, Role, Partial<RegisterFilter>]> = [
    ['register page 1', 'supervisor', {}],
    ['register deep page', 'supervisor', { after: deep }],
    ['register by deadline', 'supervisor', { sort: 'deadline' }],
    ['register by level', 'supervisor', { sort: 'level' }],
    ['register filtered', 'supervisor', { state: 'IN_PROGRESS', category: 2, town: 1 }],
    ['register overdue', 'supervisor', { overdue: true, sort: 'deadline' }],
    ['register listed', 'supervisor', { listed: true }],
    ['register by grade', 'supervisor', { grade: 'major' }],
    ['register by source', 'supervisor', { source: 'public' }],
    ['register by level filter', 'supervisor', { level: 'red' }],
    ['register by school', 'supervisor', { school: 1 }],
    ['register by department', 'supervisor', { department: 1 }],
    ['register date range', 'supervisor', { from: '2026-01-01', to: '2026-03-31' }],
    ['officer register', 'officer', {}],
    ['department register', 'department', {}],
    ['search 1 character', 'supervisor', { q: '梯' }],
    ['search 2 characters', 'supervisor', { q: '食堂' }],
    ['search 3 characters', 'supervisor', { q: '灭火器' }],
    ['search a number', 'supervisor', { q: 'ZJ-2026-000123' }],
    ['officer search', 'officer', { q: '燃气' }],
  ];
  for (const role of ['supervisor', 'officer', 'department', 'leader'] as const) {
    for (const preset of queuePresets(fakeUser(role))) list.push([`${role} queue ${preset.title}`, role, preset.filter]);
  }
  return list;
}

describe('the security log', () => {
  it.each([
    ['newest first', {}],
    ['a kind', { kind: 'failures' as const }],
    ['an older page', { after: encodeCursor([1_000_000]) }],
  ])('%s: reads the partial index of account and request events, not the whole history', async (_name, filter) => {
    const { query } = securityLogQuery(ctx.db, securityLogFilterSchema.parse(filter), null);
    const plan_ = await plan(query);
    expect(plan_.text, plan_.text).not.toMatch(/Seq Scan on events/);
    expect(plan_.text, plan_.text).toMatch(/on events using events_security_idx/);
  });
});

describe('query plans at scale', () => {
  it('has thousands of hazards to plan against', async () => {
    const [row] = rowsOf<{ n: number }>(await ctx.db.execute(sql`SELECT count(*)::int AS n FROM hazards`));
    expect(row!.n).toBeGreaterThanOrEqual(3000);
    total = row!.n;
  });

  for (const [name, role, filter] of cases()) {
    it(`${name}: no sequential scan of hazards (page and count)`, async () => {
      const user = users[role]!;
      const f = presetFilter(filter);
      // The count has no ORDER BY: it shows whether a selective index path exists for the filter.
      const count = await plan(registerCountQuery(ctx.db, user, f, ctx.clock.now()));
      expect(count.text, count.text).not.toMatch(/Seq Scan on hazards/);
      expect(count.rowsRead, count.text).toBeLessThan(total / 2);
      // A page walks an ordered index until it has a full page. When only a few pages' worth of rows
      // match, walking far is what the planner picks on a small table; at scale it takes the count's path.
      const page = await plan(registerQuery(ctx.db, user, { ...f, after: filter.after }, ctx.clock.now()).query);
      expect(page.text, page.text).not.toMatch(/Seq Scan on hazards/);
      const [matching] = await registerCountQuery(ctx.db, user, f, ctx.clock.now(), 10_000);
      if (matching!.n >= 4 * REGISTER_PAGE_SIZE) expect(page.rowsRead, page.text).toBeLessThan(total / 2);
    });
  }
});
