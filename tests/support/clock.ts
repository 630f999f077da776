/**
 * The instant every test clock starts at. Fixed, so no test depends on the hour it runs at;
 * `TEST_CLOCK_START` moves it, e.g. to just after midnight in Shanghai (.ci/run does this:
 * `TEST_CLOCK_START=2026-12-01T16:10:00Z npm test`).
 */
import { manualClock } from '../../src/lib/clock.js';

// 10:00 on a Wednesday in Shanghai: an ordinary working morning.
const DEFAULT_START = '2026-12-02T02:00:00Z';

export function testClockStart(): Date {
  const raw = process.env.TEST_CLOCK_START;
  const start = new Date(raw ?? DEFAULT_START);
  if (Number.isNaN(start.getTime())) throw new Error(`TEST_CLOCK_START is not an ISO instant: ${raw}`);
  return start;
}

/** A clock at the test start instant, with `reset()` to put it back after a test moved it. */
export function testClock() {
  const start = testClockStart();
  const clock = manualClock(start);
  return { ...clock, reset: () => clock.set(start) };
}
