import { and, eq, isNull, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { recoveryCodes, sessions, userTwoFactor, users, type Role } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { recordEvent, type Actor } from '../lib/events.js';
import { sha256Hex } from '../lib/hash.js';
import { base32Encode, matchTotp, newTotpSecret } from './totp.js';
import { forgiveAttempt, reserveAttempt, twoFactorCounters } from './throttle-store.js';
import { recordLockOuts } from './security-events.js';

/**
 * Two-factor sign-in: a TOTP authenticator (any app) plus ten one-time recovery codes. Required for
 * the roles that can change the most (supervisors decide on every hazard, administrators on every
 * account); optional for everyone else. Demo accounts are exempt, so a newcomer can still look
 * around with the published demo password (docs/decisions/0031-two-factor-sign-in.md).
 */
export const TWO_FACTOR_ROLES: readonly Role[] = ['supervisor', 'admin'];
export const RECOVERY_CODE_COUNT = 10;

export function twoFactorRequired(user: { role: Role; isDemo: boolean }): boolean {
  return TWO_FACTOR_ROLES.includes(user.role) && !user.isDemo;
}

export interface TwoFactorState {
  enabled: boolean;
  /** the secret of an enrolment started but not confirmed yet */
  pendingSecret: string | null;
  recoveryCodesLeft: number;
}

export async function twoFactorState(db: Executor, userId: string): Promise<TwoFactorState> {
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, userId));
  if (!row?.enabledAt) return { enabled: false, pendingSecret: row?.secret ?? null, recoveryCodesLeft: 0 };
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { enabled: true, pendingSecret: null, recoveryCodesLeft: left?.n ?? 0 };
}

/** Whether the user has a confirmed authenticator (asked at every sign-in). */
export async function hasTwoFactor(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db.select({ enabledAt: userTwoFactor.enabledAt }).from(userTwoFactor).where(eq(userTwoFactor.userId, userId));
  return Boolean(row?.enabledAt);
}

/** The secret to show while enrolling: the pending one, or a new one. Never replaces a confirmed one. */
export async function startEnrolment(db: Db, userId: string): Promise<string> {
  const state = await twoFactorState(db, userId);
  if (state.pendingSecret) return state.pendingSecret;
  const secret = newTotpSecret();
  await db.insert(userTwoFactor).values({ userId, secret }).onConflictDoNothing();
  return (await twoFactorState(db, userId)).pendingSecret ?? secret;
}

/** Ten codes of 10 base32 characters (50 bits each), shown once as xxxxx-xxxxx; only hashes are kept. */
async function newRecoveryCodes(tx: Executor, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => base32Encode(randomBytes(7)).slice(0, 10).toLowerCase());
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(await Promise.all(codes.map(async (code) => ({ userId, codeHash: await sha256Hex(code) }))));
  return codes.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`);
}

const normalizeRecoveryCode = (typed: string) => typed.toLowerCase().replace(/[\s-]/g, '');

export type CodeCheck = { ok: true } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number; locked: boolean };

/**
 * Checks a code typed by the user: an authenticator code, or (when allowed) a recovery code, which is
 * then used up. Counted like a sign-in, per account and address, before it is checked.
 */
async function checkCode(db: Db, actor: Actor & { userId: string }, code: string, now: Date, options: { secret: string; lastStep: number; allowRecovery: boolean }): Promise<CodeCheck | { ok: true; used: 'totp' | 'recovery' }> {
  const counters = twoFactorCounters(actor.userId);
  const throttle = await reserveAttempt(db, counters, now);
  if (!throttle.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds, locked: throttle.locked };
  const wrong = async (): Promise<CodeCheck> => {
    await recordLockOuts(db, actor, { entityType: 'user', entityId: actor.userId }, throttle.newlyLocked ?? []);
    return { ok: false, reason: 'wrong' };
  };
  const step = matchTotp(options.secret, code.slice(0, 20), now, options.lastStep);
  if (step !== null) {
    // Guarded by the step, so two requests with the same code cannot both pass.
    const updated = await db
      .update(userTwoFactor)
      .set({ lastStep: step })
      .where(and(eq(userTwoFactor.userId, actor.userId), sql`${userTwoFactor.lastStep} < ${step}`))
      .returning({ userId: userTwoFactor.userId });
    if (updated.length === 1) {
      await forgiveAttempt(db, counters);
      return { ok: true, used: 'totp' };
    }
    return wrong();
  }
  if (options.allowRecovery) {
    const hash = await sha256Hex(normalizeRecoveryCode(code.slice(0, 40)));
    const used = await db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(recoveryCodes.userId, actor.userId), eq(recoveryCodes.codeHash, hash), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    if (used.length === 1) {
      await forgiveAttempt(db, counters);
      return { ok: true, used: 'recovery' };
    }
  }
  return wrong();
}

/**
 * The second step of a sign-in: an authenticator code or a recovery code. Logged: the sign-in once the
 * code is right (with which kind of code), a wrong code as a failed sign-in.
 */
export async function verifySecondFactor(db: Db, actor: Actor & { userId: string }, code: string, now: Date): Promise<CodeCheck> {
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, actor.userId));
  if (!row?.enabledAt) return { ok: false, reason: 'wrong' };
  const result = await checkCode(db, actor, code, now, { secret: row.secret, lastStep: row.lastStep, allowRecovery: true });
  const account = { entityType: 'user', entityId: actor.userId };
  if (!result.ok) {
    if (result.reason === 'wrong') await recordEvent(db, actor, { ...account, action: 'signInFailed', data: { step: 'secondFactor' } });
    return result;
  }
  const used = 'used' in result ? result.used : 'totp';
  if (used === 'recovery') await recordEvent(db, actor, { ...account, action: 'recoveryCodeUsed' });
  await recordEvent(db, actor, { ...account, action: 'signedIn', data: { secondFactor: used } });
  return { ok: true };
}

/**
 * Confirms an enrolment with the first code from the app: two-factor sign-in is on, and the recovery
 * codes (returned, to show once) are made. A session that was waiting for enrolment becomes a full one.
 */
export async function confirmEnrolment(db: Db, actor: Actor & { userId: string }, code: string, now: Date, sessionId: string | null): Promise<CodeCheck | { ok: true; recoveryCodes: string[] }> {
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, actor.userId));
  if (!row || row.enabledAt) return { ok: false, reason: 'wrong' };
  const result = await checkCode(db, actor, code, now, { secret: row.secret, lastStep: row.lastStep, allowRecovery: false });
  if (!result.ok) return result;
  return db.transaction(async (tx) => {
    await tx.update(userTwoFactor).set({ enabledAt: now }).where(eq(userTwoFactor.userId, actor.userId));
    const codes = await newRecoveryCodes(tx, actor.userId);
    if (sessionId) await tx.update(sessions).set({ awaiting: null }).where(and(eq(sessions.id, sessionId), eq(sessions.awaiting, 'enrolment')));
    await recordEvent(tx, actor, { entityType: 'user', entityId: actor.userId, action: 'twoFactorEnabled' });
    return { ok: true as const, recoveryCodes: codes };
  });
}

/** New recovery codes (the old ones stop working), after a current authenticator code. */
export async function regenerateRecoveryCodes(db: Db, actor: Actor & { userId: string }, code: string, now: Date): Promise<CodeCheck | { ok: true; recoveryCodes: string[] }> {
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, actor.userId));
  if (!row?.enabledAt) return { ok: false, reason: 'wrong' };
  const result = await checkCode(db, actor, code, now, { secret: row.secret, lastStep: row.lastStep, allowRecovery: false });
  if (!result.ok) return result;
  return db.transaction(async (tx) => {
    const codes = await newRecoveryCodes(tx, actor.userId);
    await recordEvent(tx, actor, { entityType: 'user', entityId: actor.userId, action: 'recoveryCodesRenewed' });
    return { ok: true as const, recoveryCodes: codes };
  });
}

/** Turns two-factor sign-in off (not allowed where the role requires it), after a current code. */
export async function disableTwoFactor(db: Db, actor: Actor & { userId: string }, code: string, now: Date): Promise<CodeCheck> {
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, actor.userId));
  if (!row?.enabledAt) return { ok: false, reason: 'wrong' };
  const result = await checkCode(db, actor, code, now, { secret: row.secret, lastStep: row.lastStep, allowRecovery: true });
  if (!result.ok) return result;
  await db.transaction(async (tx) => {
    await removeTwoFactor(tx, actor.userId);
    await recordEvent(tx, actor, { entityType: 'user', entityId: actor.userId, action: 'twoFactorDisabled' });
  });
  return { ok: true };
}

async function removeTwoFactor(tx: Executor, userId: string): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.delete(userTwoFactor).where(eq(userTwoFactor.userId, userId));
}

/**
 * The administrator takes a user's authenticator away (a lost phone and no recovery code): the user
 * signs in with the password and, where the role requires it, enrols again. Their sessions end.
 */
export async function resetTwoFactor(db: Db, actor: Actor, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) return;
    await removeTwoFactor(tx, userId);
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordEvent(tx, actor, { entityType: 'user', entityId: userId, action: 'twoFactorReset' });
  });
}
