import { eq } from 'drizzle-orm';
import { hashPassword } from '../../src/auth/password.js';
import { TWO_FACTOR_ROLES } from '../../src/auth/two-factor.js';
import { departments, recoveryCodes, schools, towns, userPasswords, users, userTwoFactor, type Role } from '../../src/db/schema/index.js';
import { sha256Hex } from '../../src/lib/hash.js';
import type { Db } from '../../src/db/types.js';

export const TEST_PASSWORD = 'correct-horse-battery';
/** The authenticator secret of test users with two-factor sign-in (base32). */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
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

/**
 * Recovery codes of the test users that have two-factor sign-in, by lower-case username: Agent.signIn
 * answers the code page with the next one (a recovery code, because the test clock stands still and an
 * authenticator code is accepted only once per 30-second step).
 */
const recoveryCodesOf = new Map<string, string[]>();

/** The next unused recovery code of a test user (undefined when they have none left, or no 2FA). */
export function takeRecoveryCode(username: string): string | undefined {
  return recoveryCodesOf.get(username.trim().toLowerCase())?.shift();
}

/**
 * A user who can sign in with TEST_PASSWORD; by default they need no password change. Roles that
 * require two-factor sign-in (supervisor, admin) get an authenticator with TEST_TOTP_SECRET and 20
 * recovery codes, unless `twoFactor: false` (then their sign-in asks them to enrol first).
 */
export async function makeUser(
  db: Db,
  role: Role,
  options: { schoolId?: number; departmentId?: number; mustChangePassword?: boolean; active?: boolean; username?: string; twoFactor?: boolean } = {},
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
  if (options.twoFactor ?? TWO_FACTOR_ROLES.includes(role)) {
    await db.insert(userTwoFactor).values({ userId: id, secret: TEST_TOTP_SECRET, enabledAt: new Date(0) });
    const codes = Array.from({ length: 20 }, (_, i) => `test${i}${Math.random().toString(36).slice(2, 8)}`.slice(0, 10).padEnd(10, 'x'));
    await db.insert(recoveryCodes).values(await Promise.all(codes.map(async (code) => ({ userId: id, codeHash: await sha256Hex(code) }))));
    recoveryCodesOf.set(username.toLowerCase(), codes);
  }
  return { id, username, role };
}
