import { and, eq, sql } from 'drizzle-orm';
import { sessions, userPasswords, users } from '../db/schema/index.js';
import type { Db, Executor } from '../db/types.js';
import { recordEvent, type Actor } from '../lib/events.js';
import type { MessageKey } from '../i18n/index.js';
import type { Locale, SessionAwaiting } from '../db/schema/auth.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.js';
import { passwordProblem } from './password-rules.js';
import { recordLockOuts } from './security-events.js';
import { forgiveAttempt, passwordChangeCounters, reserveAttempt, signInCounters } from './throttle-store.js';
import { hasTwoFactor, twoFactorRequired } from './two-factor.js';

export type SignInResult =
  | { ok: true; userId: string; awaiting: SessionAwaiting | null }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number; locked: boolean };

/**
 * Checks a username and password. Every failure looks the same to the caller (no hint whether the
 * account exists), costs the same hashing time, and counts towards the account's and the IP's throttle.
 * A right password gives a session that may still wait for the second factor (an authenticator is set
 * up) or for its enrolment (the role requires one). Failures and lock-outs go into the history (the
 * administrator's security log); attempts refused by the throttle do not (they cost the sender nothing,
 * so they must cost us nothing to store).
 */
export async function signIn(db: Db, input: { username: string; password: string; ip: string; now: Date; requestId?: string }): Promise<SignInResult> {
  const username = input.username.trim();
  // Counted before the (slow) password check, so parallel guesses cannot pass the throttle together.
  const counters = signInCounters(username, input.ip);
  const throttle = await reserveAttempt(db, counters, input.now);
  if (!throttle.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds, locked: throttle.locked };

  const [row] = await db
    .select({ id: users.id, active: users.active, role: users.role, isDemo: users.isDemo, hash: userPasswords.hash })
    .from(users)
    .leftJoin(userPasswords, eq(userPasswords.userId, users.id))
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  const valid = await verifyPassword(row?.hash ?? (await dummyPasswordHash()), input.password);
  const actor: Actor = { userId: null, ip: input.ip, requestId: input.requestId, now: input.now };
  // An existing account is logged by its id; a name that matches none by the name typed (lower case).
  const account = row ? { entityType: 'user', entityId: row.id } : { entityType: 'account', entityId: username.toLowerCase().slice(0, 100) };
  if (!row || !row.hash || !valid || !row.active) {
    await recordEvent(db, actor, { ...account, action: 'signInFailed', data: { step: 'password', username: username.slice(0, 100) } });
    await recordLockOuts(db, actor, account, throttle.newlyLocked ?? []);
    return { ok: false, reason: 'invalid' };
  }
  await forgiveAttempt(db, counters);
  const awaiting = (await hasTwoFactor(db, row.id)) ? 'secondFactor' : twoFactorRequired(row) ? 'enrolment' : null;
  // A sign-in that still waits for the code is logged once the code is right (verifySecondFactor's caller).
  if (awaiting !== 'secondFactor') await recordEvent(db, { ...actor, userId: row.id }, { entityType: 'user', entityId: row.id, action: 'signedIn', data: { secondFactor: null, awaiting } });
  return { ok: true, userId: row.id, awaiting };
}


export type PasswordChangeResult =
  | { ok: true }
  | { ok: false; errors: Record<string, MessageKey> }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number; locked: boolean };

/** A user sets a new password (also the forced change at first sign-in). Other sessions end. */
export async function changePassword(
  db: Db,
  actor: Actor & { userId: string },
  input: { current: string; next: string; confirm: string; username: string; keepSessionId: string | null },
  now: Date,
): Promise<PasswordChangeResult> {
  // Someone at an unattended, signed-in browser must not be able to guess the password either.
  const counters = passwordChangeCounters(actor.userId);
  const throttle = await reserveAttempt(db, counters, now);
  if (!throttle.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds, locked: throttle.locked };
  const [row] = await db.select({ hash: userPasswords.hash }).from(userPasswords).where(eq(userPasswords.userId, actor.userId));
  if (!row || !(await verifyPassword(row.hash, input.current))) {
    await recordLockOuts(db, actor, { entityType: 'user', entityId: actor.userId }, throttle.newlyLocked ?? []);
    return { ok: false, errors: { current: 'password.currentWrong' } };
  }
  await forgiveAttempt(db, counters);
  const problem = passwordProblem(input.next, input.username);
  if (problem) return { ok: false, errors: { next: problem } };
  if (input.next !== input.confirm) return { ok: false, errors: { confirm: 'password.mismatch' } };
  if (input.next === input.current) return { ok: false, errors: { next: 'password.sameAsOld' } };
  const hash = await hashPassword(input.next);
  await db.transaction(async (tx) => {
    await tx.update(userPasswords).set({ hash, updatedAt: new Date() }).where(eq(userPasswords.userId, actor.userId));
    await tx
      .update(users)
      .set({ mustChangePassword: false, updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, actor.userId));
    // A changed password ends every other session of the account.
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.userId), input.keepSessionId ? sql`${sessions.id} <> ${input.keepSessionId}` : sql`true`));
    await recordEvent(tx, actor, { entityType: 'user', entityId: actor.userId, action: 'passwordChanged' });
  });
  return { ok: true };
}

export async function setLocale(db: Executor, userId: string, locale: Locale): Promise<void> {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}

/** Ends every session of the account and stops its calendar-feed URL (a secret like a session). */
export async function signOutEverywhere(db: Db, actor: Actor & { userId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.userId, actor.userId));
    await tx.update(users).set({ calendarTokenHash: null }).where(eq(users.id, actor.userId));
    await recordEvent(tx, actor, { entityType: 'user', entityId: actor.userId, action: 'signedOutEverywhere' });
  });
}
