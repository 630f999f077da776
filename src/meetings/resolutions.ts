/**
 * Resolutions (议定事项) of a joint meeting: the displayed status, when the next progress report is
 * owed, and the small state machine of feedback and confirmation. Pure: `now` is passed in; who may
 * act (the lead unit reports, the bureau confirms) is decided by the permission model elsewhere.
 */
import { addDays, addMonths, daysBetween, isValidDate, shanghaiDate } from '../lib/shanghai-time.js';

export const RESOLUTION_STATUSES = ['pending', 'in_progress', 'done', 'cancelled'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];
/** What people see: 'overdue' is computed, never stored, so it cannot go stale. */
export type DisplayStatus = ResolutionStatus | 'overdue';

export const isFinishedResolution = (s: ResolutionStatus): boolean => s === 'done' || s === 'cancelled';

/** Overdue when not done/cancelled and today in Shanghai is after the deadline (awaiting confirmation included). */
export function effectiveStatus(r: { status: ResolutionStatus; deadline: string }, now: Date): DisplayStatus {
  if (isFinishedResolution(r.status)) return r.status;
  return daysBetween(r.deadline, shanghaiDate(now)) > 0 ? 'overdue' : r.status;
}

export const FEEDBACK_SCHEDULES = ['once', 'weekly', 'biweekly', 'monthly'] as const;
export type FeedbackSchedule = (typeof FEEDBACK_SCHEDULES)[number];

/**
 * The next date the lead unit owes a progress report, or null when it owes none.
 * - once: one report, due by the deadline; none after it has been given.
 * - weekly / biweekly / monthly: one period after the last report (or after creation), so a unit
 *   is never longer than a period without reporting; a month after Jan 31 is Feb 28/29.
 * Never after the deadline; a report on or after the deadline ends the schedule (lateness is then
 * the overdue status's business). The caller skips done/cancelled resolutions.
 */
export function nextFeedbackDue(
  schedule: FeedbackSchedule,
  createdOn: string,
  lastFeedbackOn: string | null,
  deadline: string,
): string | null {
  for (const d of [createdOn, lastFeedbackOn, deadline]) {
    if (d !== null && !isValidDate(d)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${d}`);
  }
  if (schedule === 'once') return lastFeedbackOn === null ? deadline : null;
  if (lastFeedbackOn !== null && lastFeedbackOn >= deadline) return null;
  const base = lastFeedbackOn ?? createdOn;
  const next = schedule === 'monthly' ? addMonths(base, 1) : addDays(base, schedule === 'weekly' ? 7 : 14);
  return next < deadline ? next : deadline;
}

export const RESOLUTION_ACTIONS = ['feedback', 'reportDone', 'confirm', 'sendBack', 'cancel'] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];
/** What a note on a resolution records: a unit's or the supervisor's action, or what a meeting heard and decided. */
export const RESOLUTION_NOTE_KINDS = [...RESOLUTION_ACTIONS, 'meetingReport', 'meetingDone', 'meetingContinued'] as const;
export type ResolutionNoteKind = (typeof RESOLUTION_NOTE_KINDS)[number];

export interface ResolutionState {
  status: ResolutionStatus;
  /** The lead unit reported the work done; the bureau has not confirmed or sent it back yet. */
  awaitingConfirmation: boolean;
}

/**
 * - finished: the resolution is done or cancelled; nothing changes it.
 * - alreadyAwaiting: reportDone while a completion report already waits for the bureau.
 * - notAwaiting: confirm / sendBack without a completion report to decide on.
 * - reasonRequired: sendBack without a (non-blank) reason.
 */
export type ResolutionError = 'finished' | 'alreadyAwaiting' | 'notAwaiting' | 'reasonRequired';

export type ResolutionDecision = ({ ok: true } & ResolutionState) | { ok: false; error: ResolutionError };

const ok = (status: ResolutionStatus, awaitingConfirmation: boolean): ResolutionDecision => ({
  ok: true,
  status,
  awaitingConfirmation,
});
const fail = (error: ResolutionError): ResolutionDecision => ({ ok: false, error });

/** Decide one step. The caller records the feedback text, the reason and who acted. */
export function decideResolution(
  state: ResolutionState,
  action: ResolutionAction,
  input: { reason?: string | null } = {},
): ResolutionDecision {
  if (isFinishedResolution(state.status)) return fail('finished');
  switch (action) {
    case 'feedback':
      // Any report means work has started; a note added while awaiting confirmation keeps waiting.
      return ok('in_progress', state.awaitingConfirmation);
    case 'reportDone':
      return state.awaitingConfirmation ? fail('alreadyAwaiting') : ok('in_progress', true);
    case 'confirm':
      return state.awaitingConfirmation ? ok('done', false) : fail('notAwaiting');
    case 'sendBack':
      if (!state.awaitingConfirmation) return fail('notAwaiting');
      return input.reason?.trim() ? ok('in_progress', false) : fail('reasonRequired');
    case 'cancel':
      return ok('cancelled', false);
  }
}

/** Actions worth showing as buttons; the reason is the form's business, so it is assumed given. */
export function availableResolutionActions(state: ResolutionState): ResolutionAction[] {
  return RESOLUTION_ACTIONS.filter((a) => decideResolution(state, a, { reason: '-' }).ok);
}

export const MEETING_VERDICTS = ['done', 'continued'] as const;
export type MeetingVerdict = (typeof MEETING_VERDICTS)[number];

/**
 * At a meeting the bureau hears the lead unit's report and decides on the spot: done (closes it, with
 * or without a completion report) or continued (work goes on; a pending completion report is set aside).
 */
export function decideAtMeeting(state: ResolutionState, verdict: MeetingVerdict): ResolutionDecision {
  if (isFinishedResolution(state.status)) return fail('finished');
  return verdict === 'done' ? ok('done', false) : ok('in_progress', false);
}
