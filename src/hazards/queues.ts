import type { SessionUser } from '../auth/sessions.js';
import type { Executor } from '../db/types.js';
import type { MessageKey } from '../i18n/index.js';
import { verifyOverdueDays } from './settings.js';
import { presetFilter, registerCount, registerPage, type RegisterFilter, type RegisterRow } from './register.js';

/** A home-page badge counts up to this and then says "99+": the full number is one click away. */
export const QUEUE_COUNT_CAP = 99;

export interface Queue {
  title: MessageKey;
  /** the register URL showing the whole queue */
  href: string;
  count: number;
  rows: RegisterRow[];
}

type Preset = { title: MessageKey; filter: Partial<RegisterFilter> };

/** Each role's work queues: register filters, so "see all" is the register with the same filter. */
export function queuePresets(user: SessionUser): Preset[] {
  switch (user.role) {
    case 'officer':
      return [
        // What needs the school's action first; its own reports waiting for the bureau after.
        { title: 'queue.waitingForMe', filter: { waiting: true, sort: 'deadline' } },
        { title: 'queue.awaitingBureau', filter: { state: 'REPORTED', sort: 'found' } },
        { title: 'queue.schoolOpen', filter: { open: true, sort: 'deadline' } },
      ];
    case 'department':
      return [
        // What changed first: newly assigned hazards, newest first, not only the oldest overdue.
        { title: 'queue.newlyAssigned', filter: { waiting: true, state: 'ASSIGNED', sort: 'found' } },
        { title: 'queue.weLead', filter: { waiting: true, sort: 'deadline' } },
        { title: 'queue.weLeadOrSupport', filter: { open: true, sort: 'deadline' } },
      ];
    case 'supervisor':
      return [
        { title: 'queue.verificationOverdue', filter: { verifyOverdue: true, sort: 'found' } },
        { title: 'queue.awaitingVerification', filter: { state: 'REPORTED', sort: 'found' } },
        { title: 'queue.awaitingAcceptance', filter: { state: 'RECTIFIED', sort: 'deadline' } },
        { title: 'queue.overdue', filter: { overdue: true, sort: 'deadline' } },
        { title: 'queue.dueSoon', filter: { dueSoon: true, sort: 'deadline' } },
        { title: 'queue.awaitingClose', filter: { state: 'ACCEPTED', sort: 'found' } },
      ];
    case 'leader':
      return [
        { title: 'queue.overdue', filter: { overdue: true, sort: 'deadline' } },
        { title: 'queue.listed', filter: { listed: true, open: true, sort: 'level' } },
        { title: 'queue.major', filter: { grade: 'major', open: true, sort: 'deadline' } },
      ];
    case 'admin':
      return [];
  }
}

function hrefOf(filter: Partial<RegisterFilter>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) {
    if (k === 'verifyOverdueDays') continue;
    if (v === true) params.set(k, '1');
    else if (v !== undefined && v !== false) params.set(k, String(v));
  }
  return `/hazards?${params.toString()}`;
}

export async function queuesFor(db: Executor, user: SessionUser, now: Date, size = 5): Promise<Queue[]> {
  const presets = queuePresets(user);
  const verifyDays = presets.some((p) => p.filter.verifyOverdue) ? await verifyOverdueDays(db) : undefined;
  // Independent queries: issued together, so a pool runs them side by side.
  return Promise.all(
    presets.map(async (preset) => {
      const filter = presetFilter({ ...preset.filter, verifyOverdueDays: verifyDays });
      const [page, count] = await Promise.all([registerPage(db, user, filter, now, size), registerCount(db, user, filter, now, QUEUE_COUNT_CAP)]);
      return { title: preset.title, href: hrefOf(preset.filter), count, rows: page.rows };
    }),
  );
}
