/**
 * Running a sitting: when it counts as started, when the supervisor may open it, and walking the
 * agenda. Pure: `now` is passed in.
 */

import { addDays, shanghaiDate } from '../lib/shanghai-time.js';
import type { HazardActionPath } from '../policy.js';

export interface Sitting {
  startsAt: Date;
  openedAt: Date | null;
  /** when the supervisor closed the sitting (null: not closed); optional for callers that never close */
  closedAt?: Date | null;
  status: string;
}

/**
 * Started once opened by the supervisor or once the scheduled start has passed: from then on the agenda
 * is frozen and invitations can no longer be answered or the meeting cancelled.
 */
export function hasStarted(m: Pick<Sitting, 'startsAt' | 'openedAt'>, now: Date): boolean {
  return (m.openedAt !== null && m.openedAt <= now) || m.startsAt <= now;
}

/** Where a meeting stands, as people say it: scheduled, in session (opened), held (closed) or cancelled. */
export type SittingStatus = 'scheduled' | 'inSession' | 'held' | 'cancelled';

export function sittingStatus(m: Sitting): SittingStatus {
  if (m.status === 'cancelled') return 'cancelled';
  if (m.closedAt) return 'held';
  return m.openedAt ? 'inSession' : 'scheduled';
}

/** The meeting actually sat: the supervisor opened the sitting (minutes can be drafted from then on). */
export const hasSat = (m: Pick<Sitting, 'openedAt' | 'status'>): boolean => m.status !== 'cancelled' && m.openedAt !== null;

export type OpenError = 'cancelled' | 'alreadyStarted' | 'tooEarly' | 'closed';

/**
 * The supervisor opens the sitting once: from the day before its date, and also after the scheduled
 * start (a meeting that began late is still opened by hand, so that it counts as having sat).
 */
export function mayOpen(m: Sitting, now: Date): { ok: true } | { ok: false; error: OpenError } {
  if (m.status === 'cancelled') return { ok: false, error: 'cancelled' };
  if (m.closedAt) return { ok: false, error: 'closed' };
  if (m.openedAt !== null) return { ok: false, error: 'alreadyStarted' };
  // From the day before the scheduled date (Beijing time): a sitting may begin early, or be
  // brought forward a day, but the agenda of a meeting next week must not freeze by mistake.
  if (shanghaiDate(now) < addDays(shanghaiDate(m.startsAt), -1)) return { ok: false, error: 'tooEarly' };
  return { ok: true };
}

export type CloseError = 'cancelled' | 'notStarted' | 'closed';

/** The supervisor closes an open sitting (结束会议); it is then held. */
export function mayClose(m: Sitting): { ok: true } | { ok: false; error: CloseError } {
  if (m.status === 'cancelled') return { ok: false, error: 'cancelled' };
  if (m.closedAt) return { ok: false, error: 'closed' };
  return m.openedAt === null ? { ok: false, error: 'notStarted' } : { ok: true };
}

/** Decisions are taken only in an opened sitting that has not been closed. */
export function sessionError(m: Sitting): CloseError | null {
  const close = mayClose(m);
  return close.ok ? null : close.error;
}

/** Where the walk through the agenda stands: the chosen item (or the first not yet dealt with). */
export function walkAgenda<T extends { id: number; outcome: string }>(items: T[], chosenId: number | null): { current: T | null; previous: T | null; next: T | null } {
  let index = chosenId === null ? -1 : items.findIndex((i) => i.id === chosenId);
  if (index < 0) index = items.findIndex((i) => i.outcome === '');
  if (index < 0) index = 0;
  return { current: items[index] ?? null, previous: items[index - 1] ?? null, next: items[index + 1] ?? null };
}

/** Items about a hazard: the live page offers the register's actions on them. */
export const HAZARD_ITEM_KINDS = ['hazardVerification', 'majorHazard', 'overdueHazard'] as const;
export const isHazardItem = (kind: string): boolean => (HAZARD_ITEM_KINDS as readonly string[]).includes(kind);

/** The register's actions a meeting takes on a hazard (the rest belong to the rectifying units). */
export const LIVE_HAZARD_ACTIONS: HazardActionPath[] = ['verify', 'dismiss', 'assign', 'list', 'unlist'];
