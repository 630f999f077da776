import { describe, it, expect } from 'vitest';
import { type MinutesInput, chineseNumeral, draftMinutes, formatMeetingTime } from '../../src/meetings/minutes.js';

const input: MinutesInput = {
  meeting: {
    number: '2026年第12期',
    title: '区校园安全风险研判联席会议',
    kind: 'regular',
    startsAt: new Date('2026-12-08T01:30:00Z'), // 09:30 in Shanghai
    place: '区教育局三楼会议室',
    convener: '区委政法委',
    chair: '王某某',
  },
  attendance: [
    { unitName: '区委政法委', status: 'present', attendee: '王某某' },
    { unitName: '区教育局', status: 'present' },
    { unitName: '公安分局', status: 'standIn', attendee: '李某' },
    { unitName: '消防救援大队', status: 'leave', reason: '执行灭火救援任务' },
    { unitName: '应急管理局', status: 'absent' },
    { unitName: '市场监督管理局', status: 'standIn' },
  ],
  outcomes: [
    { title: '区教育局关于11月份校园安全隐患排查整治情况的汇报', decision: '会议认为整改总体有序', notes: '' },
    {
      title: '东河第一小学（演示）食堂燃气管道隐患的整改方案',
      decision: '同意列为重大隐患，挂牌督办。',
      notes: '市场监督管理局提出需同步检查供气企业',
    },
  ],
  resolutions: [
    {
      content: '完成东河第一小学（演示）食堂燃气管道更换',
      leadUnitName: '区教育局',
      supportUnitNames: ['市场监督管理局', '消防救援大队'],
      deadline: '2026-12-31',
    },
    { content: '加强校门口上下学时段交通疏导。', leadUnitName: '公安分局', supportUnitNames: [], deadline: '2027-01-15' },
  ],
};

const P = '　　'; // two ideographic spaces: the paragraph indent of Chinese documents

describe('draftMinutes (zh-CN)', () => {
  it('has the usual structure of official minutes', () => {
    expect(draftMinutes(input, 'zh-CN')).toBe(
      [
        '区校园安全风险研判联席会议纪要',
        '2026年第12期',
        '',
        '类型：定期风险研判会议',
        '时间：2026年12月8日 上午9:30',
        '地点：区教育局三楼会议室',
        '召集：区委政法委',
        '主持：王某某',
        '出席：区委政法委（王某某）、区教育局、公安分局（李某代为出席）、市场监督管理局（联络员代为出席）',
        '请假：消防救援大队（执行灭火救援任务）',
        '缺席：应急管理局',
        '',
        `${P}会议听取了区教育局关于11月份校园安全隐患排查整治情况的汇报。会议认为整改总体有序。`,
        `${P}会议研究了东河第一小学（演示）食堂燃气管道隐患的整改方案。同意列为重大隐患，挂牌督办。市场监督管理局提出需同步检查供气企业。`,
        '',
        `${P}会议议定如下：`,
        `${P}一、完成东河第一小学（演示）食堂燃气管道更换。（牵头单位：区教育局；配合单位：市场监督管理局、消防救援大队；完成时限：2026年12月31日前）`,
        `${P}二、加强校门口上下学时段交通疏导。（牵头单位：公安分局；完成时限：2027年1月15日前）`,
      ].join('\n'),
    );
  });

  it('does not double 纪要 when the title already ends with it', () => {
    const text = draftMinutes({ ...input, meeting: { ...input.meeting, title: '专题研判会议纪要' } }, 'zh-CN');
    expect(text.split('\n')[0]).toBe('专题研判会议纪要');
  });

  it('names each kind of meeting', () => {
    const kindLine = (kind: MinutesInput['meeting']['kind']) =>
      draftMinutes({ ...input, meeting: { ...input.meeting, kind } }, 'zh-CN').split('\n')[3];
    expect(kindLine('regular')).toBe('类型：定期风险研判会议');
    expect(kindLine('plenary')).toBe('类型：全体会议');
    expect(kindLine('adhoc')).toBe('类型：临时会议');
    expect(kindLine('thematic')).toBe('类型：专题研判会议');
  });

  it('numbers resolutions 一 … 十一 … 二十一', () => {
    const resolutions = Array.from({ length: 21 }, (_, i) => ({
      content: `事项${i + 1}`,
      leadUnitName: '区教育局',
      supportUnitNames: [],
      deadline: '2026-12-31',
    }));
    const lines = draftMinutes({ ...input, resolutions }, 'zh-CN').split('\n');
    const items = lines.filter((l) => l.includes('牵头单位'));
    expect(items).toHaveLength(21);
    expect(items[0]).toBe(`${P}一、事项1。（牵头单位：区教育局；完成时限：2026年12月31日前）`);
    expect(items[9]?.startsWith(`${P}十、事项10。`)).toBe(true);
    expect(items[10]?.startsWith(`${P}十一、事项11。`)).toBe(true);
    expect(items[19]?.startsWith(`${P}二十、事项20。`)).toBe(true);
    expect(items[20]?.startsWith(`${P}二十一、事项21。`)).toBe(true);
  });

  it('leaves out blank supporting units', () => {
    const resolutions = [{ content: '甲', leadUnitName: '乙', supportUnitNames: [' ', ''], deadline: '2026-12-31' }];
    expect(draftMinutes({ ...input, resolutions }, 'zh-CN')).toContain('（牵头单位：乙；完成时限：2026年12月31日前）');
  });
});

describe('attendance grouping', () => {
  const lines = (attendance: MinutesInput['attendance'], locale: 'zh-CN' | 'en' = 'zh-CN') =>
    draftMinutes({ ...input, attendance }, locale)
      .split('\n')
      .filter((l) => /^(出席|请假|缺席|Present|On leave|Absent)/.test(l));

  it('lists stand-ins with the units present, in the order given', () => {
    expect(
      lines([
        { unitName: '甲', status: 'standIn', attendee: '张三' },
        { unitName: '乙', status: 'present', attendee: '李四' },
        { unitName: '丙', status: 'present', attendee: '  ' },
      ]),
    ).toEqual(['出席：甲（张三代为出席）、乙（李四）、丙']);
  });

  it('omits the leave and absence lines when nobody was on leave or absent', () => {
    expect(lines([{ unitName: '甲', status: 'present' }])).toEqual(['出席：甲']);
  });

  it('writes 无 when nobody attended, and leave without a reason plainly', () => {
    expect(
      lines([
        { unitName: '甲', status: 'leave' },
        { unitName: '乙', status: 'leave', reason: '外出培训' },
        { unitName: '丙', status: 'absent' },
        { unitName: '丁', status: 'absent' },
      ]),
    ).toEqual(['出席：无', '请假：甲、乙（外出培训）', '缺席：丙、丁']);
  });

  it('groups the same way in English', () => {
    expect(
      lines(
        [
          { unitName: 'A', status: 'present', attendee: 'Zhang' },
          { unitName: 'B', status: 'standIn' },
          { unitName: 'C', status: 'leave', reason: 'training' },
          { unitName: 'D', status: 'absent' },
        ],
        'en',
      ),
    ).toEqual(['Present: A (Zhang), B (liaison officer standing in)', 'On leave: C (training)', 'Absent: D']);
    expect(lines([], 'en')).toEqual(['Present: none']);
  });
});

describe('draftMinutes (en)', () => {
  it('has the same structure in English', () => {
    expect(draftMinutes(input, 'en')).toBe(
      [
        'Minutes: 区校园安全风险研判联席会议',
        'No. 2026年第12期',
        '',
        'Kind: Regular risk-assessment meeting',
        'Time: 8 December 2026, 9:30 AM',
        'Place: 区教育局三楼会议室',
        'Convener: 区委政法委',
        'Chair: 王某某',
        'Present: 区委政法委 (王某某), 区教育局, 公安分局 (李某 standing in), 市场监督管理局 (liaison officer standing in)',
        'On leave: 消防救援大队 (执行灭火救援任务)',
        'Absent: 应急管理局',
        '',
        'The meeting heard 区教育局关于11月份校园安全隐患排查整治情况的汇报。 会议认为整改总体有序。',
        'The meeting discussed 东河第一小学（演示）食堂燃气管道隐患的整改方案。 同意列为重大隐患，挂牌督办。 市场监督管理局提出需同步检查供气企业。',
        '',
        'The meeting agreed as follows:',
        '1. 完成东河第一小学（演示）食堂燃气管道更换。 (Lead: 区教育局; Supporting: 市场监督管理局, 消防救援大队; Deadline: 31 December 2026)',
        '2. 加强校门口上下学时段交通疏导。 (Lead: 公安分局; Deadline: 15 January 2027)',
      ].join('\n'),
    );
  });

  it('uses English full stops after English text, and "heard" for reports', () => {
    const text = draftMinutes(
      {
        ...input,
        outcomes: [
          { title: 'the report on fire drills', decision: 'Approved', notes: 'Police to help!' },
          { title: 'the canteen plan', decision: '', notes: '' },
        ],
        resolutions: [{ content: 'Fix the gate', leadUnitName: 'Police', supportUnitNames: ['Fire'], deadline: '2027-02-01' }],
      },
      'en',
    );
    expect(text).toContain('The meeting heard the report on fire drills. Approved. Police to help!');
    expect(text).toContain('The meeting discussed the canteen plan.\n');
    expect(text).toContain('1. Fix the gate. (Lead: Police; Supporting: Fire; Deadline: 1 February 2027)');
  });
});

describe('what the meeting did with an item', () => {
  it('a deferred item is recorded as deferred, not as studied; a title that is a verb phrase is not doubled', () => {
    const outcomes = [
      { title: '研究寒假前校园周边安全排查工作', decision: '', notes: '', deferred: true },
      { title: '研究寒假前校园周边安全排查工作', decision: '会议当场作出决定', notes: '' },
    ];
    const zh = draftMinutes({ ...input, outcomes, resolutions: [] }, 'zh-CN');
    expect(zh).toContain(`${P}研究寒假前校园周边安全排查工作，暂缓研究，留待下次会议。\n`);
    expect(zh).toContain(`${P}会议研究寒假前校园周边安全排查工作。会议当场作出决定。`);
    expect(zh).not.toContain('研究了研究');
    const en = draftMinutes({ ...input, outcomes: [{ title: 'the canteen plan', decision: '', notes: '', deferred: true }], resolutions: [] }, 'en');
    expect(en).toContain('the canteen plan: deferred to a later meeting.');
  });
});

describe('outcomes and resolutions are optional', () => {
  it('ends after the attendance lines when nothing was decided', () => {
    const text = draftMinutes({ ...input, outcomes: [], resolutions: [] }, 'zh-CN');
    expect(text.split('\n').at(-1)).toBe('缺席：应急管理局');
    expect(text).not.toContain('会议议定如下');
  });

  it('lists resolutions without outcome paragraphs', () => {
    const lines = draftMinutes({ ...input, outcomes: [] }, 'zh-CN').split('\n');
    expect(lines.slice(10, 13)).toEqual(['缺席：应急管理局', '', `${P}会议议定如下：`]);
  });

  it('uses 听取了 for reports (汇报/通报/报告) and 研究了 otherwise', () => {
    const outcomes = ['关于寒假安全工作的通报', '消防大队检查情况报告', '防溺水工作方案'].map((title) => ({
      title,
      decision: '',
      notes: '',
    }));
    const paras = draftMinutes({ ...input, outcomes, resolutions: [] }, 'zh-CN')
      .split('\n')
      .filter((l) => l.startsWith(`${P}会议`));
    expect(paras).toEqual([
      `${P}会议听取了关于寒假安全工作的通报。`,
      `${P}会议听取了消防大队检查情况报告。`,
      `${P}会议研究了防溺水工作方案。`,
    ]);
  });

  it('rejects an invalid deadline or meeting time', () => {
    const badDeadline = [{ content: '甲', leadUnitName: '乙', supportUnitNames: [], deadline: '2026-02-30' }];
    expect(() => draftMinutes({ ...input, resolutions: badDeadline }, 'zh-CN')).toThrow(RangeError);
    expect(() => draftMinutes({ ...input, meeting: { ...input.meeting, startsAt: new Date('x') } }, 'en')).toThrow(
      RangeError,
    );
  });
});

describe('formatMeetingTime', () => {
  const zh = (iso: string) => formatMeetingTime(new Date(iso), 'zh-CN');
  const en = (iso: string) => formatMeetingTime(new Date(iso), 'en');

  it('shows the Shanghai wall clock with the Chinese day part', () => {
    expect(zh('2026-12-08T01:30:00Z')).toBe('2026年12月8日 上午9:30');
    expect(zh('2026-12-08T04:00:00Z')).toBe('2026年12月8日 中午12:00');
    expect(zh('2026-12-08T06:05:00Z')).toBe('2026年12月8日 下午2:05');
    expect(zh('2026-12-08T12:00:00Z')).toBe('2026年12月8日 晚上8:00');
    expect(zh('2026-12-07T18:30:00Z')).toBe('2026年12月8日 凌晨2:30');
    expect(zh('2026-12-07T22:00:00Z')).toBe('2026年12月8日 上午6:00');
  });

  it('takes the date from Shanghai, not UTC', () => {
    expect(zh('2026-12-07T16:00:00Z')).toBe('2026年12月8日 凌晨0:00');
    expect(zh('2026-12-31T16:30:00Z')).toBe('2027年1月1日 凌晨0:30');
  });

  it('English uses a 12-hour clock', () => {
    expect(en('2026-12-08T01:30:00Z')).toBe('8 December 2026, 9:30 AM');
    expect(en('2026-12-08T04:00:00Z')).toBe('8 December 2026, 12:00 PM');
    expect(en('2026-12-07T16:00:00Z')).toBe('8 December 2026, 12:00 AM');
    expect(en('2026-12-08T10:45:00Z')).toBe('8 December 2026, 6:45 PM');
  });
});

describe('chineseNumeral', () => {
  it('writes 1–99', () => {
    const cases: Array<[number, string]> = [
      [1, '一'],
      [2, '二'],
      [9, '九'],
      [10, '十'],
      [11, '十一'],
      [19, '十九'],
      [20, '二十'],
      [21, '二十一'],
      [30, '三十'],
      [45, '四十五'],
      [90, '九十'],
      [99, '九十九'],
    ];
    for (const [n, s] of cases) expect(chineseNumeral(n)).toBe(s);
  });

  it('never writes 〇 and gives 99 distinct numerals', () => {
    const all = Array.from({ length: 99 }, (_, i) => chineseNumeral(i + 1));
    expect(new Set(all).size).toBe(99);
    expect(all.some((s) => s.includes('〇'))).toBe(false);
  });

  it('rejects numbers outside 1–99', () => {
    for (const n of [0, -1, 100, 1.5, Number.NaN]) expect(() => chineseNumeral(n)).toThrow(RangeError);
  });
});

describe('the draft states every decision taken at the sitting', () => {
  const hazard = { number: 'ZJ-2026-000123', place: '东河第一小学(演示) 图书馆消防通道' };
  const base: MinutesInput = { ...input, outcomes: [], resolutions: [] };
  const draft = (outcomes: MinutesInput['outcomes'], locale: 'zh-CN' | 'en' = 'zh-CN') => draftMinutes({ ...base, outcomes }, locale);

  it('grade and colour, assignment with lead and supporting units and the deadline, listing, an order with its number', () => {
    const text = draft([
      {
        title: '待核实隐患 ZJ-2026-000123',
        decision: '会议当场作出决定',
        notes: '',
        decisions: [
          { kind: 'verified', hazard, grade: 'ordinary', level: 'orange' },
          { kind: 'assigned', hazard, lead: '公安分局', leadTask: '落实护学岗', supports: [{ unit: '消防救援大队', task: '检查消防通道' }], deadline: '2026-12-16', responsiblePerson: '赵警官' },
          { kind: 'listed', hazard, level: 'district', reason: '多次复发' },
          { kind: 'orderIssued', unit: '公安分局', number: '浈教安督〔2026〕12号', requirements: '三日内清理通道并报送照片', deadline: '2026-12-05' },
        ],
      },
    ]);
    expect(text).toContain('会议对隐患ZJ-2026-000123（东河第一小学(演示) 图书馆消防通道）进行了核实定级，定为一般隐患，风险等级为较大风险（橙色）。');
    expect(text).toContain('会议决定，隐患ZJ-2026-000123（东河第一小学(演示) 图书馆消防通道）由公安分局牵头整改（落实护学岗），消防救援大队（检查消防通道）配合，责任人为赵警官，牵头单位和配合单位均须于2026年12月16日前完成。');
    expect(text).toContain('会议决定对隐患ZJ-2026-000123（东河第一小学(演示) 图书馆消防通道）实行区级挂牌督办，理由：多次复发。');
    expect(text).toContain('会议决定向公安分局下发督办单（浈教安督〔2026〕12号），要求：三日内清理通道并报送照片，2026年12月5日前反馈落实情况。');
    // The generic line is only a fallback for a decided item whose decisions are not known.
    expect(text).not.toContain('会议当场作出决定');
    expect(draft([{ title: '其他事项', decision: '会议当场作出决定', notes: '' }])).toContain('会议当场作出决定');
  });

  it('a major hazard graded low with its reason, a dismissal, a school rectifying itself, unlisting', () => {
    const text = draft([
      {
        title: '隐患研判',
        decision: '',
        notes: '',
        decisions: [
          { kind: 'verified', hazard, grade: 'major', level: 'yellow', lowLevelReason: '后果严重但发生可能性低。' },
          { kind: 'assigned', hazard, lead: null, supports: [], deadline: '2027-01-10' },
          { kind: 'unlisted', hazard, reason: '已验收' },
          { kind: 'dismissed', hazard: { number: 'ZJ-2026-000124', place: '车站中学(演示) 操场' }, reason: '重复上报' },
        ],
      },
    ]);
    expect(text).toContain('定为重大隐患，风险等级为一般风险（黄色）；经研究确认按此等级管理，理由：后果严重但发生可能性低。');
    expect(text).toContain('由学校自行整改，须于2027年1月10日前整改完成。');
    expect(text).toContain('摘牌，理由：已验收。');
    expect(text).toContain('会议认定隐患ZJ-2026-000124（车站中学(演示) 操场）不构成隐患，不予立项，理由：重复上报。');
  });

  it('deferrals with their reason, earlier resolutions reviewed with the verdict, checked orders, resolutions made on an item', () => {
    const text = draft([
      { title: '研究寒假前排查工作', decision: '', notes: '', deferred: true, deferReason: '待教育局摸底后再议' },
      {
        title: '议定事项落实情况',
        decision: '',
        notes: '',
        decisions: [
          { kind: 'resolutionReviewed', content: '完成食堂燃气管道检查', lead: '市场监督管理局', verdict: 'done', newDeadline: null, report: '已检查 30 所' },
          { kind: 'resolutionReviewed', content: '整治无证摊贩', lead: '公安分局', verdict: 'continued', newDeadline: '2027-01-20', report: '' },
          { kind: 'orderChecked', unit: '消防救援大队', number: '浈教安督〔2026〕3号', satisfied: false, note: '照片不全' },
          { kind: 'resolution', index: 2 },
        ],
      },
    ]);
    expect(text).toContain('研究寒假前排查工作，暂缓研究，留待下次会议，原因：待教育局摸底后再议。');
    expect(text).toContain('会议听取了市场监督管理局关于“完成食堂燃气管道检查”的落实情况汇报（已检查 30 所），认定该事项已完成。');
    expect(text).toContain('会议听取了公安分局关于“整治无证摊贩”的落实情况汇报，决定继续落实，完成时限调整为2027年1月20日。');
    expect(text).toContain('会议审核了消防救援大队对督办单（浈教安督〔2026〕3号）的反馈，认为尚未落实到位，要求继续落实：照片不全。');
    expect(text).toContain('会议就此形成议定事项，见下文第二项。');
  });

  it('attendance nobody recorded reads "not recorded", never present', () => {
    const text = draftMinutes({ ...base, attendance: [{ unitName: '区教育局', status: 'present' }, { unitName: '公安分局', status: 'unrecorded' }] }, 'zh-CN');
    expect(text).toContain('出席：区教育局');
    expect(text).toContain('出席情况未记录：公安分局');
    expect(text).not.toMatch(/出席：[^\n]*公安分局/);
    expect(draftMinutes({ ...base, attendance: [{ unitName: 'Police', status: 'unrecorded' }] }, 'en')).toContain('Attendance not recorded: Police');
  });

  it('in English too', () => {
    const text = draft([{ title: 'Hazard', decision: '', notes: '', decisions: [{ kind: 'verified', hazard, grade: 'major', level: 'red' }, { kind: 'orderIssued', unit: 'Police', number: null, requirements: 'Clear the exit', deadline: '2026-12-05' }] }], 'en');
    expect(text).toContain('The meeting verified hazard ZJ-2026-000123 (东河第一小学(演示) 图书馆消防通道) as a major hazard at major risk (red).');
    expect(text).toContain('The meeting issued a supervision order to Police: Clear the exit; feedback due by 5 December 2026.');
  });
});
