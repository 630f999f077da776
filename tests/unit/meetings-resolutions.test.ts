import { describe, it, expect } from 'vitest';
import {
  RESOLUTION_ACTIONS,
  type ResolutionAction,
  type ResolutionDecision,
  type ResolutionState,
  availableResolutionActions,
  decideResolution,
  effectiveStatus,
  nextFeedbackDue,
} from '../../src/meetings/resolutions.js';

// 2026-11-30 in Shanghai ends at 2026-11-30T15:59:59.999Z.
const LAST_SECOND_OF_NOV_30 = new Date('2026-11-30T15:59:59Z');
const FIRST_SECOND_OF_DEC_1 = new Date('2026-11-30T16:00:00Z');

describe('effectiveStatus', () => {
  it('turns overdue only once the Shanghai date is past the deadline', () => {
    const r = { status: 'in_progress' as const, deadline: '2026-11-30' };
    expect(effectiveStatus(r, LAST_SECOND_OF_NOV_30)).toBe('in_progress');
    expect(effectiveStatus(r, FIRST_SECOND_OF_DEC_1)).toBe('overdue');
    // Already the 30th in Shanghai although still the 29th in UTC: not overdue.
    expect(effectiveStatus(r, new Date('2026-11-29T17:00:00Z'))).toBe('in_progress');
  });

  it('pending turns overdue too', () => {
    expect(effectiveStatus({ status: 'pending', deadline: '2026-11-30' }, LAST_SECOND_OF_NOV_30)).toBe('pending');
    expect(effectiveStatus({ status: 'pending', deadline: '2026-11-30' }, FIRST_SECOND_OF_DEC_1)).toBe('overdue');
  });

  it('done and cancelled are never overdue', () => {
    expect(effectiveStatus({ status: 'done', deadline: '2026-01-01' }, FIRST_SECOND_OF_DEC_1)).toBe('done');
    expect(effectiveStatus({ status: 'cancelled', deadline: '2026-01-01' }, FIRST_SECOND_OF_DEC_1)).toBe('cancelled');
  });

  it('rejects a malformed deadline', () => {
    expect(() => effectiveStatus({ status: 'pending', deadline: '2026-11-31' }, FIRST_SECOND_OF_DEC_1)).toThrow(
      RangeError,
    );
  });
});

describe('nextFeedbackDue', () => {
  it('once: due by the deadline until the report is given', () => {
    expect(nextFeedbackDue('once', '2026-11-01', null, '2026-12-31')).toBe('2026-12-31');
    expect(nextFeedbackDue('once', '2026-11-01', '2026-11-20', '2026-12-31')).toBeNull();
  });

  it('weekly and biweekly count from creation, then from the last report', () => {
    expect(nextFeedbackDue('weekly', '2026-11-01', null, '2026-12-31')).toBe('2026-11-08');
    expect(nextFeedbackDue('weekly', '2026-11-01', '2026-11-10', '2026-12-31')).toBe('2026-11-17');
    expect(nextFeedbackDue('biweekly', '2026-11-01', null, '2026-12-31')).toBe('2026-11-15');
    expect(nextFeedbackDue('biweekly', '2026-11-01', '2026-11-20', '2026-12-31')).toBe('2026-12-04');
  });

  it('weekly crosses the year', () => {
    expect(nextFeedbackDue('weekly', '2026-12-28', null, '2027-03-31')).toBe('2027-01-04');
  });

  it('monthly clamps to the end of shorter months', () => {
    expect(nextFeedbackDue('monthly', '2026-01-31', null, '2026-12-31')).toBe('2026-02-28');
    expect(nextFeedbackDue('monthly', '2028-01-31', null, '2028-12-31')).toBe('2028-02-29');
    expect(nextFeedbackDue('monthly', '2026-01-15', '2026-03-02', '2026-12-31')).toBe('2026-04-02');
  });

  it('is never after the deadline', () => {
    expect(nextFeedbackDue('weekly', '2026-11-01', '2026-11-27', '2026-11-30')).toBe('2026-11-30');
    expect(nextFeedbackDue('monthly', '2026-11-01', null, '2026-11-20')).toBe('2026-11-20');
    expect(nextFeedbackDue('weekly', '2026-11-01', '2026-11-23', '2026-11-30')).toBe('2026-11-30');
  });

  it('ends with a report on or after the deadline', () => {
    expect(nextFeedbackDue('weekly', '2026-11-01', '2026-11-30', '2026-11-30')).toBeNull();
    expect(nextFeedbackDue('monthly', '2026-11-01', '2026-12-05', '2026-11-30')).toBeNull();
  });

  it('keeps owing the deadline report when nothing came in', () => {
    // Created after its own deadline (e.g. recorded late): the report is owed at once.
    expect(nextFeedbackDue('weekly', '2026-12-05', null, '2026-11-30')).toBe('2026-11-30');
  });

  it('rejects malformed dates', () => {
    expect(() => nextFeedbackDue('weekly', '2026-11-31', null, '2026-12-31')).toThrow(RangeError);
    expect(() => nextFeedbackDue('once', '2026-11-01', 'yesterday', '2026-12-31')).toThrow(RangeError);
    expect(() => nextFeedbackDue('once', '2026-11-01', null, '2026/12/31')).toThrow(RangeError);
  });
});

describe('decideResolution', () => {
  const pending: ResolutionState = { status: 'pending', awaitingConfirmation: false };
  const working: ResolutionState = { status: 'in_progress', awaitingConfirmation: false };
  const awaiting: ResolutionState = { status: 'in_progress', awaitingConfirmation: true };
  const done: ResolutionState = { status: 'done', awaitingConfirmation: false };
  const cancelled: ResolutionState = { status: 'cancelled', awaitingConfirmation: false };
  const reason = { reason: '整改照片不清晰，请补充' };

  const ok = (s: ResolutionState): ResolutionDecision => ({ ok: true, ...s });
  const err = (error: string) => ({ ok: false, error });

  // Every action from every state, with a reason supplied; reason checks are below.
  const table: Array<[string, ResolutionState, Record<ResolutionAction, unknown>]> = [
    [
      'pending',
      pending,
      {
        feedback: ok(working),
        reportDone: ok(awaiting),
        confirm: err('notAwaiting'),
        sendBack: err('notAwaiting'),
        cancel: ok(cancelled),
      },
    ],
    [
      'in progress',
      working,
      {
        feedback: ok(working),
        reportDone: ok(awaiting),
        confirm: err('notAwaiting'),
        sendBack: err('notAwaiting'),
        cancel: ok(cancelled),
      },
    ],
    [
      'awaiting confirmation',
      awaiting,
      {
        feedback: ok(awaiting),
        reportDone: err('alreadyAwaiting'),
        confirm: ok(done),
        sendBack: ok(working),
        cancel: ok(cancelled),
      },
    ],
    [
      'done',
      done,
      {
        feedback: err('finished'),
        reportDone: err('finished'),
        confirm: err('finished'),
        sendBack: err('finished'),
        cancel: err('finished'),
      },
    ],
    [
      'cancelled',
      cancelled,
      {
        feedback: err('finished'),
        reportDone: err('finished'),
        confirm: err('finished'),
        sendBack: err('finished'),
        cancel: err('finished'),
      },
    ],
  ];

  for (const [name, state, expected] of table) {
    for (const action of RESOLUTION_ACTIONS) {
      it(`${action} from ${name}`, () => {
        expect(decideResolution(state, action, reason)).toEqual(expected[action]);
      });
    }
  }

  it('a done resolution stays finished even if a stale flag says awaiting', () => {
    expect(decideResolution({ status: 'done', awaitingConfirmation: true }, 'confirm', {})).toEqual(err('finished'));
  });

  it('sendBack needs a non-blank reason', () => {
    expect(decideResolution(awaiting, 'sendBack', {})).toEqual(err('reasonRequired'));
    expect(decideResolution(awaiting, 'sendBack', { reason: '   ' })).toEqual(err('reasonRequired'));
    expect(decideResolution(awaiting, 'sendBack', { reason: null })).toEqual(err('reasonRequired'));
    expect(decideResolution(awaiting, 'sendBack')).toEqual(err('reasonRequired'));
  });

  it('checks "awaiting" before the reason, so the error names the real problem', () => {
    expect(decideResolution(working, 'sendBack', {})).toEqual(err('notAwaiting'));
  });

  it('other actions need no reason', () => {
    expect(decideResolution(pending, 'cancel', {})).toEqual(ok(cancelled));
    expect(decideResolution(awaiting, 'confirm', {})).toEqual(ok(done));
    expect(decideResolution(pending, 'feedback')).toEqual(ok(working));
  });

  it('availableResolutionActions lists what decideResolution allows', () => {
    expect(availableResolutionActions(pending)).toEqual(['feedback', 'reportDone', 'cancel']);
    expect(availableResolutionActions(working)).toEqual(['feedback', 'reportDone', 'cancel']);
    expect(availableResolutionActions(awaiting)).toEqual(['feedback', 'confirm', 'sendBack', 'cancel']);
    expect(availableResolutionActions(done)).toEqual([]);
    expect(availableResolutionActions(cancelled)).toEqual([]);
  });
});
