import { describe, expect, it } from 'vitest';
import { proposeAgenda, type AgendaInput } from '../../src/meetings/agenda.js';
import { decisionSentence } from '../../src/meetings/minutes.js';

const now = new Date('2026-12-08T01:30:00Z');
const empty: AgendaInput = { hazards: [], supervisionOrders: [], resolutions: [], topics: [], now };
const risk = (id: number, level: 'red' | 'orange' | 'yellow' | 'blue', reviewDue: boolean, rose: boolean) => ({ id, name: `点${id}`, schoolName: '一中', level, nextReviewOn: '2026-12-10', reviewDue, rose });

describe('risk points on the proposed agenda', () => {
  it('takes red and orange points due for review and any point whose level rose, risen ones first', () => {
    const items = proposeAgenda({ ...empty, risks: [risk(1, 'red', true, false), risk(2, 'orange', false, false), risk(3, 'yellow', true, false), risk(4, 'yellow', false, true), risk(5, 'orange', true, false)] });
    expect(items.map((i) => [i.refId, i.reason])).toEqual([
      [4, 'levelRose'],
      [1, 'reviewDue'],
      [5, 'reviewDue'],
    ]);
    expect(items.every((i) => i.kind === 'riskAssessment')).toBe(true);
  });
});

describe('risk decisions in the minutes', () => {
  const point = { name: '食堂燃气', school: '一中' };
  it('says a confirmation and a change differently, in both languages', () => {
    expect(decisionSentence({ kind: 'riskAssessed', point, from: 'orange', to: 'orange', reason: '措施有效' }, 'zh-CN')).toBe('会议对一中“食堂燃气”风险点进行了研判，确认维持较大风险（橙色）等级，理由：措施有效。');
    expect(decisionSentence({ kind: 'riskAssessed', point, from: 'orange', to: 'red', reason: 'Pipes corroded.' }, 'en')).toBe(
      'The meeting assessed the risk point "食堂燃气" at 一中 and changed its level from high risk (orange) to major risk (red), because: Pipes corroded.',
    );
  });
  it('names the unit, the task and the deadline of a control task', () => {
    const d = { kind: 'controlTask' as const, point, unit: '市场监管局', content: '更换燃气管道', deadline: '2027-01-15', index: 2 };
    expect(decisionSentence(d, 'zh-CN')).toBe('会议决定由市场监管局负责一中“食堂燃气”风险点的管控任务：更换燃气管道，于2027年1月15日前完成（见下文第二项）。');
    expect(decisionSentence(d, 'en')).toBe('The meeting assigned 市场监管局 the control task for the risk point "食堂燃气" at 一中: 更换燃气管道, to be completed by 15 January 2027 (item 2 below).');
  });
});
