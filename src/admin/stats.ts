import { sql } from 'drizzle-orm';
import type { Executor } from '../db/types.js';
import { rowsOf } from '../db/rows.js';

export interface AdminCounts {
  users: number;
  towns: number;
  schools: number;
  institutions: number;
  departments: number;
  categories: number;
}

/** Active records of each managed type, for the administrator's home page. One round trip. */
export async function adminCounts(db: Executor): Promise<AdminCounts> {
  const rows = await db.execute<Record<keyof AdminCounts, string>>(sql`
    SELECT (SELECT count(*) FROM users WHERE active) AS users,
           (SELECT count(*) FROM towns WHERE active) AS towns,
           (SELECT count(*) FROM schools WHERE active) AS schools,
           (SELECT count(*) FROM institutions WHERE active) AS institutions,
           (SELECT count(*) FROM departments WHERE active) AS departments,
           (SELECT count(*) FROM hazard_categories WHERE active) AS categories`);
  const first = rowsOf<Record<keyof AdminCounts, string>>(rows)[0] ?? {};
  return Object.fromEntries(Object.entries(first).map(([k, v]) => [k, Number(v)])) as unknown as AdminCounts;
}
