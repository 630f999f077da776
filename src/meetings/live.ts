/**
 * Running a sitting: when it counts as started, when the supervisor may open it, and walking the
 * agenda. Pure: `now` is passed in.
 */

import { addDays, shanghaiDate } from '../lib/shanghai-time.js';
import type { HazardActionPath } from '../policy.js';

export interface Sitting {
  startsAt: Date;
  openedAt: Date | null;
  status: string;
}

/** Started once opened by the supervisor or once the scheduled start has passed. */
export function hasStarted(m: Pick<Sitting, 'startsAt' | 'openedAt'>, now: Date): boolean {
  return (m.openedAt !== null && m.openedAt <= now) || m.startsAt <= now;
}

export type OpenError = 'cancelled' | 'alreadyStarted' | 'tooEarly';

export function mayOpen(m: Sitting, now: Date): { ok: true } | { ok: false; error: OpenError } {
  if (m.status === 'cancelled') return { ok: false, error: 'cancelled' };
  if (hasStarted(m, now)) return { ok: false, error: 'alreadyStarted' };
  // From the day before the scheduled date (Beijing time): a sitting may begin early, or be
  // brought forward a day, but the agenda of a meeting next week must not freeze by mistake.
  if (shanghaiDate(now) < addDays(shanghaiDate(m.startsAt), -1)) return { ok: false, error: 'tooEarly' };
  return { ok: true };
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
