import { describe, it, expect } from 'vitest';
import {
  bindingDeadline,
  deadlineFlagger,
  rectifiedOnTime,
  isDueSoon,
  isOverdue,
  isValidFutureDeadline,
  overdueDays,
} from '../../src/hazards/deadlines.js';
import { addDays, addMonths, daysBetween, isValidDate, shanghaiDate } from '../../src/lib/shanghai-time.js';
import { FINISHED_STATES, HAZARD_STATES } from '../../src/hazards/lifecycle.js';

const at = (iso: string) => new Date(iso);
// 2026-11-30 in Shanghai runs from 2026-11-29T16:00:00Z to 2026-11-30T15:59:59.999Z.
const LAST_SECOND_OF_NOV_30 = at('2026-11-30T15:59:59Z');
const FIRST_SECOND_OF_DEC_1 = at('2026-11-30T16:00:00Z');

describe('shanghaiDate', () => {
  it('switches date at 16:00 UTC', () => {
    expect(shanghaiDate(at('2026-11-29T15:59:59.999Z'))).toBe('2026-11-29');
    expect(shanghaiDate(at('2026-11-29T16:00:00Z'))).toBe('2026-11-30');
    expect(shanghaiDate(LAST_SECOND_OF_NOV_30)).toBe('2026-11-30');
    expect(shanghaiDate(FIRST_SECOND_OF_DEC_1)).toBe('2026-12-01');
  });

  it('handles year end and leap day', () => {
    expect(shanghaiDate(at('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(shanghaiDate(at('2028-02-28T16:00:00Z'))).toBe('2028-02-29');
  });

  it('rejects an invalid instant', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
  });
});

describe('date arithmetic', () => {
  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-05-10', 0)).toBe('2026-05-10');
  });

  it('addDays rejects bad input', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-05-10', 1.5)).toThrow(RangeError);
  });

  it('addMonths clamps to the end of the month', () => {
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonths('2028-05-31', -3)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-11-30', 14)).toBe('2028-01-30');
    expect(addMonths('2026-11-30', -12)).toBe('2025-11-30');
  });

  it('daysBetween is signed', () => {
    expect(daysBetween('2026-11-30', '2026-12-01')).toBe(1);
    expect(daysBetween('2026-12-01', '2026-11-30')).toBe(-1);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-05-05', '2026-05-05')).toBe(0);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-00-10', '2026-1-5', '26-01-05', '2026/01/05', '', '2026-01-05T00:00', '0050-01-01'])(
    'isValidDate rejects %j',
    (bad) => {
      expect(isValidDate(bad)).toBe(false);
      expect(() => daysBetween(bad, '2026-01-01')).toThrow(RangeError);
    },
  );

  it('isValidDate accepts real dates incl. leap day', () => {
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2026-12-31')).toBe(true);
  });
});

describe('isOverdue', () => {
  it('flips when Shanghai reaches the day after the deadline', () => {
    expect(isOverdue('2026-11-30', 'IN_PROGRESS', LAST_SECOND_OF_NOV_30)).toBe(false);
    expect(isOverdue('2026-11-30', 'IN_PROGRESS', FIRST_SECOND_OF_DEC_1)).toBe(true);
  });

  it('is never overdue without a deadline', () => {
    expect(isOverdue(null, 'IN_PROGRESS', FIRST_SECOND_OF_DEC_1)).toBe(false);
  });

  it.each(HAZARD_STATES)('state %s', (state) => {
    const expected = !FINISHED_STATES.includes(state);
    expect(isOverdue('2026-11-30', state, FIRST_SECOND_OF_DEC_1)).toBe(expected);
  });

  it('a RECTIFIED hazard stays overdue until accepted', () => {
    expect(isOverdue('2026-11-01', 'RECTIFIED', FIRST_SECOND_OF_DEC_1)).toBe(true);
    expect(isOverdue('2026-11-01', 'ACCEPTED', FIRST_SECOND_OF_DEC_1)).toBe(false);
  });
});

describe('isDueSoon', () => {
  const now = at('2026-11-30T02:00:00Z'); // 10:00 on 2026-11-30 in Shanghai

  it('today and the next 7 days are due soon, day 8 is not', () => {
    expect(isDueSoon('2026-11-30', 'ASSIGNED', now)).toBe(true);
    expect(isDueSoon('2026-12-07', 'ASSIGNED', now)).toBe(true);
    expect(isDueSoon('2026-12-08', 'ASSIGNED', now)).toBe(false);
  });

  it('overdue is not due soon', () => {
    expect(isDueSoon('2026-11-29', 'ASSIGNED', now)).toBe(false);
  });

  it('respects a custom window', () => {
    expect(isDueSoon('2026-12-03', 'ASSIGNED', now, 3)).toBe(true);
    expect(isDueSoon('2026-12-04', 'ASSIGNED', now, 3)).toBe(false);
    expect(isDueSoon('2026-11-30', 'ASSIGNED', now, 0)).toBe(true);
    expect(isDueSoon('2026-12-01', 'ASSIGNED', now, 0)).toBe(false);
  });

  it('uses the Shanghai date at the boundary', () => {
    // 2026-12-08 is 8 days after Nov 30 but 7 after Dec 1.
    expect(isDueSoon('2026-12-08', 'IN_PROGRESS', LAST_SECOND_OF_NOV_30)).toBe(false);
    expect(isDueSoon('2026-12-08', 'IN_PROGRESS', FIRST_SECOND_OF_DEC_1)).toBe(true);
  });

  it.each(HAZARD_STATES)('state %s', (state) => {
    expect(isDueSoon('2026-12-01', state, now)).toBe(!FINISHED_STATES.includes(state));
  });

  it('no deadline, not due soon', () => {
    expect(isDueSoon(null, 'ASSIGNED', now)).toBe(false);
  });
});

describe('overdueDays', () => {
  it('counts whole Shanghai days past the deadline', () => {
    expect(overdueDays('2026-11-30', LAST_SECOND_OF_NOV_30)).toBe(0);
    expect(overdueDays('2026-11-30', FIRST_SECOND_OF_DEC_1)).toBe(1);
    expect(overdueDays('2026-11-01', FIRST_SECOND_OF_DEC_1)).toBe(30);
    expect(overdueDays('2026-12-10', FIRST_SECOND_OF_DEC_1)).toBe(0);
    expect(overdueDays(null, FIRST_SECOND_OF_DEC_1)).toBe(0);
  });
});

describe('isValidFutureDeadline', () => {
  it('today in Shanghai or later', () => {
    expect(isValidFutureDeadline('2026-11-30', LAST_SECOND_OF_NOV_30)).toBe(true);
    expect(isValidFutureDeadline('2026-11-30', FIRST_SECOND_OF_DEC_1)).toBe(false);
    expect(isValidFutureDeadline('2026-12-01', FIRST_SECOND_OF_DEC_1)).toBe(true);
    expect(isValidFutureDeadline('2030-01-01', FIRST_SECOND_OF_DEC_1)).toBe(true);
  });

  it.each(['2026-02-30', '2027-02-29', '2027-13-01', '2027-1-1', 'tomorrow', ''])('rejects %j', (bad) => {
    expect(isValidFutureDeadline(bad, FIRST_SECOND_OF_DEC_1)).toBe(false);
  });
});

describe('deadlineFlagger', () => {
  it('agrees with isOverdue and isDueSoon for every state, around both Shanghai day boundaries', () => {
    for (const now of [LAST_SECOND_OF_NOV_30, FIRST_SECOND_OF_DEC_1]) {
      for (const days of [0, 3, 7]) {
        const flag = deadlineFlagger(now, days);
        for (let offset = -3; offset <= 10; offset++) {
          const deadline = addDays('2026-11-30', offset);
          for (const state of HAZARD_STATES) {
            const expected = isOverdue(deadline, state, now) ? 'overdue' : isDueSoon(deadline, state, now, days) ? 'soon' : null;
            expect(flag(deadline, state), `${deadline} ${state} ${now.toISOString()} ${days}`).toBe(expected);
          }
        }
      }
    }
  });

  it('flags nothing without a deadline', () => {
    expect(deadlineFlagger(FIRST_SECOND_OF_DEC_1)(null, 'IN_PROGRESS')).toBeNull();
  });
});

describe('on time: against the original deadline unless a supervisor granted a change', () => {
  const original = '2026-11-30';
  const granted = { toDate: '2026-12-15', status: 'granted' as const };
  const pending = { toDate: '2026-12-20', status: 'pending' as const };
  const refused = { toDate: '2026-12-25', status: 'refused' as const };

  it('the binding deadline moves only with a granted change; the latest granted wins', () => {
    expect(bindingDeadline(original, [])).toBe(original);
    expect(bindingDeadline(original, [pending])).toBe(original);
    expect(bindingDeadline(original, [refused])).toBe(original);
    expect(bindingDeadline(original, [granted])).toBe('2026-12-15');
    expect(bindingDeadline(original, [granted, pending, refused])).toBe('2026-12-15');
    expect(bindingDeadline(original, [granted, { toDate: '2027-01-10', status: 'granted' }])).toBe('2027-01-10');
    expect(bindingDeadline(null, [])).toBeNull();
  });

  it('rectified on or before the binding deadline (Shanghai date) is on time', () => {
    // 23:59 on 30 November in Shanghai is still on the day.
    expect(rectifiedOnTime(original, [], at('2026-11-30T15:59:00Z'), at('2027-01-01T00:00:00Z'))).toBe(true);
    expect(rectifiedOnTime(original, [], at('2026-11-30T16:00:00Z'), at('2027-01-01T00:00:00Z'))).toBe(false);
  });

  it('a request that was only asked for, or refused, does not make late work on time', () => {
    const done = at('2026-12-10T02:00:00Z');
    expect(rectifiedOnTime(original, [pending], done, done)).toBe(false);
    expect(rectifiedOnTime(original, [refused], done, done)).toBe(false);
    expect(rectifiedOnTime(original, [granted], done, done)).toBe(true);
  });

  it('not done yet: late once the binding deadline has passed, undecided before', () => {
    expect(rectifiedOnTime(original, [], null, at('2026-11-30T10:00:00Z'))).toBeNull();
    expect(rectifiedOnTime(original, [], null, FIRST_SECOND_OF_DEC_1)).toBe(false);
    expect(rectifiedOnTime(original, [granted], null, FIRST_SECOND_OF_DEC_1)).toBeNull();
    expect(rectifiedOnTime(null, [], null, FIRST_SECOND_OF_DEC_1)).toBeNull();
  });
});
