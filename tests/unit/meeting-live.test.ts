import { describe, expect, it } from 'vitest';
import { hasSat, hasStarted, isHazardItem, mayClose, mayOpen, sessionError, sittingStatus, walkAgenda } from '../../src/meetings/live.js';
import { decideAtMeeting } from '../../src/meetings/resolutions.js';

const at = (iso: string) => new Date(iso);
const sitting = (startsAt: string, openedAt: string | null = null, status = 'scheduled', closedAt: string | null = null) => ({ startsAt: at(startsAt), openedAt: openedAt ? at(openedAt) : null, status, closedAt: closedAt ? at(closedAt) : null });

describe('when a sitting has started', () => {
  it('starts at the scheduled time, or earlier when the supervisor opened it', () => {
    const m = sitting('2026-12-08T01:30:00Z');
    expect(hasStarted(m, at('2026-12-08T01:29:59Z'))).toBe(false);
    expect(hasStarted(m, at('2026-12-08T01:30:00Z'))).toBe(true);
    expect(hasStarted(sitting('2026-12-08T01:30:00Z', '2026-12-08T01:10:00Z'), at('2026-12-08T01:15:00Z'))).toBe(true);
  });

  it('may be opened from the day before its date (Beijing time), once, and not when cancelled', () => {
    // 2026-12-08 09:30 in Beijing; the day before starts at 2026-12-07 00:00 Beijing = 12-06 16:00 UTC.
    expect(mayOpen(sitting('2026-12-08T01:30:00Z'), at('2026-12-06T16:00:00Z'))).toEqual({ ok: true });
    expect(mayOpen(sitting('2026-12-08T01:30:00Z'), at('2026-12-06T15:59:59Z'))).toEqual({ ok: false, error: 'tooEarly' });
    expect(mayOpen(sitting('2026-12-08T01:30:00Z', '2026-12-08T01:00:00Z'), at('2026-12-08T01:05:00Z'))).toEqual({ ok: false, error: 'alreadyStarted' });
    // A meeting that began late is still opened by hand, so that it counts as having sat.
    expect(mayOpen(sitting('2026-12-08T01:30:00Z'), at('2026-12-08T02:00:00Z'))).toEqual({ ok: true });
    expect(mayOpen(sitting('2026-12-08T01:30:00Z', null, 'cancelled'), at('2026-12-08T01:00:00Z'))).toEqual({ ok: false, error: 'cancelled' });
    expect(mayOpen(sitting('2026-12-08T01:30:00Z', '2026-12-08T01:00:00Z', 'scheduled', '2026-12-08T03:00:00Z'), at('2026-12-08T04:00:00Z'))).toEqual({ ok: false, error: 'closed' });
  });
});

describe('a sitting has an end', () => {
  const opened = sitting('2026-12-08T01:30:00Z', '2026-12-08T01:25:00Z');
  const closed = sitting('2026-12-08T01:30:00Z', '2026-12-08T01:25:00Z', 'scheduled', '2026-12-08T03:40:00Z');
  it('is scheduled, in session once opened, held once closed, or cancelled', () => {
    expect(sittingStatus(sitting('2026-12-08T01:30:00Z'))).toBe('scheduled');
    // The scheduled time passing does not make a meeting sit: only opening it does.
    expect(hasSat(sitting('2026-12-08T01:30:00Z'))).toBe(false);
    expect(sittingStatus(opened)).toBe('inSession');
    expect(sittingStatus(closed)).toBe('held');
    expect(sittingStatus(sitting('2026-12-08T01:30:00Z', null, 'cancelled'))).toBe('cancelled');
    expect([hasSat(opened), hasSat(closed)]).toEqual([true, true]);
  });
  it('is closed once, only after it was opened; decisions only in between', () => {
    expect(mayClose(opened)).toEqual({ ok: true });
    expect(mayClose(sitting('2026-12-08T01:30:00Z'))).toEqual({ ok: false, error: 'notStarted' });
    expect(mayClose(closed)).toEqual({ ok: false, error: 'closed' });
    expect(mayClose(sitting('2026-12-08T01:30:00Z', null, 'cancelled'))).toEqual({ ok: false, error: 'cancelled' });
    expect([sessionError(opened), sessionError(closed), sessionError(sitting('2026-12-08T01:30:00Z'))]).toEqual([null, 'closed', 'notStarted']);
  });
});

describe('walking the agenda', () => {
  const items = [
    { id: 10, outcome: 'decided' },
    { id: 11, outcome: '' },
    { id: 12, outcome: '' },
  ];
  it('opens on the first item not dealt with yet', () => {
    expect(walkAgenda(items, null)).toEqual({ current: items[1], previous: items[0], next: items[2] });
  });
  it('goes to the chosen item; an unknown one falls back to the first open item', () => {
    expect(walkAgenda(items, 12)).toEqual({ current: items[2], previous: items[1], next: null });
    expect(walkAgenda(items, 99).current).toBe(items[1]);
  });
  it('when everything is dealt with it starts at the top; an empty agenda has no item', () => {
    const done = items.map((i) => ({ ...i, outcome: 'discussed' }));
    expect(walkAgenda(done, null)).toEqual({ current: done[0], previous: null, next: done[1] });
    expect(walkAgenda([], null)).toEqual({ current: null, previous: null, next: null });
  });
  it('knows which items are about hazards', () => {
    expect(['hazardVerification', 'majorHazard', 'overdueHazard', 'topic', 'resolutionReview', 'other'].map(isHazardItem)).toEqual([true, true, true, false, false, false]);
  });
});

describe('a resolution decided at the meeting', () => {
  it('done closes it (with or without a completion report); continued sets a pending report aside', () => {
    expect(decideAtMeeting({ status: 'in_progress', awaitingConfirmation: true }, 'done')).toEqual({ ok: true, status: 'done', awaitingConfirmation: false });
    expect(decideAtMeeting({ status: 'pending', awaitingConfirmation: false }, 'done')).toEqual({ ok: true, status: 'done', awaitingConfirmation: false });
    expect(decideAtMeeting({ status: 'in_progress', awaitingConfirmation: true }, 'continued')).toEqual({ ok: true, status: 'in_progress', awaitingConfirmation: false });
  });
  it('a finished resolution cannot be decided again', () => {
    expect(decideAtMeeting({ status: 'done', awaitingConfirmation: false }, 'continued')).toEqual({ ok: false, error: 'finished' });
    expect(decideAtMeeting({ status: 'cancelled', awaitingConfirmation: false }, 'done')).toEqual({ ok: false, error: 'finished' });
  });
});
