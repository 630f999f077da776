import { eq } from 'drizzle-orm';
import { hashPassword } from '../../src/auth/password.js';
import { departments, schools, towns, userPasswords, users, type Role } from '../../src/db/schema/index.js';
import type { Db } from '../../src/db/types.js';

export const TEST_PASSWORD = 'correct-horse-battery';
let hash: Promise<string> | undefined;
let counter = 0;
const unique = (prefix: string) => `${prefix}${process.pid}x${++counter}x${Math.random().toString(36).slice(2, 6)}`;

export async function makeTown(db: Db, name = unique('镇')) {
  const [row] = await db.insert(towns).values({ code: unique('T'), name, kind: 'town' }).returning();
  return row!;
}

export async function makeSchool(db: Db, townId?: number, name = unique('测试学校')) {
  const town = townId ?? (await makeTown(db)).id;
  const [row] = await db.insert(schools).values({ name, kind: 'primary', townId: town }).returning();
  return row!;
}

export async function departmentByCode(db: Db, code: string) {
  const [row] = await db.select().from(departments).where(eq(departments.code, code));
  if (!row) throw new Error(`no department ${code}`);
  return row;
}

/** A user who can sign in with TEST_PASSWORD; by default they need no password change. */
export async function makeUser(
  db: Db,
  role: Role,
  options: { schoolId?: number; departmentId?: number; mustChangePassword?: boolean; active?: boolean; username?: string } = {},
) {
  hash ??= hashPassword(TEST_PASSWORD);
  const id = crypto.randomUUID();
  const username = options.username ?? unique(role);
  await db.insert(users).values({
    id,
    username,
    displayName: `${role} ${username}`,
    role,
    schoolId: options.schoolId ?? null,
    departmentId: options.departmentId ?? null,
    mustChangePassword: options.mustChangePassword ?? false,
    active: options.active ?? true,
  });
  await db.insert(userPasswords).values({ userId: id, hash: await hash });
  return { id, username, role };
}
