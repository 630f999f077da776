import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazardCategories, schools } from '../../src/db/schema/index.js';
import { withNames } from '../../src/hazards/names.js';
import { invalidateReferenceCache } from '../../src/lib/reference-cache.js';
import { setupTestApp, type TestContext } from '../support/app.js';
import { departmentByCode, makeSchool } from '../support/factories.js';

/** The register's names come from memory: they must never be missing or wrong after a change. */
let ctx: TestContext;
let categoryId: number;
beforeAll(async () => {
  ctx = await setupTestApp();
  categoryId = (await ctx.db.select({ id: hazardCategories.id }).from(hazardCategories).where(eq(hazardCategories.code, 'FIRE')))[0]!.id;
});
afterAll(() => ctx.close());

const row = (school: { id: number; townId: number }, leadDepartmentId: number | null = null) => ({
  id: 1,
  schoolId: school.id,
  institutionId: null,
  townId: school.townId,
  categoryId,
  leadDepartmentId,
});

describe('register row names', () => {
  it('name the school, town, category and lead department, in both languages where they have two', async () => {
    const school = await makeSchool(ctx.db, undefined, '命名测试小学');
    const police = await departmentByCode(ctx.db, 'PSB');
    const [named] = await withNames(ctx.db, [row(school, police.id)]);
    expect(named).toMatchObject({ schoolName: '命名测试小学', institutionName: null, categoryName: '消防安全', leadName: police.name, leadNameEn: police.nameEn });
    expect(named!.townName).not.toBe('');
    expect(named!.categoryNameEn).toBeTruthy();
  });

  it('know a school created after the names were cached (e.g. by another server process)', async () => {
    const first = await makeSchool(ctx.db);
    await withNames(ctx.db, [row(first)]);
    const created = await makeSchool(ctx.db, undefined, '刚刚新建的学校');
    const [named] = await withNames(ctx.db, [row(created)]);
    expect(named!.schoolName).toBe('刚刚新建的学校');
  });

  it('show a rename once the reference cache is cleared (an administrator’s change clears it)', async () => {
    const school = await makeSchool(ctx.db, undefined, '改名前的学校');
    expect((await withNames(ctx.db, [row(school)]))[0]!.schoolName).toBe('改名前的学校');
    await ctx.db.update(schools).set({ name: '改名后的学校' }).where(eq(schools.id, school.id));
    invalidateReferenceCache();
    expect((await withNames(ctx.db, [row(school)]))[0]!.schoolName).toBe('改名后的学校');
  });
});
