import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, PAIR_RULE, IP_RULE, PASSWORD_CHANGE_RULE, checkThrottle, recordFailure, type ThrottleRule, type ThrottleState } from '../../src/auth/throttle.js';

const T0 = new Date('2026-03-01T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Records `n` failures, `gapMs` apart, starting at T0; returns the state and the time of the last one. */
function fail(n: number, rule: ThrottleRule, gapMs = 0, state?: ThrottleState): { state: ThrottleState; last: Date } {
  let s = state;
  let last = T0;
  for (let i = 0; i < n; i++) {
    last = at(i * gapMs);
    s = recordFailure(s, rule, last);
  }
  return { state: s!, last };
}

describe('the rules', () => {
  it('are the documented ones', () => {
    expect(PAIR_RULE).toEqual({ slowAfter: 3, lockAfter: 8, lockMinutes: 15, windowMinutes: 15 });
    expect(ACCOUNT_RULE).toEqual({ slowAfter: 15, lockAfter: 20, lockMinutes: 60, windowMinutes: 60 });
    expect(PASSWORD_CHANGE_RULE).toEqual(PAIR_RULE);
    expect(IP_RULE).toEqual({ slowAfter: 10, lockAfter: 30, lockMinutes: 15, windowMinutes: 15 });
  });
});

describe('checkThrottle', () => {
  it('allows a key with no history', () => {
    expect(checkThrottle(undefined, PAIR_RULE, T0)).toEqual({ allowed: true });
  });

  it('allows attempts while failures are below slowAfter', () => {
    const { state } = fail(2, PAIR_RULE);
    expect(state.failures).toBe(2);
    expect(state.lockedUntil).toBeNull();
    expect(checkThrottle(state, PAIR_RULE, T0)).toEqual({ allowed: true });
  });

  it('makes the next attempt wait one second once slowAfter failures are reached', () => {
    const { state } = fail(3, PAIR_RULE);
    expect(checkThrottle(state, PAIR_RULE, T0)).toEqual({ allowed: false, locked: false, retryAfterSeconds: 1 });
    expect(checkThrottle(state, PAIR_RULE, at(999))).toEqual({ allowed: false, locked: false, retryAfterSeconds: 1 });
    expect(checkThrottle(state, PAIR_RULE, at(1000))).toEqual({ allowed: true });
  });

  it('doubles the delay with every further failure', () => {
    const delays: number[] = [];
    let state: ThrottleState | undefined;
    let now = T0;
    for (let failures = 1; failures < PAIR_RULE.lockAfter; failures++) {
      state = recordFailure(state, PAIR_RULE, now);
      const decision = checkThrottle(state, PAIR_RULE, now);
      if (failures < PAIR_RULE.slowAfter) {
        expect(decision).toEqual({ allowed: true });
        now = new Date(now.getTime() + SECOND);
        continue;
      }
      expect(decision.allowed).toBe(false);
      const wait = (decision as { retryAfterSeconds: number }).retryAfterSeconds;
      delays.push(wait);
      // Just before the delay has passed: still refused; at the delay: allowed.
      expect(checkThrottle(state, PAIR_RULE, new Date(now.getTime() + wait * SECOND - 1)).allowed).toBe(false);
      expect(checkThrottle(state, PAIR_RULE, new Date(now.getTime() + wait * SECOND)).allowed).toBe(true);
      now = new Date(now.getTime() + wait * SECOND);
    }
    expect(delays).toEqual([1, 2, 4, 8, 16]);
  });

  it('rounds a partial second of waiting up', () => {
    const { state } = fail(4, PAIR_RULE); // delay 2 s
    expect(checkThrottle(state, PAIR_RULE, at(500))).toEqual({ allowed: false, locked: false, retryAfterSeconds: 2 });
    expect(checkThrottle(state, PAIR_RULE, at(1001))).toEqual({ allowed: false, locked: false, retryAfterSeconds: 1 });
  });

  it('forgets failures older than the window', () => {
    const { state } = fail(5, PAIR_RULE);
    expect(checkThrottle(state, PAIR_RULE, at(15 * MINUTE)).allowed).toBe(true);
    // A new failure after the window starts counting from one again.
    const next = recordFailure(state, PAIR_RULE, at(15 * MINUTE + 1));
    expect(next.failures).toBe(1);
    expect(next.lockedUntil).toBeNull();
    expect(checkThrottle(next, PAIR_RULE, at(15 * MINUTE + 1))).toEqual({ allowed: true });
  });

  it('keeps counting failures inside the window (measured from the last failure)', () => {
    const { state } = fail(3, PAIR_RULE, 10 * MINUTE); // failures at 0, 10, 20 minutes
    expect(state.failures).toBe(3);
    expect(checkThrottle(state, PAIR_RULE, at(20 * MINUTE)).allowed).toBe(false);
  });

  it('locks the key for lockMinutes at lockAfter failures', () => {
    const { state, last } = fail(PAIR_RULE.lockAfter, PAIR_RULE, MINUTE);
    expect(state.failures).toBe(8);
    expect(state.lockedUntil).toEqual(new Date(last.getTime() + 15 * MINUTE));
    expect(checkThrottle(state, PAIR_RULE, last)).toEqual({ allowed: false, locked: true, retryAfterSeconds: 15 * 60 });
    expect(checkThrottle(state, PAIR_RULE, new Date(last.getTime() + 14 * MINUTE + 30 * SECOND))).toEqual({
      allowed: false,
      locked: true,
      retryAfterSeconds: 30,
    });
  });

  it('unlocks when the lock runs out, and the count starts again', () => {
    const { state, last } = fail(PAIR_RULE.lockAfter, PAIR_RULE, MINUTE);
    const unlockAt = new Date(last.getTime() + 15 * MINUTE);
    expect(checkThrottle(state, PAIR_RULE, unlockAt)).toEqual({ allowed: true });
    const after = recordFailure(state, PAIR_RULE, unlockAt);
    expect(after).toEqual({ failures: 1, lastFailureAt: unlockAt, lockedUntil: null });
    expect(checkThrottle(after, PAIR_RULE, unlockAt)).toEqual({ allowed: true });
  });

  it('applies the IP rule with its own thresholds', () => {
    const nine = fail(9, IP_RULE).state;
    expect(checkThrottle(nine, IP_RULE, T0)).toEqual({ allowed: true });
    const ten = recordFailure(nine, IP_RULE, T0);
    expect(checkThrottle(ten, IP_RULE, T0)).toEqual({ allowed: false, locked: false, retryAfterSeconds: 1 });
    const { state, last } = fail(30, IP_RULE, 10 * SECOND);
    expect(state.lockedUntil).toEqual(new Date(last.getTime() + 15 * MINUTE));
    expect(checkThrottle(state, IP_RULE, last)).toMatchObject({ allowed: false, locked: true });
    // The account rule would have locked much earlier: the rules are independent.
    expect(fail(8, PAIR_RULE).state.lockedUntil).not.toBeNull();
    expect(fail(8, IP_RULE).state.lockedUntil).toBeNull();
  });
});

describe('recordFailure', () => {
  it('starts a count at one', () => {
    expect(recordFailure(undefined, PAIR_RULE, T0)).toEqual({ failures: 1, lastFailureAt: T0, lockedUntil: null });
  });

  it('does not mutate the previous state', () => {
    const first = recordFailure(undefined, PAIR_RULE, T0);
    const copy = structuredClone(first);
    recordFailure(first, PAIR_RULE, at(SECOND));
    expect(first).toEqual(copy);
  });

  it('a failure recorded during a lock keeps counting and renews the lock', () => {
    const { state, last } = fail(8, PAIR_RULE);
    const during = recordFailure(state, PAIR_RULE, new Date(last.getTime() + MINUTE));
    expect(during.failures).toBe(9);
    expect(during.lockedUntil).toEqual(new Date(last.getTime() + 16 * MINUTE));
  });
});
