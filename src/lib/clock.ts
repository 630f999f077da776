/** The current time, injected so tests can move it (throttling windows, deadlines, session expiry). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export function manualClock(start = new Date('2026-11-29T02:00:00Z')): Clock & { set(d: Date): void; advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (d) => {
      current = d.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/**
 * A clock that starts at `start` and runs on from there at the real pace: for a whole server under
 * test (browser tests), where time must pass (sessions, throttling) but the day must not depend on
 * when the test runs. It reads only the monotonic timer, never the wall clock.
 */
export function runningClock(start: Date): Clock {
  const origin = performance.now();
  return { now: () => new Date(start.getTime() + Math.floor(performance.now() - origin)) };
}
