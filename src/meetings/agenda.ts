/**
 * The proposed agenda of a joint meeting, built from plain rows the service has queried. Pure:
 * `now` is passed in. The chair may reorder it; `reorder` does that without mutating.
 */
import { isOverdue, overdueDays } from '../hazards/deadlines.js';
import { shanghaiDate } from '../lib/shanghai-time.js';
import { type HazardGrade, type HazardState, isFinished } from '../hazards/lifecycle.js';
import { effectiveStatus, isFinishedResolution, type ResolutionStatus } from './resolutions.js';

export type RiskLevel = 'red' | 'orange' | 'yellow' | 'blue';

export interface AgendaInput {
  hazards: Array<{
    id: number;
    number: string;
    state: HazardState;
    grade: HazardGrade | null;
    riskLevel: RiskLevel | null;
    deadline: string | null;
    listed: boolean;
    schoolName: string;
    location: string;
  }>;
  supervisionOrders: Array<{
    id: number;
    subject: string;
    unitName: string;
    deadline: string;
    status: 'open' | 'answered' | 'closed';
  }>;
  resolutions: Array<{
    id: number;
    content: string;
    leadUnitName: string;
    deadline: string;
    status: ResolutionStatus;
    awaitingConfirmation: boolean;
  }>;
  topics: Array<{ id: number; title: string; unitName: string; status: 'proposed' | 'accepted' | 'declined' }>;
  /** risk points to assess (研判): red and orange points due or overdue for review, and points whose level rose (see 0085) */
  risks?: Array<{ id: number; name: string; schoolName: string; level: RiskLevel; nextReviewOn: string; reviewDue: boolean; rose: boolean }>;
  now: Date;
}

/** In agenda order. */
export const AGENDA_KINDS = [
  'hazardVerification',
  'majorHazard',
  'riskAssessment',
  'overdueHazard',
  'supervisionOrder',
  'resolutionReview',
  'topic',
] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export type AgendaReason =
  | 'awaitingVerification' // hazard REPORTED, to be verified and graded
  | 'major' // 重大隐患
  | 'red' // 重大风险
  | 'orange' // 较大风险
  | 'listed' // under listed supervision (挂牌督办) though neither major nor red/orange
  | 'overdue' // hazard, open supervision order or resolution past its deadline
  | 'openOrder' // supervision order still waiting for the unit's answer
  | 'answered' // supervision order answered; the bureau checks the answer
  | 'awaitingConfirmation' // resolution reported done; the meeting may confirm it
  | 'notDone' // resolution still under way
  | 'accepted' // member-unit topic accepted onto the agenda
  | 'proposed' // member-unit topic not yet decided
  | 'levelRose' // risk point re-assessed at a higher level since the last held meeting
  | 'reviewDue'; // red or orange risk point due or overdue for review

export interface AgendaItem {
  kind: AgendaKind;
  refId: number;
  title: string;
  reason: AgendaReason;
}

/**
 * The domain's five agenda sections (DOMAIN.md, Joint meetings): overdue hazards and open
 * supervision orders share one, "overdue items and supervision".
 */
export const AGENDA_SECTIONS = ['verification', 'major', 'overdue', 'review', 'topics'] as const;
export type AgendaSection = (typeof AGENDA_SECTIONS)[number];

const SECTION: Record<AgendaKind, AgendaSection> = {
  hazardVerification: 'verification',
  majorHazard: 'major',
  riskAssessment: 'major',
  overdueHazard: 'overdue',
  supervisionOrder: 'overdue',
  resolutionReview: 'review',
  topic: 'topics',
};

export const sectionOf = (kind: AgendaKind): AgendaSection => SECTION[kind];

const RISK_RANK: Record<RiskLevel, number> = { red: 0, orange: 1, yellow: 2, blue: 3 };
const riskRank = (level: RiskLevel | null): number => (level === null ? 4 : RISK_RANK[level]);
// Strongest first: the grade is the bureau's judgement; listing alone is an administrative flag.
const MAJOR_REASONS = ['major', 'red', 'orange', 'listed'] as const;
const NO_DEADLINE = '9999-12-31';

type Hazard = AgendaInput['hazards'][number];
type Candidate = { item: AgendaItem; keys: Array<number | string> };

const title = (...parts: string[]): string =>
  parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(' · ');

function majorReason(h: Hazard): (typeof MAJOR_REASONS)[number] | null {
  if (h.grade === 'major') return 'major';
  if (h.riskLevel === 'red' || h.riskLevel === 'orange') return h.riskLevel;
  return h.listed ? 'listed' : null;
}

/** Each hazard lands in the first section it qualifies for, so it appears once with its strongest reason. */
function hazardCandidate(h: Hazard, now: Date): Candidate | null {
  if (isFinished(h.state)) return null;
  const head = { refId: h.id, title: title(h.number, h.schoolName, h.location) };
  if (h.state === 'REPORTED') {
    return { item: { ...head, kind: 'hazardVerification', reason: 'awaitingVerification' }, keys: [riskRank(h.riskLevel), h.id] };
  }
  const major = majorReason(h);
  if (major !== null) {
    const keys = [MAJOR_REASONS.indexOf(major), riskRank(h.riskLevel), h.deadline ?? NO_DEADLINE, h.id];
    return { item: { ...head, kind: 'majorHazard', reason: major }, keys };
  }
  if (isOverdue(h.deadline, h.state, now)) {
    return { item: { ...head, kind: 'overdueHazard', reason: 'overdue' }, keys: [-overdueDays(h.deadline, now), h.id] };
  }
  return null;
}

function compareKeys(a: Candidate, b: Candidate): number {
  for (let i = 0; i < a.keys.length; i++) {
    const x = a.keys[i] ?? 0;
    const y = b.keys[i] ?? 0;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** The service may pass rows from overlapping queries; the first row per id wins. */
function uniqueById<T extends { id: number }>(rows: readonly T[]): T[] {
  const seen = new Set<number>();
  return rows.filter((r) => {
    if (seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
}

export function proposeAgenda(input: AgendaInput): AgendaItem[] {
  const { now } = input;
  const today = shanghaiDate(now);
  const candidates: Candidate[] = [];
  for (const h of uniqueById(input.hazards)) {
    const c = hazardCandidate(h, now);
    if (c) candidates.push(c);
  }
  for (const r of uniqueById(input.risks ?? [])) {
    // A risen level is the stronger reason: the meeting confirms the new level first.
    const reason = r.rose ? 'levelRose' : r.reviewDue && (r.level === 'red' || r.level === 'orange') ? 'reviewDue' : null;
    if (!reason) continue;
    const item: AgendaItem = { kind: 'riskAssessment', refId: r.id, title: title(r.name, r.schoolName), reason };
    candidates.push({ item, keys: [reason === 'levelRose' ? 0 : 1, riskRank(r.level), r.nextReviewOn, r.id] });
  }
  for (const o of uniqueById(input.supervisionOrders)) {
    if (o.status === 'closed') continue;
    const reason = o.status === 'answered' ? 'answered' : o.deadline < today ? 'overdue' : 'openOrder';
    const item: AgendaItem = { kind: 'supervisionOrder', refId: o.id, title: title(o.subject, o.unitName), reason };
    candidates.push({ item, keys: [o.deadline, o.id] });
  }
  for (const r of uniqueById(input.resolutions)) {
    if (isFinishedResolution(r.status)) continue;
    // Awaiting confirmation wins over overdue: the meeting can settle it on the spot.
    const reason = r.awaitingConfirmation
      ? 'awaitingConfirmation'
      : effectiveStatus(r, now) === 'overdue'
        ? 'overdue'
        : 'notDone';
    const item: AgendaItem = { kind: 'resolutionReview', refId: r.id, title: title(r.content, r.leadUnitName), reason };
    candidates.push({ item, keys: [r.deadline, r.id] });
  }
  for (const t of uniqueById(input.topics)) {
    if (t.status === 'declined') continue;
    const item: AgendaItem = { kind: 'topic', refId: t.id, title: title(t.title, t.unitName), reason: t.status };
    candidates.push({ item, keys: [t.status === 'accepted' ? 0 : 1, t.id] });
  }
  const kindRank = (c: Candidate) => AGENDA_KINDS.indexOf(c.item.kind);
  return candidates.sort((a, b) => kindRank(a) - kindRank(b) || compareKeys(a, b)).map((c) => c.item);
}

/** Items of each kind on a proposed agenda unless configured (AGENDA_PROPOSAL_CAP): a sitting gets through a handful per kind. */
export const DEFAULT_PROPOSAL_CAP = 5;

/** The key that names a proposal across requests (a checkbox value): its kind and record. */
export const proposalKey = (item: Pick<AgendaItem, 'kind' | 'refId'>): string => `${item.kind}:${item.refId}`;

/**
 * A short list: the first `cap` proposals of each kind (they arrive strongest first); the rest are
 * offered as "more" for the supervisor to pick from.
 */
export function capPerKind(items: readonly AgendaItem[], cap: number): { shortList: AgendaItem[]; more: AgendaItem[] } {
  const taken = new Map<AgendaKind, number>();
  const shortList: AgendaItem[] = [];
  const more: AgendaItem[] = [];
  for (const item of items) {
    const n = taken.get(item.kind) ?? 0;
    if (n < cap) shortList.push(item);
    else more.push(item);
    taken.set(item.kind, n + 1);
  }
  return { shortList, more };
}

/**
 * Moves the selected items (ids) to the top or the bottom, keeping their own order and everyone
 * else's; unknown ids are ignored.
 */
export function moveSelected<T extends { id: number }>(items: readonly T[], selected: ReadonlySet<number>, to: 'top' | 'bottom'): T[] {
  const chosen = items.filter((i) => selected.has(i.id));
  const rest = items.filter((i) => !selected.has(i.id));
  return to === 'top' ? [...chosen, ...rest] : [...rest, ...chosen];
}

/** The list with one item moved from `fromIndex` to `toIndex`; the input is left untouched. */
export function reorder<T>(items: readonly T[], fromIndex: number, toIndex: number): T[] {
  const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < items.length;
  if (!inRange(fromIndex) || !inRange(toIndex)) {
    throw new RangeError(`cannot move item ${fromIndex} to ${toIndex} in a list of ${items.length}`);
  }
  const out = items.slice();
  const [moved] = out.splice(fromIndex, 1);
  out.splice(toIndex, 0, moved as T);
  return out;
}
