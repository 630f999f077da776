import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword } from '../auth/password.js';
import { passwordProblem } from '../auth/password-rules.js';
import { ROLES, sessions, userPasswords, users, type Role } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { conflict, FieldErrors, notFound } from '../lib/errors.js';
import { diff, recordEvent, type Actor } from '../lib/events.js';
import { fieldOfConstraint, foreignKeyViolation, uniqueViolation } from '../lib/db-errors.js';
import { oneOf, optionalId, phone, requiredText } from '../lib/form-fields.js';

/** The home unit a role needs: a school for an officer, a department for a department member. */
const withHomeUnit = <S extends z.ZodObject<{ role: z.ZodType<Role>; schoolId: z.ZodType<number | null>; departmentId: z.ZodType<number | null> }>>(schema: S) =>
  schema.superRefine((v, ctx) => {
    if (v.role === 'officer' && !v.schoolId) ctx.addIssue({ code: 'custom', path: ['schoolId'], message: 'user.schoolRequired' });
    if (v.role === 'department' && !v.departmentId) ctx.addIssue({ code: 'custom', path: ['departmentId'], message: 'user.departmentRequired' });
  });

const userFields = {
  displayName: requiredText(40),
  role: oneOf(ROLES),
  schoolId: optionalId(),
  departmentId: optionalId(),
  phone: phone(),
};

export const userUpdateSchema = withHomeUnit(z.object(userFields));
export const userCreateSchema = withHomeUnit(
  z.object({
    ...userFields,
    username: requiredText(40).regex(/^[A-Za-z0-9._-]{3,40}$/, 'user.usernameFormat'),
    password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(200, 'validation.tooLong'),
  }),
);

export type UserUpdate = z.infer<typeof userUpdateSchema>;
export type UserCreate = z.infer<typeof userCreateSchema>;

/** Only the unit the role uses is kept, so a supervisor never carries a stale school. */
function homeUnit(input: UserUpdate) {
  return {
    schoolId: input.role === 'officer' ? input.schoolId : null,
    departmentId: input.role === 'department' ? input.departmentId : null,
  };
}

function checkTemporaryPassword(password: string, username: string) {
  const problem = passwordProblem(password, username);
  if (problem) throw new FieldErrors({ password: problem });
}

/** The administrator creates an account; the user must choose a new password at first sign-in. */
export async function createUser(db: Db, actor: Actor, input: UserCreate): Promise<string> {
  checkTemporaryPassword(input.password, input.username);
  const id = crypto.randomUUID();
  const hash = await hashPassword(input.password);
  try {
    await db.transaction(async (tx) => {
      const values = {
        id,
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        phone: input.phone,
        ...homeUnit(input),
        mustChangePassword: true,
      };
      await tx.insert(users).values(values);
      await tx.insert(userPasswords).values({ userId: id, hash });
      await recordEvent(tx, actor, { entityType: 'user', entityId: id, action: 'created', data: { values } });
    });
  } catch (err) {
    throw userFieldErrors(err);
  }
  return id;
}

export async function getUser(db: Executor, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound();
  return row;
}

/** A taken username or a school/department that does not exist, as field errors. */
function userFieldErrors(err: unknown): unknown {
  if (uniqueViolation(err) !== null) return new FieldErrors({ username: 'validation.taken' });
  const foreignKey = foreignKeyViolation(err);
  if (foreignKey !== null) return new FieldErrors({ [fieldOfConstraint(foreignKey, ['schoolId', 'departmentId']) ?? '_form']: 'validation.choose' });
  return err;
}

export async function updateUser(db: Db, actor: Actor, id: string, version: number, input: UserUpdate): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getUser(tx, id);
    const changes = { displayName: input.displayName, role: input.role, phone: input.phone, ...homeUnit(input) };
    const updated = await tx
      .update(users)
      .set({ ...changes, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.version, version)))
      .returning({ id: users.id });
    if (updated.length === 0) throw conflict();
    // A new role or unit changes what the person may see: their open sessions end.
    if (before.role !== changes.role || before.schoolId !== changes.schoolId || before.departmentId !== changes.departmentId) {
      await tx.delete(sessions).where(eq(sessions.userId, id));
    }
    await recordEvent(tx, actor, { entityType: 'user', entityId: id, action: 'updated', data: { changes: diff(before, changes) } });
    // Also on its own, for the security log.
    if (before.role !== changes.role) await recordEvent(tx, actor, { entityType: 'user', entityId: id, action: 'roleChanged', data: { from: before.role, to: changes.role } });
  }).catch((err: unknown) => {
    throw userFieldErrors(err);
  });
}

/** Deactivating ends every session at once; reactivating lets the user sign in again. */
export async function setUserActive(db: Db, actor: Actor, id: string, active: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await getUser(tx, id);
    await tx
      .update(users)
      .set({ active, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(eq(users.id, id));
    if (!active) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordEvent(tx, actor, { entityType: 'user', entityId: id, action: active ? 'activated' : 'deactivated' });
  });
}

/** A temporary password set by the administrator; the user must change it, and old sessions end. */
export async function resetPassword(db: Db, actor: Actor, id: string, password: string): Promise<void> {
  const user = await getUser(db, id);
  checkTemporaryPassword(password, user.username);
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .insert(userPasswords)
      .values({ userId: id, hash })
      .onConflictDoUpdate({ target: userPasswords.userId, set: { hash, updatedAt: new Date() } });
    await tx
      .update(users)
      .set({ mustChangePassword: true, calendarTokenHash: null, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordEvent(tx, actor, { entityType: 'user', entityId: id, action: 'passwordReset' });
  });
}

/** Ends the user's sessions and stops their calendar-feed URL, like their own "sign out everywhere". */
export async function endUserSessions(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await getUser(tx, id);
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await tx.update(users).set({ calendarTokenHash: null }).where(eq(users.id, id));
    await recordEvent(tx, actor, { entityType: 'user', entityId: id, action: 'signedOutEverywhere' });
  });
}
