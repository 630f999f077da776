import { inArray, sql } from 'drizzle-orm';
import { loginThrottles } from '../db/schema/index.js';
import type { Db } from '../db/types.js';
import {
  ACCOUNT_RULE,
  IP_RULE,
  PAIR_RULE,
  PASSWORD_CHANGE_RULE,
  TWO_FACTOR_RULE,
  checkThrottle,
  recordFailure,
  type ThrottleDecision,
  type ThrottleRule,
} from './throttle.js';

type Counter = readonly [key: string, rule: ThrottleRule];

const account = (username: string) => username.trim().toLowerCase();

/** What one sign-in attempt counts against: the account from this address, the account, the address. */
export function signInCounters(username: string, ip: string): Counter[] {
  return [
    [`pair:${account(username)}|${ip}`, PAIR_RULE],
    [`user:${account(username)}`, ACCOUNT_RULE],
    [`ip:${ip}`, IP_RULE],
  ];
}

/** A password change checks the current password: counted per account. */
export const passwordChangeCounters = (userId: string): Counter[] => [[`password:${userId}`, PASSWORD_CHANGE_RULE]];

/**
 * An authenticator or recovery code: counted per account (the password, already checked, was counted
 * per address; guessing codes across accounts needs each account's password first).
 */
export const twoFactorCounters = (userId: string): Counter[] => [[`2fa:${userId}`, TWO_FACTOR_RULE]];

/** What a key counts, for the security log: 'pair', 'user', 'ip', 'password', '2fa'. */
export const counterKind = (key: string): string => key.slice(0, key.indexOf(':'));

/**
 * Counts an attempt before the password is checked, atomically: the counters' rows are locked, the
 * decision taken on what they say, and the attempt recorded as a failure, all in one transaction. So
 * parallel attempts queue on the lock and each sees the ones before it; none can slip through between
 * a read and a write while a password is being hashed. A successful attempt is forgiven afterwards.
 * A refused attempt is not counted (it costs the guesser nothing, and it proves nothing either).
 */
export async function reserveAttempt(db: Db, counters: Counter[], now: Date): Promise<ThrottleDecision & { newlyLocked?: string[] }> {
  const keys = counters.map(([key]) => key).sort();
  return db.transaction(async (tx) => {
    await tx
      .insert(loginThrottles)
      .values(keys.map((key) => ({ key, failures: 0, lastFailureAt: now, lockedUntil: null })))
      .onConflictDoNothing();
    // Locked in key order, so two attempts never wait on each other's rows.
    const rows = await tx.select().from(loginThrottles).where(inArray(loginThrottles.key, keys)).orderBy(loginThrottles.key).for('update');
    const states = new Map(rows.map((r) => [r.key, r]));
    const refused = counters
      .map(([key, rule]) => checkThrottle(states.get(key), rule, now))
      .filter((d): d is Extract<ThrottleDecision, { allowed: false }> => !d.allowed);
    if (refused.length > 0) return refused.reduce((a, b) => (a.retryAfterSeconds >= b.retryAfterSeconds ? a : b));
    // Keys this attempt locks (for the security log: a lock-out is logged once, when it starts).
    const newlyLocked: string[] = [];
    for (const [key, rule] of counters) {
      const next = recordFailure(states.get(key), rule, now);
      if (next.lockedUntil && !(states.get(key)?.lockedUntil && states.get(key)!.lockedUntil! > now)) newlyLocked.push(key);
      await tx.update(loginThrottles).set(next).where(sql`${loginThrottles.key} = ${key}`);
    }
    return { allowed: true, newlyLocked };
  });
}

/**
 * The attempt was right: the account's own counters start again; the address keeps the attempt
 * taken back (one success does not wipe out its earlier guesses at other accounts).
 */
export async function forgiveAttempt(db: Db, counters: Counter[]): Promise<void> {
  const reset = counters.filter(([, rule]) => rule !== IP_RULE).map(([key]) => key);
  const ip = counters.filter(([, rule]) => rule === IP_RULE).map(([key]) => key);
  if (reset.length) await db.delete(loginThrottles).where(inArray(loginThrottles.key, reset));
  if (ip.length) await db.update(loginThrottles).set({ failures: sql`greatest(${loginThrottles.failures} - 1, 0)` }).where(inArray(loginThrottles.key, ip));
}
