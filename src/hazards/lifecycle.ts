/**
 * The hazard life cycle (闭环) as a pure state machine: no I/O, no clock, no permissions.
 * Who may act is decided elsewhere (the permission model); this module only answers
 * "from this state, with these facts and this input, is the step allowed, and where does it go?".
 */

export const HAZARD_STATES = [
  'REPORTED', // 已上报
  'VERIFIED', // 已核实定级
  'ASSIGNED', // 已交办
  'IN_PROGRESS', // 整改中
  'CONTROLLED', // 暂缓整改·管控中
  'RECTIFIED', // 已整改待验收
  'ACCEPTED', // 验收通过
  'CLOSED', // 已销号
  'DISMISSED', // 不予立项
  'WITHDRAWN', // 已撤回
] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

export type HazardGrade = 'ordinary' | 'major';

/** States nothing may ever change again: a closed hazard is never edited, a recurrence opens a new one. */
export const TERMINAL_STATES: readonly HazardState[] = ['CLOSED', 'DISMISSED', 'WITHDRAWN'];

/** Everything still on the register's working list (ACCEPTED counts: it still awaits 销号). */
export const OPEN_STATES: readonly HazardState[] = HAZARD_STATES.filter((s) => !TERMINAL_STATES.includes(s));

/** No deadline pressure any more: the work has been accepted, or the hazard is out of the register. */
export const FINISHED_STATES: readonly HazardState[] = ['ACCEPTED', 'CLOSED', 'DISMISSED', 'WITHDRAWN'];

export const isOpen = (s: HazardState): boolean => OPEN_STATES.includes(s);
export const isFinished = (s: HazardState): boolean => FINISHED_STATES.includes(s);

export const HAZARD_ACTIONS = [
  'withdraw',
  'dismiss',
  'verify',
  'fixOnSpot',
  'assign',
  'startRectification',
  'recordProgress',
  'control',
  'resume',
  'requestExtension',
  'decideExtension',
  'submitCompletion',
  'accept',
  'reject',
  'close',
  'list',
  'unlist',
  'updatePlan',
] as const;
export type HazardAction = (typeof HAZARD_ACTIONS)[number];

/** What the machine needs to know about the stored hazard. */
export interface HazardFacts {
  state: HazardState;
  grade: HazardGrade | null;
  /** Five-in-place plan (五落实): measures, funds, deadline, responsible person, contingency plan all present. */
  planComplete: boolean;
  /** User id who submitted completion or fixed on the spot; the acceptor must be someone else. */
  rectifiedBy: string | null;
  /** Under listed supervision (挂牌督办). */
  listed: boolean;
  /** An extension request is waiting for the bureau's decision. */
  pendingExtension: boolean;
}

/**
 * What the user supplied with the action. Optional fields are checked per action, so a
 * route can pass parsed form values straight through and get a precise error back.
 */
export interface ActionInput {
  actorId: string;
  /** dismiss, reject, requestExtension, list; unlist before acceptance. */
  reason?: string | null;
  /** verify. */
  grade?: HazardGrade | null;
  /** verify: the colour the scoring gave (a major hazard graded blue or yellow needs a confirmed reason). */
  riskLevel?: 'red' | 'orange' | 'yellow' | 'blue' | null;
  /** verify: why a major hazard is only blue or yellow (the supervisor's explicit confirmation). */
  majorLowLevelReason?: string | null;
  /** fixOnSpot, submitCompletion: at least one photo/document attached. */
  hasEvidence?: boolean;
  /** control. */
  interimMeasures?: string | null;
  /** control, requestExtension: 'YYYY-MM-DD' (validated as a date by deadlines.ts, not here). */
  newTargetDate?: string | null;
}

/**
 * Why a step was refused. Checked in this order: state, actor, stored facts, input.
 * - terminal: the hazard is CLOSED / DISMISSED / WITHDRAWN; nothing may change.
 * - wrongState: the action is not allowed from the current state.
 * - actorRequired: no actor id given (every step is recorded against a person).
 * - gradeRequired: verify without a grade, or fixOnSpot on a hazard that was never graded.
 * - majorCannotFixOnSpot: 即查即改 is only for ordinary hazards.
 * - planIncomplete: a major hazard cannot enter rectification before its five-in-place plan is complete.
 * - ownRectification: the one who rectified never accepts their own work.
 * - extensionPending: an extension is already waiting for a decision.
 * - noExtensionPending: there is no extension request to decide.
 * - alreadyListed / notListed: list / unlist on a hazard already / not under listed supervision.
 * - reasonRequired: dismiss, reject, requestExtension or list without a (non-blank) reason, or unlist
 *   before the rectification was accepted without one.
 * - majorLowLevelUnconfirmed: a major hazard graded blue or yellow without a confirmed reason.
 * - evidenceRequired: fixOnSpot or submitCompletion without evidence.
 * - interimRequired: control without interim measures.
 * - targetDateRequired: control or requestExtension without a new target date.
 */
export type LifecycleError =
  | 'terminal'
  | 'wrongState'
  | 'actorRequired'
  | 'gradeRequired'
  | 'majorCannotFixOnSpot'
  | 'planIncomplete'
  | 'ownRectification'
  | 'extensionPending'
  | 'noExtensionPending'
  | 'alreadyListed'
  | 'notListed'
  | 'reasonRequired'
  | 'majorLowLevelUnconfirmed'
  | 'evidenceRequired'
  | 'interimRequired'
  | 'targetDateRequired';

export type Decision = { ok: true; to: HazardState } | { ok: false; error: LifecycleError };

type Moves = Partial<Record<HazardState, HazardState>>;

// States where work is under way: re-assignment, extensions and plan updates make sense here.
const WORKING = ['ASSIGNED', 'IN_PROGRESS', 'CONTROLLED'] as const;
const stay = (states: readonly HazardState[]): Moves => Object.fromEntries(states.map((s) => [s, s]));

/**
 * action → (from state → to state). Kept as data so docs can list it and tests can enumerate it.
 * A state missing from an action's row means "refused from there".
 */
export const TRANSITIONS: Readonly<Record<HazardAction, Readonly<Moves>>> = {
  withdraw: { REPORTED: 'WITHDRAWN' },
  dismiss: { REPORTED: 'DISMISSED' },
  verify: { REPORTED: 'VERIFIED' },
  fixOnSpot: { VERIFIED: 'RECTIFIED' },
  assign: { VERIFIED: 'ASSIGNED', ...stay(WORKING) },
  startRectification: { ASSIGNED: 'IN_PROGRESS' },
  // Recording progress on an assigned hazard means rectification has started.
  recordProgress: { ASSIGNED: 'IN_PROGRESS', IN_PROGRESS: 'IN_PROGRESS', CONTROLLED: 'CONTROLLED' },
  control: { IN_PROGRESS: 'CONTROLLED' },
  resume: { CONTROLLED: 'IN_PROGRESS' },
  requestExtension: stay(WORKING),
  // RECTIFIED too: a request made before completion must still be answerable (the deadline
  // keeps counting until acceptance).
  decideExtension: stay([...WORKING, 'RECTIFIED']),
  submitCompletion: { IN_PROGRESS: 'RECTIFIED' },
  accept: { RECTIFIED: 'ACCEPTED' },
  reject: { RECTIFIED: 'IN_PROGRESS' },
  close: { ACCEPTED: 'CLOSED' },
  // Listed supervision needs a verified hazard; an unverified report is not yet on the register.
  list: stay(['VERIFIED', ...WORKING, 'RECTIFIED', 'ACCEPTED']),
  unlist: stay(['VERIFIED', ...WORKING, 'RECTIFIED', 'ACCEPTED']),
  updatePlan: stay(['VERIFIED', ...WORKING]),
};

const blank = (s: string | null | undefined): boolean => !s || s.trim() === '';

/** Checks that depend only on the stored facts and who acts (not on what they typed). */
function checkFacts(f: HazardFacts, action: HazardAction, actorId: string): LifecycleError | null {
  switch (action) {
    case 'fixOnSpot':
      if (f.grade === null) return 'gradeRequired';
      return f.grade === 'major' ? 'majorCannotFixOnSpot' : null;
    case 'startRectification':
    case 'recordProgress':
      // Only the step *into* rectification is gated; CONTROLLED/IN_PROGRESS already passed it.
      return f.state === 'ASSIGNED' && f.grade === 'major' && !f.planComplete ? 'planIncomplete' : null;
    // "Cannot be fixed yet" asks for a new date too: one request at a time.
    case 'requestExtension':
    case 'control':
      return f.pendingExtension ? 'extensionPending' : null;
    case 'decideExtension':
      return f.pendingExtension ? null : 'noExtensionPending';
    case 'accept':
      return f.rectifiedBy !== null && f.rectifiedBy === actorId ? 'ownRectification' : null;
    case 'list':
      return f.listed ? 'alreadyListed' : null;
    case 'unlist':
      return f.listed ? null : 'notListed';
    default:
      return null;
  }
}

/** A major hazard is normally red or orange; blue or yellow is allowed only on purpose. */
export const isMajorLowLevel = (grade: HazardGrade | null | undefined, level: string | null | undefined): boolean =>
  grade === 'major' && (level === 'blue' || level === 'yellow');

/** Checks on what the user supplied with the action. */
function checkInput(f: HazardFacts, action: HazardAction, input: ActionInput): LifecycleError | null {
  switch (action) {
    case 'dismiss':
    case 'reject':
    case 'list':
      return blank(input.reason) ? 'reasonRequired' : null;
    case 'unlist':
      // 摘牌 follows acceptance; before it, only with a written reason.
      return f.state !== 'ACCEPTED' && blank(input.reason) ? 'reasonRequired' : null;
    case 'verify':
      if (!input.grade) return 'gradeRequired';
      return isMajorLowLevel(input.grade, input.riskLevel) && blank(input.majorLowLevelReason) ? 'majorLowLevelUnconfirmed' : null;
    case 'fixOnSpot':
    case 'submitCompletion':
      return input.hasEvidence ? null : 'evidenceRequired';
    case 'control':
      if (blank(input.interimMeasures)) return 'interimRequired';
      return blank(input.newTargetDate) ? 'targetDateRequired' : null;
    case 'requestExtension':
      if (blank(input.newTargetDate)) return 'targetDateRequired';
      return blank(input.reason) ? 'reasonRequired' : null;
    default:
      return null;
  }
}

/** State part of every decision: terminal first, so callers can say "this hazard is closed". */
function checkState(f: HazardFacts, action: HazardAction): LifecycleError | null {
  if (TERMINAL_STATES.includes(f.state)) return 'terminal';
  return TRANSITIONS[action][f.state] === undefined ? 'wrongState' : null;
}

/**
 * Decide one step. On success `to` is the new state (possibly unchanged). The caller records the
 * side effects (e.g. sets rectifiedBy = actorId after fixOnSpot/submitCompletion, sets listed).
 */
export function decide(facts: HazardFacts, action: HazardAction, input: ActionInput): Decision {
  const error =
    checkState(facts, action) ??
    (blank(input.actorId) ? 'actorRequired' : null) ??
    checkFacts(facts, action, input.actorId) ??
    checkInput(facts, action, input);
  if (error) return { ok: false, error };
  // checkState guaranteed the entry exists.
  return { ok: true, to: TRANSITIONS[action][facts.state] as HazardState };
}

/**
 * Actions worth showing as buttons: the state allows them and the stored facts do not rule them
 * out (e.g. no "accept" for the person who rectified, no "list" when already listed).
 * Input checks (reason, evidence…) are left to the form.
 */
export function availableActions(facts: HazardFacts, actorId: string): HazardAction[] {
  return HAZARD_ACTIONS.filter((a) => checkState(facts, a) === null && checkFacts(facts, a, actorId) === null);
}
