import { describe, it, expect } from 'vitest';
import { HAZARD_STATES } from '../../src/hazards/lifecycle.js';
import {
  AGENDA_KINDS,
  AGENDA_SECTIONS,
  capPerKind,
  moveSelected,
  proposalKey,
  type AgendaInput,
  type AgendaItem,
  proposeAgenda,
  reorder,
  sectionOf,
} from '../../src/meetings/agenda.js';

// 2026-12-08 09:30 in Shanghai.
const NOW = new Date('2026-12-08T01:30:00Z');

type Hazard = AgendaInput['hazards'][number];
type Order = AgendaInput['supervisionOrders'][number];
type Resolution = AgendaInput['resolutions'][number];
type Topic = AgendaInput['topics'][number];

const hazard = (id: number, over: Partial<Hazard> = {}): Hazard => ({
  id,
  number: `ZJ-2026-${String(id).padStart(6, '0')}`,
  state: 'IN_PROGRESS',
  grade: 'ordinary',
  riskLevel: 'yellow',
  deadline: '2026-12-31',
  listed: false,
  schoolName: '东河第一小学（演示）',
  location: '食堂',
  ...over,
});
const order = (id: number, over: Partial<Order> = {}): Order => ({
  id,
  subject: '关于食堂燃气管道整改的督办单',
  unitName: '市场监督管理局',
  deadline: '2026-12-20',
  status: 'open',
  ...over,
});
const resolution = (id: number, over: Partial<Resolution> = {}): Resolution => ({
  id,
  content: '完成校门口护栏安装',
  leadUnitName: '公安分局',
  deadline: '2026-12-20',
  status: 'in_progress',
  awaitingConfirmation: false,
  ...over,
});
const topic = (id: number, over: Partial<Topic> = {}): Topic => ({
  id,
  title: '寒假防溺水工作',
  unitName: '应急管理局',
  status: 'proposed',
  ...over,
});

const agenda = (over: Partial<AgendaInput>): AgendaItem[] =>
  proposeAgenda({ hazards: [], supervisionOrders: [], resolutions: [], topics: [], now: NOW, ...over });
const brief = (items: AgendaItem[]) => items.map((i) => `${i.kind}:${i.refId}:${i.reason}`);

describe('proposeAgenda: rules', () => {
  it('empty input gives an empty agenda', () => {
    expect(agenda({})).toEqual([]);
  });

  it('a reported hazard awaits verification, titled by number, school and location', () => {
    expect(agenda({ hazards: [hazard(1, { state: 'REPORTED', grade: null, riskLevel: null, deadline: null })] })).toEqual([
      {
        kind: 'hazardVerification',
        refId: 1,
        title: 'ZJ-2026-000001 · 东河第一小学（演示） · 食堂',
        reason: 'awaitingVerification',
      },
    ]);
  });

  it('leaves out a blank location from the title', () => {
    const [item] = agenda({ hazards: [hazard(1, { state: 'REPORTED', location: ' ' })] });
    expect(item?.title).toBe('ZJ-2026-000001 · 东河第一小学（演示）');
  });

  it('major grade, red and orange risk, and listed supervision go to the major section', () => {
    const items = agenda({
      hazards: [
        hazard(1, { grade: 'major' }),
        hazard(2, { riskLevel: 'red' }),
        hazard(3, { riskLevel: 'orange' }),
        hazard(4, { listed: true }),
      ],
    });
    expect(brief(items)).toEqual(['majorHazard:1:major', 'majorHazard:2:red', 'majorHazard:3:orange', 'majorHazard:4:listed']);
  });

  it('an ordinary yellow/blue hazard appears only when overdue', () => {
    const items = agenda({
      hazards: [
        hazard(1, { riskLevel: 'yellow', deadline: '2026-12-31' }),
        hazard(2, { riskLevel: 'blue', deadline: '2026-12-07' }),
        hazard(3, { riskLevel: null, deadline: null }),
        hazard(4, { riskLevel: 'yellow', deadline: '2026-12-08' }), // due today: not yet overdue
      ],
    });
    expect(brief(items)).toEqual(['overdueHazard:2:overdue']);
  });

  it('a RECTIFIED hazard past its deadline is still overdue (not yet accepted)', () => {
    expect(brief(agenda({ hazards: [hazard(1, { state: 'RECTIFIED', deadline: '2026-12-01' })] }))).toEqual([
      'overdueHazard:1:overdue',
    ]);
  });

  it('skips finished hazards, even major and overdue ones', () => {
    const finished = ['ACCEPTED', 'CLOSED', 'DISMISSED', 'WITHDRAWN'] as const;
    const hazards = finished.map((state, i) =>
      hazard(i + 1, { state, grade: 'major', riskLevel: 'red', deadline: '2026-01-01', listed: true }),
    );
    expect(agenda({ hazards })).toEqual([]);
  });

  it('every open state has a place when the hazard qualifies', () => {
    const open = HAZARD_STATES.filter((s) => !['ACCEPTED', 'CLOSED', 'DISMISSED', 'WITHDRAWN'].includes(s));
    const items = agenda({ hazards: open.map((state, i) => hazard(i + 1, { state, grade: 'major' })) });
    expect(items).toHaveLength(open.length);
    expect(items[0]).toMatchObject({ kind: 'hazardVerification', refId: 1 });
  });

  it('supervision orders: closed skipped; open, overdue and answered reasons', () => {
    const items = agenda({
      supervisionOrders: [
        order(1, { status: 'closed', deadline: '2026-12-01' }),
        order(2, { status: 'open', deadline: '2026-12-20' }),
        order(3, { status: 'open', deadline: '2026-12-07' }),
        order(4, { status: 'answered', deadline: '2026-12-01' }),
        order(5, { status: 'open', deadline: '2026-12-08' }), // due today: still just open
      ],
    });
    expect(brief(items)).toEqual([
      'supervisionOrder:4:answered',
      'supervisionOrder:3:overdue',
      'supervisionOrder:5:openOrder',
      'supervisionOrder:2:openOrder',
    ]);
    expect(items[0]?.title).toBe('关于食堂燃气管道整改的督办单 · 市场监督管理局');
  });

  it('resolutions: done and cancelled skipped; awaiting confirmation, overdue, not done', () => {
    const items = agenda({
      resolutions: [
        resolution(1, { status: 'done' }),
        resolution(2, { status: 'cancelled', deadline: '2026-01-01' }),
        resolution(3, { status: 'pending', deadline: '2026-12-31' }),
        resolution(4, { status: 'in_progress', deadline: '2026-12-07' }),
        resolution(5, { status: 'in_progress', deadline: '2026-12-01', awaitingConfirmation: true }),
        resolution(6, { status: 'in_progress', deadline: '2026-12-08' }),
      ],
    });
    expect(brief(items)).toEqual([
      'resolutionReview:5:awaitingConfirmation',
      'resolutionReview:4:overdue',
      'resolutionReview:6:notDone',
      'resolutionReview:3:notDone',
    ]);
    expect(items[0]?.title).toBe('完成校门口护栏安装 · 公安分局');
  });

  it('topics: declined skipped; accepted before proposed, then in the order proposed', () => {
    const items = agenda({
      topics: [
        topic(1, { status: 'proposed' }),
        topic(2, { status: 'declined' }),
        topic(3, { status: 'accepted' }),
        topic(4, { status: 'proposed' }),
      ],
    });
    expect(brief(items)).toEqual(['topic:3:accepted', 'topic:1:proposed', 'topic:4:proposed']);
    expect(items[0]?.title).toBe('寒假防溺水工作 · 应急管理局');
  });
});

describe('proposeAgenda: de-duplication', () => {
  it('a major overdue hazard appears once, in the major section, with its strongest reason', () => {
    const items = agenda({
      hazards: [hazard(1, { grade: 'major', riskLevel: 'orange', listed: true, deadline: '2026-11-01' })],
    });
    expect(brief(items)).toEqual(['majorHazard:1:major']);
  });

  it('red beats orange and listed; orange beats listed', () => {
    const items = agenda({
      hazards: [hazard(1, { riskLevel: 'red', listed: true }), hazard(2, { riskLevel: 'orange', listed: true })],
    });
    expect(brief(items)).toEqual(['majorHazard:1:red', 'majorHazard:2:orange']);
  });

  it('a reported hazard that is already red and overdue stays in verification', () => {
    const items = agenda({ hazards: [hazard(1, { state: 'REPORTED', grade: null, riskLevel: 'red', deadline: '2026-11-01' })] });
    expect(brief(items)).toEqual(['hazardVerification:1:awaitingVerification']);
  });

  it('rows repeated by overlapping queries appear once (first row wins)', () => {
    const items = agenda({
      hazards: [hazard(1, { grade: 'major' }), hazard(1, { grade: 'major' }), hazard(2, { state: 'REPORTED' })],
      supervisionOrders: [order(7), order(7)],
      resolutions: [resolution(8), resolution(8, { status: 'done' })],
      topics: [topic(9), topic(9, { status: 'declined' })],
    });
    expect(brief(items)).toEqual([
      'hazardVerification:2:awaitingVerification',
      'majorHazard:1:major',
      'supervisionOrder:7:openOrder',
      'resolutionReview:8:notDone',
      'topic:9:proposed',
    ]);
  });
});

describe('proposeAgenda: ordering', () => {
  it('orders sections: verification, major, overdue hazards, orders, resolutions, topics', () => {
    const items = agenda({
      topics: [topic(60)],
      resolutions: [resolution(50)],
      supervisionOrders: [order(40)],
      hazards: [hazard(30, { deadline: '2026-12-01' }), hazard(20, { riskLevel: 'red' }), hazard(10, { state: 'REPORTED' })],
      risks: [{ id: 25, name: '食堂燃气', schoolName: '一中', level: 'red', nextReviewOn: '2026-12-10', reviewDue: true, rose: false }],
    });
    expect(items.map((i) => i.kind)).toEqual([...AGENDA_KINDS]);
  });

  it('verification: higher risk first, then oldest (lowest id)', () => {
    const items = agenda({
      hazards: [
        hazard(5, { state: 'REPORTED', riskLevel: null }),
        hazard(4, { state: 'REPORTED', riskLevel: 'blue' }),
        hazard(3, { state: 'REPORTED', riskLevel: 'red' }),
        hazard(2, { state: 'REPORTED', riskLevel: null }),
      ],
    });
    expect(items.map((i) => i.refId)).toEqual([3, 4, 2, 5]);
  });

  it('major section: by reason, then risk colour, then earliest deadline (none last), then id', () => {
    const items = agenda({
      hazards: [
        hazard(1, { listed: true }),
        hazard(2, { riskLevel: 'orange' }),
        hazard(3, { grade: 'major', riskLevel: 'orange', deadline: '2026-12-10' }),
        hazard(4, { grade: 'major', riskLevel: 'red', deadline: null }),
        hazard(5, { grade: 'major', riskLevel: 'red', deadline: '2026-12-31' }),
        hazard(6, { grade: 'major', riskLevel: 'red', deadline: '2026-12-15' }),
        hazard(7, { riskLevel: 'red' }),
        hazard(8, { grade: 'major', riskLevel: 'red', deadline: '2026-12-15' }),
      ],
    });
    expect(brief(items)).toEqual([
      'majorHazard:6:major',
      'majorHazard:8:major',
      'majorHazard:5:major',
      'majorHazard:4:major',
      'majorHazard:3:major',
      'majorHazard:7:red',
      'majorHazard:2:orange',
      'majorHazard:1:listed',
    ]);
  });

  it('overdue hazards: most overdue first, ties by id', () => {
    const items = agenda({
      hazards: [
        hazard(1, { deadline: '2026-12-07' }),
        hazard(2, { deadline: '2026-10-01' }),
        hazard(3, { deadline: '2026-11-15' }),
        hazard(4, { deadline: '2026-10-01' }),
      ],
    });
    expect(items.map((i) => i.refId)).toEqual([2, 4, 3, 1]);
  });

  it('overdue is judged on the Shanghai date', () => {
    const h = [hazard(1, { deadline: '2026-11-30' })];
    expect(proposeAgenda({ hazards: h, supervisionOrders: [], resolutions: [], topics: [], now: new Date('2026-11-30T15:59:59Z') })).toEqual([]);
    expect(
      brief(proposeAgenda({ hazards: h, supervisionOrders: [], resolutions: [], topics: [], now: new Date('2026-11-30T16:00:00Z') })),
    ).toEqual(['overdueHazard:1:overdue']);
  });

  it('orders and resolutions: earliest deadline first, ties by id', () => {
    const items = agenda({
      supervisionOrders: [order(3, { deadline: '2026-12-30' }), order(2, { deadline: '2026-12-10' }), order(1, { deadline: '2026-12-30' })],
      resolutions: [resolution(9, { deadline: '2027-01-15' }), resolution(8, { deadline: '2026-12-09' })],
    });
    expect(items.map((i) => i.refId)).toEqual([2, 1, 3, 8, 9]);
  });

  it('does not mutate its input arrays', () => {
    const hazards = [hazard(2, { deadline: '2026-12-01' }), hazard(1, { state: 'REPORTED' })];
    const copy = structuredClone(hazards);
    agenda({ hazards });
    expect(hazards).toEqual(copy);
  });
});

describe('sectionOf', () => {
  it('maps kinds onto the five domain sections, in agenda order', () => {
    expect(AGENDA_KINDS.map(sectionOf)).toEqual(['verification', 'major', 'major', 'overdue', 'overdue', 'review', 'topics']);
    const order = AGENDA_KINDS.map((k) => AGENDA_SECTIONS.indexOf(sectionOf(k)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

describe('reorder', () => {
  const items = ['a', 'b', 'c', 'd'];

  it('moves down, up, to the ends and in place', () => {
    expect(reorder(items, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(reorder(items, 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(reorder(items, 0, 3)).toEqual(['b', 'c', 'd', 'a']);
    expect(reorder(items, 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(reorder(items, 1, 1)).toEqual(items);
  });

  it('returns a new array and leaves the input alone', () => {
    const out = reorder(items, 1, 1);
    expect(out).not.toBe(items);
    reorder(items, 0, 3);
    expect(items).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects indexes out of range or not whole', () => {
    expect(() => reorder(items, -1, 0)).toThrow(RangeError);
    expect(() => reorder(items, 0, 4)).toThrow(RangeError);
    expect(() => reorder(items, 4, 0)).toThrow(RangeError);
    expect(() => reorder(items, 0.5, 1)).toThrow(RangeError);
    expect(() => reorder([], 0, 0)).toThrow(RangeError);
  });

  it('works on agenda items', () => {
    const list = agenda({ topics: [topic(1), topic(2)] });
    expect(reorder(list, 1, 0).map((i) => i.refId)).toEqual([2, 1]);
  });
});

describe('capPerKind and moveSelected (the short list and bulk moves)', () => {
  const item = (kind: AgendaItem['kind'], refId: number): AgendaItem => ({ kind, refId, title: `${kind} ${refId}`, reason: 'overdue' });

  it('keeps the first `cap` of each kind in order and offers the rest as more', () => {
    const items = [item('majorHazard', 1), item('majorHazard', 2), item('majorHazard', 3), item('topic', 4), item('topic', 5)];
    const { shortList, more } = capPerKind(items, 2);
    expect(shortList.map((i) => i.refId)).toEqual([1, 2, 4, 5]);
    expect(more.map((i) => i.refId)).toEqual([3]);
    expect(proposalKey(items[2]!)).toBe('majorHazard:3');
  });

  it('moves the selected items together to the top or the bottom, ignoring unknown ids', () => {
    const rows = [1, 2, 3, 4, 5].map((id) => ({ id }));
    expect(moveSelected(rows, new Set([4, 2, 99]), 'top').map((r) => r.id)).toEqual([2, 4, 1, 3, 5]);
    expect(moveSelected(rows, new Set([1, 3]), 'bottom').map((r) => r.id)).toEqual([2, 4, 5, 1, 3]);
  });
});
