import { describe, it, expect } from 'vitest';
import {
  HAZARD_STATES,
  HAZARD_ACTIONS,
  OPEN_STATES,
  FINISHED_STATES,
  TERMINAL_STATES,
  TRANSITIONS,
  availableActions,
  decide,
  isFinished,
  isOpen,
  type ActionInput,
  type HazardAction,
  type HazardFacts,
  type HazardState,
} from '../../src/hazards/lifecycle.js';

const ACTOR = 'u-supervisor';

/** Input that satisfies every per-action input check. */
const FULL: ActionInput = {
  actorId: ACTOR,
  reason: '现场复核',
  grade: 'ordinary',
  hasEvidence: true,
  interimMeasures: '设置围挡和警示标志',
  newTargetDate: '2026-12-31',
};

/** Facts under which the action passes every fact check, in the given state. */
function goodFacts(state: HazardState, action: HazardAction): HazardFacts {
  return {
    state,
    grade: 'ordinary',
    planComplete: true,
    rectifiedBy: 'u-school',
    listed: action === 'unlist',
    pendingExtension: action === 'decideExtension',
  };
}

// The spec from DOMAIN.md / the brief, written out independently of TRANSITIONS.
const EXPECTED: Array<[HazardAction, HazardState, HazardState]> = [
  ['withdraw', 'REPORTED', 'WITHDRAWN'],
  ['dismiss', 'REPORTED', 'DISMISSED'],
  ['verify', 'REPORTED', 'VERIFIED'],
  ['fixOnSpot', 'VERIFIED', 'RECTIFIED'],
  ['assign', 'VERIFIED', 'ASSIGNED'],
  ['assign', 'ASSIGNED', 'ASSIGNED'],
  ['assign', 'IN_PROGRESS', 'IN_PROGRESS'],
  ['assign', 'CONTROLLED', 'CONTROLLED'],
  ['startRectification', 'ASSIGNED', 'IN_PROGRESS'],
  ['recordProgress', 'ASSIGNED', 'IN_PROGRESS'],
  ['recordProgress', 'IN_PROGRESS', 'IN_PROGRESS'],
  ['recordProgress', 'CONTROLLED', 'CONTROLLED'],
  ['control', 'IN_PROGRESS', 'CONTROLLED'],
  ['resume', 'CONTROLLED', 'IN_PROGRESS'],
  ['requestExtension', 'ASSIGNED', 'ASSIGNED'],
  ['requestExtension', 'IN_PROGRESS', 'IN_PROGRESS'],
  ['requestExtension', 'CONTROLLED', 'CONTROLLED'],
  ['decideExtension', 'ASSIGNED', 'ASSIGNED'],
  ['decideExtension', 'IN_PROGRESS', 'IN_PROGRESS'],
  ['decideExtension', 'CONTROLLED', 'CONTROLLED'],
  ['decideExtension', 'RECTIFIED', 'RECTIFIED'],
  ['submitCompletion', 'IN_PROGRESS', 'RECTIFIED'],
  ['accept', 'RECTIFIED', 'ACCEPTED'],
  ['reject', 'RECTIFIED', 'IN_PROGRESS'],
  ['close', 'ACCEPTED', 'CLOSED'],
  ...(['VERIFIED', 'ASSIGNED', 'IN_PROGRESS', 'CONTROLLED', 'RECTIFIED', 'ACCEPTED'] as const).flatMap(
    (s): Array<[HazardAction, HazardState, HazardState]> => [
      ['list', s, s],
      ['unlist', s, s],
    ],
  ),
  ...(['VERIFIED', 'ASSIGNED', 'IN_PROGRESS', 'CONTROLLED'] as const).map(
    (s): [HazardAction, HazardState, HazardState] => ['updatePlan', s, s],
  ),
];

const allowedFrom = (action: HazardAction, state: HazardState) => TRANSITIONS[action][state];

describe('state sets', () => {
  it('OPEN_STATES is everything but the three terminal states', () => {
    expect([...OPEN_STATES].sort()).toEqual(
      ['REPORTED', 'VERIFIED', 'ASSIGNED', 'IN_PROGRESS', 'CONTROLLED', 'RECTIFIED', 'ACCEPTED'].sort(),
    );
    expect([...TERMINAL_STATES].sort()).toEqual(['CLOSED', 'DISMISSED', 'WITHDRAWN']);
  });

  it('FINISHED_STATES are ACCEPTED plus the terminal states', () => {
    expect([...FINISHED_STATES].sort()).toEqual(['ACCEPTED', 'CLOSED', 'DISMISSED', 'WITHDRAWN']);
  });

  it('isOpen / isFinished agree with the lists', () => {
    for (const s of HAZARD_STATES) {
      expect(isOpen(s)).toBe(OPEN_STATES.includes(s));
      expect(isFinished(s)).toBe(FINISHED_STATES.includes(s));
    }
  });
});

describe('TRANSITIONS table', () => {
  it('matches the specified transitions exactly', () => {
    const actual = HAZARD_ACTIONS.flatMap((a) =>
      Object.entries(TRANSITIONS[a]).map(([from, to]) => `${a}:${from}->${to}`),
    ).sort();
    const expected = EXPECTED.map(([a, from, to]) => `${a}:${from}->${to}`).sort();
    expect(actual).toEqual(expected);
  });

  it('has a row for every action and never leaves a terminal state', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...HAZARD_ACTIONS].sort());
    for (const a of HAZARD_ACTIONS) {
      for (const s of TERMINAL_STATES) expect(allowedFrom(a, s)).toBeUndefined();
    }
  });
});

describe('decide: allowed transitions', () => {
  it.each(EXPECTED)('%s from %s goes to %s', (action, from, to) => {
    expect(decide(goodFacts(from, action), action, FULL)).toEqual({ ok: true, to });
  });
});

describe('decide: forbidden (state, action) pairs', () => {
  const pairs = HAZARD_STATES.flatMap((s) =>
    HAZARD_ACTIONS.filter((a) => allowedFrom(a, s) === undefined).map((a): [HazardState, HazardAction] => [s, a]),
  );

  it('covers every pair missing from the table', () => {
    expect(pairs.length + EXPECTED.length).toBe(HAZARD_STATES.length * HAZARD_ACTIONS.length);
  });

  it.each(pairs)('in %s, %s is refused', (state, action) => {
    const expected = TERMINAL_STATES.includes(state) ? 'terminal' : 'wrongState';
    expect(decide(goodFacts(state, action), action, FULL)).toEqual({ ok: false, error: expected });
  });

  it('a terminal state wins over every other check', () => {
    const facts: HazardFacts = { ...goodFacts('CLOSED', 'list'), listed: true };
    expect(decide(facts, 'list', { actorId: '' })).toEqual({ ok: false, error: 'terminal' });
  });
});

describe('decide: preconditions', () => {
  const refused = (facts: HazardFacts, action: HazardAction, input: ActionInput) => {
    const d = decide(facts, action, input);
    return d.ok ? null : d.error;
  };

  it('every action needs an actor', () => {
    for (const [action, from] of EXPECTED) {
      expect(refused(goodFacts(from, action), action, { ...FULL, actorId: '  ' })).toBe('actorRequired');
    }
  });

  it('withdraw needs nothing else', () => {
    expect(decide(goodFacts('REPORTED', 'withdraw'), 'withdraw', { actorId: 'u-school' }).ok).toBe(true);
  });

  it.each(['dismiss', 'reject', 'list'] as const)('%s needs a non-blank reason', (action) => {
    const from = action === 'dismiss' ? 'REPORTED' : action === 'reject' ? 'RECTIFIED' : 'VERIFIED';
    const facts = goodFacts(from, action);
    expect(refused(facts, action, { ...FULL, reason: undefined })).toBe('reasonRequired');
    expect(refused(facts, action, { ...FULL, reason: null })).toBe('reasonRequired');
    expect(refused(facts, action, { ...FULL, reason: ' \n ' })).toBe('reasonRequired');
  });

  it('verify needs a grade, either grade works', () => {
    const facts = goodFacts('REPORTED', 'verify');
    expect(refused(facts, 'verify', { actorId: ACTOR })).toBe('gradeRequired');
    expect(refused(facts, 'verify', { actorId: ACTOR, grade: null })).toBe('gradeRequired');
    expect(decide(facts, 'verify', { actorId: ACTOR, grade: 'major' })).toEqual({ ok: true, to: 'VERIFIED' });
    expect(decide(facts, 'verify', { actorId: ACTOR, grade: 'ordinary' })).toEqual({ ok: true, to: 'VERIFIED' });
  });

  it('fixOnSpot: ordinary only, with evidence', () => {
    const facts = goodFacts('VERIFIED', 'fixOnSpot');
    expect(refused({ ...facts, grade: 'major' }, 'fixOnSpot', FULL)).toBe('majorCannotFixOnSpot');
    expect(refused({ ...facts, grade: null }, 'fixOnSpot', FULL)).toBe('gradeRequired');
    expect(refused(facts, 'fixOnSpot', { ...FULL, hasEvidence: false })).toBe('evidenceRequired');
    expect(refused(facts, 'fixOnSpot', { actorId: ACTOR })).toBe('evidenceRequired');
  });

  it('a major hazard needs the complete five-in-place plan to enter rectification', () => {
    const major: HazardFacts = { ...goodFacts('ASSIGNED', 'startRectification'), grade: 'major', planComplete: false };
    expect(refused(major, 'startRectification', FULL)).toBe('planIncomplete');
    expect(refused(major, 'recordProgress', FULL)).toBe('planIncomplete');
    expect(decide({ ...major, planComplete: true }, 'startRectification', FULL)).toEqual({ ok: true, to: 'IN_PROGRESS' });
    // An ordinary hazard needs no plan.
    const ordinary: HazardFacts = { ...major, grade: 'ordinary' };
    expect(decide(ordinary, 'startRectification', FULL)).toEqual({ ok: true, to: 'IN_PROGRESS' });
    // Once in rectification, progress is never blocked by the plan.
    expect(decide({ ...major, state: 'IN_PROGRESS' }, 'recordProgress', FULL)).toEqual({ ok: true, to: 'IN_PROGRESS' });
    expect(decide({ ...major, state: 'CONTROLLED' }, 'recordProgress', FULL)).toEqual({ ok: true, to: 'CONTROLLED' });
  });

  it('control needs interim measures and a new target date', () => {
    const facts = goodFacts('IN_PROGRESS', 'control');
    expect(refused(facts, 'control', { ...FULL, interimMeasures: '' })).toBe('interimRequired');
    expect(refused(facts, 'control', { ...FULL, newTargetDate: null })).toBe('targetDateRequired');
    expect(refused(facts, 'control', { actorId: ACTOR })).toBe('interimRequired');
  });

  it('requestExtension needs no pending request, a new date and a reason', () => {
    const facts = goodFacts('IN_PROGRESS', 'requestExtension');
    expect(refused({ ...facts, pendingExtension: true }, 'requestExtension', FULL)).toBe('extensionPending');
    expect(refused(facts, 'requestExtension', { ...FULL, newTargetDate: undefined })).toBe('targetDateRequired');
    expect(refused(facts, 'requestExtension', { ...FULL, reason: '' })).toBe('reasonRequired');
  });

  it('decideExtension needs a pending request', () => {
    const facts = goodFacts('CONTROLLED', 'decideExtension');
    expect(refused({ ...facts, pendingExtension: false }, 'decideExtension', FULL)).toBe('noExtensionPending');
    expect(decide(facts, 'decideExtension', { actorId: ACTOR })).toEqual({ ok: true, to: 'CONTROLLED' });
  });

  it('submitCompletion needs evidence', () => {
    const facts = goodFacts('IN_PROGRESS', 'submitCompletion');
    expect(refused(facts, 'submitCompletion', { ...FULL, hasEvidence: false })).toBe('evidenceRequired');
  });

  it('the one who rectified never accepts', () => {
    const facts: HazardFacts = { ...goodFacts('RECTIFIED', 'accept'), rectifiedBy: ACTOR };
    expect(refused(facts, 'accept', FULL)).toBe('ownRectification');
    expect(decide(facts, 'accept', { actorId: 'u-other' })).toEqual({ ok: true, to: 'ACCEPTED' });
    expect(decide({ ...facts, rectifiedBy: null }, 'accept', FULL)).toEqual({ ok: true, to: 'ACCEPTED' });
  });

  it('reject sends the hazard back with a reason; the rectifier may not be blocked from rejecting', () => {
    const facts: HazardFacts = { ...goodFacts('RECTIFIED', 'reject'), rectifiedBy: ACTOR };
    expect(decide(facts, 'reject', FULL)).toEqual({ ok: true, to: 'IN_PROGRESS' });
  });

  it('list / unlist depend on the listed flag', () => {
    const facts = goodFacts('ASSIGNED', 'list');
    expect(refused({ ...facts, listed: true }, 'list', FULL)).toBe('alreadyListed');
    expect(refused({ ...facts, listed: false }, 'unlist', FULL)).toBe('notListed');
    expect(decide({ ...facts, listed: true }, 'unlist', FULL)).toEqual({ ok: true, to: 'ASSIGNED' });
  });

  it('unlisting (摘牌) needs a written reason before the rectification is accepted, none after', () => {
    for (const state of ['VERIFIED', 'ASSIGNED', 'IN_PROGRESS', 'CONTROLLED', 'RECTIFIED'] as const) {
      const facts = goodFacts(state, 'unlist');
      expect(refused(facts, 'unlist', { actorId: ACTOR }), state).toBe('reasonRequired');
      expect(refused(facts, 'unlist', { actorId: ACTOR, reason: '  ' }), state).toBe('reasonRequired');
      expect(decide(facts, 'unlist', { actorId: ACTOR, reason: '经联席会议研究，改为区级常规督办' })).toEqual({ ok: true, to: state });
    }
    expect(decide(goodFacts('ACCEPTED', 'unlist'), 'unlist', { actorId: ACTOR })).toEqual({ ok: true, to: 'ACCEPTED' });
  });

  it('"cannot be fixed yet" asks for a new date: not while another request waits', () => {
    const facts = goodFacts('IN_PROGRESS', 'control');
    expect(refused({ ...facts, pendingExtension: true }, 'control', FULL)).toBe('extensionPending');
    expect(decide(facts, 'control', FULL)).toEqual({ ok: true, to: 'CONTROLLED' });
  });

  it('a major hazard graded yellow or blue needs a confirmed reason; red, orange and ordinary ones do not', () => {
    const facts = goodFacts('REPORTED', 'verify');
    for (const riskLevel of ['yellow', 'blue'] as const) {
      expect(refused(facts, 'verify', { actorId: ACTOR, grade: 'major', riskLevel })).toBe('majorLowLevelUnconfirmed');
      expect(refused(facts, 'verify', { actorId: ACTOR, grade: 'major', riskLevel, majorLowLevelReason: ' ' })).toBe('majorLowLevelUnconfirmed');
      expect(decide(facts, 'verify', { actorId: ACTOR, grade: 'major', riskLevel, majorLowLevelReason: '后果严重但发生可能性低' }).ok).toBe(true);
      expect(decide(facts, 'verify', { actorId: ACTOR, grade: 'ordinary', riskLevel }).ok).toBe(true);
    }
    for (const riskLevel of ['red', 'orange'] as const) expect(decide(facts, 'verify', { actorId: ACTOR, grade: 'major', riskLevel }).ok).toBe(true);
  });

  it('fact checks come before input checks', () => {
    const facts: HazardFacts = { ...goodFacts('VERIFIED', 'fixOnSpot'), grade: 'major' };
    expect(refused(facts, 'fixOnSpot', { actorId: ACTOR })).toBe('majorCannotFixOnSpot');
  });
});

describe('availableActions', () => {
  const base: HazardFacts = {
    state: 'REPORTED',
    grade: null,
    planComplete: false,
    rectifiedBy: null,
    listed: false,
    pendingExtension: false,
  };

  it('offers nothing in a terminal state', () => {
    for (const s of TERMINAL_STATES) expect(availableActions({ ...base, state: s }, ACTOR)).toEqual([]);
  });

  it('never offers an action the table refuses', () => {
    for (const s of HAZARD_STATES) {
      for (const a of availableActions({ ...base, state: s, grade: 'ordinary', planComplete: true }, ACTOR)) {
        expect(allowedFrom(a, s)).toBeDefined();
      }
    }
  });

  it('REPORTED: withdraw, dismiss, verify', () => {
    expect(availableActions(base, ACTOR)).toEqual(['withdraw', 'dismiss', 'verify']);
  });

  it('VERIFIED ordinary can be fixed on the spot, major cannot', () => {
    const verified: HazardFacts = { ...base, state: 'VERIFIED', grade: 'ordinary' };
    expect(availableActions(verified, ACTOR)).toEqual(['fixOnSpot', 'assign', 'list', 'updatePlan']);
    expect(availableActions({ ...verified, grade: 'major' }, ACTOR)).toEqual(['assign', 'list', 'updatePlan']);
  });

  it('ASSIGNED major without a plan cannot start', () => {
    const f: HazardFacts = { ...base, state: 'ASSIGNED', grade: 'major' };
    expect(availableActions(f, ACTOR)).toEqual(['assign', 'requestExtension', 'list', 'updatePlan']);
    expect(availableActions({ ...f, planComplete: true }, ACTOR)).toEqual([
      'assign',
      'startRectification',
      'recordProgress',
      'requestExtension',
      'list',
      'updatePlan',
    ]);
  });

  it('IN_PROGRESS with a pending extension and listed', () => {
    const f: HazardFacts = { ...base, state: 'IN_PROGRESS', grade: 'ordinary', pendingExtension: true, listed: true };
    // "Cannot be fixed yet" is a request for a new date too: not while one is waiting.
    expect(availableActions(f, ACTOR)).toEqual([
      'assign',
      'recordProgress',
      'decideExtension',
      'submitCompletion',
      'unlist',
      'updatePlan',
    ]);
  });

  it('RECTIFIED: no accept for the rectifier', () => {
    const f: HazardFacts = { ...base, state: 'RECTIFIED', grade: 'ordinary', rectifiedBy: ACTOR };
    expect(availableActions(f, ACTOR)).toEqual(['reject', 'list']);
    expect(availableActions(f, 'u-other')).toEqual(['accept', 'reject', 'list']);
  });

  it('ACCEPTED: close and listing only', () => {
    expect(availableActions({ ...base, state: 'ACCEPTED', listed: true }, ACTOR)).toEqual(['close', 'unlist']);
  });
});
