import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.js';
import { rowsOf } from '../../src/db/rows.js';
import { hazardNames } from '../../src/hazards/names.js';
import { unreadCount } from '../../src/inbox/service.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

/**
 * Named statements on the PostgreSQL server: on by default (one round trip, planned once), off with
 * DATABASE_PREPARED_STATEMENTS=false for poolers that cannot keep them. Needs the server.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const supervisor = { id: crypto.randomUUID(), username: 's', displayName: 's', role: 'supervisor' as const, schoolId: null, departmentId: null, locale: 'zh-CN' as const, mustChangePassword: false, isDemo: false };

async function statementsAfterSomeQueries(preparedStatements: boolean): Promise<number> {
  // One connection, so the count below sees the statements the queries before it left.
  const handle = openPostgres(database.url!, { max: 1, preparedStatements });
  try {
    await unreadCount(handle.db, supervisor);
    await handle.db.execute(sql`SELECT ${1}::int AS one`);
    await hazardNames(handle.db, { schoolId: null, institutionId: null, townId: -1, categoryId: -1, leadDepartmentId: null });
    const [row] = rowsOf<{ n: number }>(await handle.db.execute(sql`SELECT count(*)::int AS n FROM pg_prepared_statements`));
    return row!.n;
  } finally {
    await handle.close();
  }
}

describe('prepared statements', () => {
  it('are named and kept per connection by default, and not at all when turned off', async (test) => {
    if (database.kind !== 'postgres') test.skip();
    expect(await statementsAfterSomeQueries(true)).toBeGreaterThanOrEqual(3);
    expect(await statementsAfterSomeQueries(false)).toBe(0);
  });
});
