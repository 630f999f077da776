/**
 * Sign-in throttling, pure. Each key counts recent failures. After a few failures every further attempt
 * must wait a doubling delay; after more, the key is locked for a while. Three keys per sign-in:
 * - the account from this address (PAIR_RULE): quick to slow down and lock, so one guesser is stopped
 *   without locking the real user out from their own address;
 * - the account from anywhere (ACCOUNT_RULE): a slower, longer backstop against guessing from many
 *   addresses;
 * - the address (IP_RULE): one client guessing many accounts.
 * Unknown usernames are counted like real ones, so the responses never reveal whether an account exists.
 */
export interface ThrottleRule {
  /** failures before the delays start */
  slowAfter: number;
  /** failures that lock the key */
  lockAfter: number;
  lockMinutes: number;
  /** a failure older than this no longer counts */
  windowMinutes: number;
}

export const PAIR_RULE: ThrottleRule = { slowAfter: 3, lockAfter: 8, lockMinutes: 15, windowMinutes: 15 };
export const ACCOUNT_RULE: ThrottleRule = { slowAfter: 15, lockAfter: 20, lockMinutes: 60, windowMinutes: 60 };
export const IP_RULE: ThrottleRule = { slowAfter: 10, lockAfter: 30, lockMinutes: 15, windowMinutes: 15 };
/** The current password typed on the password-change form, per account. */
export const PASSWORD_CHANGE_RULE: ThrottleRule = { slowAfter: 3, lockAfter: 8, lockMinutes: 15, windowMinutes: 15 };
/**
 * Authenticator and recovery codes, per account (the password is already known here). Stricter: a
 * 6-digit code is guessed far sooner than a password, so a handful of failures locks for an hour.
 */
export const TWO_FACTOR_RULE: ThrottleRule = { slowAfter: 3, lockAfter: 6, lockMinutes: 60, windowMinutes: 60 };

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; locked: boolean };

function effectiveFailures(state: ThrottleState, rule: ThrottleRule, now: Date): number {
  const age = now.getTime() - state.lastFailureAt.getTime();
  return age > rule.windowMinutes * 60_000 ? 0 : state.failures;
}

export function checkThrottle(state: ThrottleState | undefined, rule: ThrottleRule, now: Date): ThrottleDecision {
  if (!state) return { allowed: true };
  if (state.lockedUntil && state.lockedUntil > now) {
    return { allowed: false, locked: true, retryAfterSeconds: Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000) };
  }
  const failures = effectiveFailures(state, rule, now);
  if (state.lockedUntil || failures < rule.slowAfter) return { allowed: true };
  const delayMs = 1000 * 2 ** (failures - rule.slowAfter);
  const waitMs = state.lastFailureAt.getTime() + delayMs - now.getTime();
  return waitMs > 0 ? { allowed: false, locked: false, retryAfterSeconds: Math.ceil(waitMs / 1000) } : { allowed: true };
}

export function recordFailure(state: ThrottleState | undefined, rule: ThrottleRule, now: Date): ThrottleState {
  // A lock that has run out starts the count again.
  const expiredLock = state?.lockedUntil && state.lockedUntil <= now;
  const previous = !state || expiredLock ? 0 : effectiveFailures(state, rule, now);
  const failures = previous + 1;
  const lockedUntil = failures >= rule.lockAfter ? new Date(now.getTime() + rule.lockMinutes * 60_000) : null;
  return { failures, lastFailureAt: now, lockedUntil };
}
