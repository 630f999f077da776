/**
 * Deadline rules. Deadlines are calendar dates 'YYYY-MM-DD' as people in the district read them,
 * i.e. in Asia/Shanghai (see src/lib/shanghai-time.ts). `now` is always passed in.
 */
import { addDays, daysBetween, isValidDate, shanghaiDate } from '../lib/shanghai-time.js';
import { type HazardState, isFinished } from './lifecycle.js';

/**
 * Today in Shanghai is after the deadline and the work has not been accepted yet.
 * A RECTIFIED hazard past its deadline stays overdue until someone accepts it.
 */
export function isOverdue(deadline: string | null, state: HazardState, now: Date): boolean {
  if (deadline === null || isFinished(state)) return false;
  return daysBetween(deadline, shanghaiDate(now)) > 0;
}

/** Not overdue, not finished, and the deadline is today or within the next `days` days. */
export function isDueSoon(deadline: string | null, state: HazardState, now: Date, days = 7): boolean {
  if (deadline === null || isFinished(state)) return false;
  const left = daysBetween(shanghaiDate(now), deadline);
  return left >= 0 && left <= days;
}

/** Whole days past the deadline (0 when not past or no deadline). Ignores state: pair with isOverdue. */
export function overdueDays(deadline: string | null, now: Date): number {
  if (deadline === null) return 0;
  return Math.max(0, daysBetween(deadline, shanghaiDate(now)));
}

/** A deadline someone may set now: a real date, today or later in Shanghai. */
export function isValidFutureDeadline(date: string, now: Date): boolean {
  return isValidDate(date) && date >= shanghaiDate(now);
}

export type DeadlineFlag = 'overdue' | 'soon' | null;

/**
 * isOverdue / isDueSoon for a whole list at one instant: today's date is worked out once, and each
 * deadline is compared as a 'YYYY-MM-DD' string (such strings sort like the dates they name).
 */
export function deadlineFlagger(now: Date, days = 7): (deadline: string | null, state: HazardState) => DeadlineFlag {
  const today = shanghaiDate(now);
  const soonUntil = addDays(today, days);
  return (deadline, state) => {
    if (deadline === null || isFinished(state)) return null;
    if (deadline < today) return 'overdue';
    return deadline <= soonUntil ? 'soon' : null;
  };
}

/** A request to move a deadline, as far as the on-time rule cares: the date asked for and the answer. */
export interface DeadlineChange {
  toDate: string;
  status: 'pending' | 'granted' | 'refused';
}

/**
 * The deadline a hazard is held to: the original one, moved only by changes a supervisor granted (the
 * latest granted one wins; `changes` oldest first). A pending or refused request moves nothing, so a
 * unit cannot take itself off the overdue list by asking.
 */
export function bindingDeadline(original: string | null, changes: readonly DeadlineChange[]): string | null {
  let deadline = original;
  for (const change of changes) if (change.status === 'granted') deadline = change.toDate;
  return deadline;
}

/**
 * "On time" for statistics and scorecards: the rectification was done (its Shanghai date) on or before
 * the binding deadline. Not done yet: false once the binding deadline has passed, null while it may still
 * be met. No deadline at all: null (nothing to be on time for).
 */
export function rectifiedOnTime(original: string | null, changes: readonly DeadlineChange[], rectifiedAt: Date | null, now: Date): boolean | null {
  const deadline = bindingDeadline(original, changes);
  if (deadline === null) return null;
  if (rectifiedAt) return shanghaiDate(rectifiedAt) <= deadline;
  return shanghaiDate(now) > deadline ? false : null;
}
