/**
 * The automatic draft of the minutes (会议纪要): plain text in the usual structure of Chinese official
 * minutes, for the supervisor to edit before issuing. Pure: the meeting time is passed in and shown
 * in Shanghai time.
 */
import { formatLongDate, shanghaiWallClock } from '../lib/shanghai-time.js';

export type MinutesLocale = 'zh-CN' | 'en';
import type { Attendance as AttendanceStatus, MeetingKind } from './vocabulary.js';
export type { AttendanceStatus, MeetingKind };
/** Attendance as the minutes know it: `unrecorded` when nobody recorded it (never assumed present). */
export type MinutesAttendance = AttendanceStatus | 'unrecorded';
export type RiskLevel = 'red' | 'orange' | 'yellow' | 'blue';
export type ListingLevel = 'district' | 'city' | 'province';

/** A hazard as the minutes name it: its number and where it is (school or institution, location). */
export interface HazardRef {
  number: string;
  place: string;
}

/** One decision taken at the sitting, from the history events written there. */
export type MinutesDecision =
  | { kind: 'verified'; hazard: HazardRef; grade: 'ordinary' | 'major'; level: RiskLevel; lowLevelReason?: string }
  | { kind: 'dismissed'; hazard: HazardRef; reason: string }
  /** lead null: the school rectifies it itself */
  | { kind: 'assigned'; hazard: HazardRef; lead: string | null; leadTask?: string; supports: Array<{ unit: string; task?: string }>; deadline: string; responsiblePerson?: string }
  | { kind: 'listed'; hazard: HazardRef; level: ListingLevel; reason: string }
  | { kind: 'unlisted'; hazard: HazardRef; reason: string }
  | { kind: 'orderIssued'; unit: string; number: string | null; requirements: string; deadline: string }
  | { kind: 'orderChecked'; unit: string; number: string | null; satisfied: boolean; note: string }
  | { kind: 'resolutionReviewed'; content: string; lead: string; verdict: 'done' | 'continued'; newDeadline: string | null; report: string }
  /** 研判: the meeting confirmed (from = to) or changed a risk point's level */
  | { kind: 'riskAssessed'; point: RiskPointRef; from: RiskLevel; to: RiskLevel; reason: string }
  /** a control task on a risk point: resolution number `index` of the meeting's list */
  | { kind: 'controlTask'; point: RiskPointRef; unit: string; content: string; deadline: string; index: number }
  /** the item led to resolution number `index` (1-based) of the meeting's list */
  | { kind: 'resolution'; index: number };

/** A risk point as the minutes name it: its name and school. */
export interface RiskPointRef {
  name: string;
  school: string;
}

export interface MinutesInput {
  meeting: {
    number: string;
    title: string;
    kind: MeetingKind;
    startsAt: Date;
    place: string;
    convener: string;
    chair: string;
  };
  attendance: Array<{ unitName: string; status: MinutesAttendance; attendee?: string; reason?: string }>;
  /**
   * What the meeting did with each item it took up: the decisions taken on it (in full sentences in the
   * draft), or `decision` as a fallback line when an item was decided but its decisions are not known;
   * `deferred` items are recorded as deferred, with the reason when one was given.
   */
  outcomes: Array<{ title: string; decision: string; notes: string; deferred?: boolean; deferReason?: string; decisions?: MinutesDecision[] }>;
  resolutions: Array<{ content: string; leadUnitName: string; supportUnitNames: string[]; deadline: string }>;
}

const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九. Minutes never number more than 99 items. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumeral supports 1..99, got ${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const head = tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS.charAt(tens)}十`;
  return head + (ones === 0 ? '' : DIGITS.charAt(ones));
}

const KIND_NAMES: Record<MinutesLocale, Record<MeetingKind, string>> = {
  'zh-CN': { regular: '定期风险研判会议', plenary: '全体会议', adhoc: '临时会议', thematic: '专题研判会议' },
  en: {
    regular: 'Regular risk-assessment meeting',
    plenary: 'Plenary meeting',
    adhoc: 'Ad hoc meeting',
    thematic: 'Thematic assessment meeting',
  },
};

const formatDate = formatLongDate;

/** 2026年12月8日 上午9:30 / 8 December 2026, 9:30 AM — always the Shanghai wall clock. */
export function formatMeetingTime(at: Date, locale: MinutesLocale): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('invalid meeting time');
  const wall = shanghaiWallClock(at);
  const date = formatDate(wall.date, locale);
  const h = wall.hour;
  const mm = String(wall.minute).padStart(2, '0');
  if (locale === 'en') return `${date}, ${h % 12 || 12}:${mm} ${h < 12 ? 'AM' : 'PM'}`;
  // The day-part words people write on notices; 12:xx is 中午, not 下午0:xx.
  const [part, hour] =
    h < 6 ? ['凌晨', h] : h < 12 ? ['上午', h] : h === 12 ? ['中午', 12] : h < 18 ? ['下午', h - 12] : ['晚上', h - 12];
  return `${date} ${part}${hour}:${mm}`;
}

/**
 * Ends the text with a full stop unless it already ends with sentence punctuation. Chinese text
 * (which the data mostly is, even in English minutes) gets 。, as a '.' after 汉字 looks wrong.
 */
function sentence(text: string, locale: MinutesLocale): string {
  const t = text.trim();
  if (t === '' || /[。！？；.!?;]$/.test(t)) return t;
  return locale === 'zh-CN' || /\p{Script=Han}$/u.test(t) ? `${t}。` : `${t}.`;
}

// An outcome titled as a report (汇报/通报/报告) was heard; anything else was studied.
const HEARD = /汇报|通报|报告|report|briefing/i;

function attendanceLines(input: MinutesInput, locale: MinutesLocale): string[] {
  const zh = locale === 'zh-CN';
  const note = (s: string | undefined) => (s && s.trim() ? (zh ? `（${s.trim()}）` : ` (${s.trim()})`) : '');
  const of = (status: MinutesAttendance) => input.attendance.filter((a) => a.status === status);
  // Stand-ins attend: they are listed with the units present, marked as standing in.
  const present = input.attendance
    .filter((a) => a.status === 'present' || a.status === 'standIn')
    .map((a) => {
      if (a.status === 'present') return a.unitName + note(a.attendee);
      const who = a.attendee?.trim();
      if (zh) return `${a.unitName}（${who || '联络员'}代为出席）`;
      return `${a.unitName} (${who || 'liaison officer'} standing in)`;
    });
  const leave = of('leave').map((a) => a.unitName + note(a.reason));
  const absent = of('absent').map((a) => a.unitName);
  const unrecorded = of('unrecorded').map((a) => a.unitName);
  const sep = zh ? '、' : ', ';
  const label = zh ? ['出席：', '请假：', '缺席：', '出席情况未记录：'] : ['Present: ', 'On leave: ', 'Absent: ', 'Attendance not recorded: '];
  const lines = [`${label[0]}${present.length ? present.join(sep) : zh ? '无' : 'none'}`];
  // Leave and absence lines appear only when someone was on leave / absent, as in printed minutes.
  if (leave.length) lines.push(label[1] + leave.join(sep));
  if (absent.length) lines.push(label[2] + absent.join(sep));
  // Never assumed present: what nobody recorded is said to be unrecorded.
  if (unrecorded.length) lines.push(label[3] + unrecorded.join(sep));
  return lines;
}

const LEVELS: Record<MinutesLocale, Record<RiskLevel, string>> = {
  'zh-CN': { red: '重大风险（红色）', orange: '较大风险（橙色）', yellow: '一般风险（黄色）', blue: '低风险（蓝色）' },
  en: { red: 'major risk (red)', orange: 'high risk (orange)', yellow: 'moderate risk (yellow)', blue: 'low risk (blue)' },
};
const GRADES: Record<MinutesLocale, Record<'ordinary' | 'major', string>> = {
  'zh-CN': { ordinary: '一般隐患', major: '重大隐患' },
  en: { ordinary: 'an ordinary hazard', major: 'a major hazard' },
};
const LISTINGS: Record<MinutesLocale, Record<ListingLevel, string>> = {
  'zh-CN': { district: '区级挂牌督办', city: '市级挂牌督办', province: '省级挂牌督办' },
  en: { district: 'district-level listed supervision', city: 'city-level listed supervision', province: 'provincial listed supervision' },
};

const hazardZh = (h: HazardRef) => `隐患${h.number}（${h.place}）`;
const hazardEn = (h: HazardRef) => `hazard ${h.number} (${h.place})`;
const clause = (text: string | undefined) => (text ?? '').trim().replace(/[。.；;]+$/, '');

/** One decision as a full sentence of official minutes. */
export function decisionSentence(d: MinutesDecision, locale: MinutesLocale): string {
  const zh = locale === 'zh-CN';
  const date = (iso: string) => formatDate(iso, locale);
  switch (d.kind) {
    case 'verified': {
      const low = clause(d.lowLevelReason);
      if (zh) return `会议对${hazardZh(d.hazard)}进行了核实定级，定为${GRADES[locale][d.grade]}，风险等级为${LEVELS[locale][d.level]}${low ? `；经研究确认按此等级管理，理由：${low}` : ''}。`;
      return `The meeting verified ${hazardEn(d.hazard)} as ${GRADES[locale][d.grade]} at ${LEVELS[locale][d.level]}${low ? `; it confirmed this level because: ${low}` : ''}.`;
    }
    case 'dismissed':
      return zh ? `会议认定${hazardZh(d.hazard)}不构成隐患，不予立项，理由：${clause(d.reason)}。` : `The meeting found that ${hazardEn(d.hazard)} is not a hazard and dismissed it: ${clause(d.reason)}.`;
    case 'assigned': {
      const task = (t: string | undefined) => (clause(t) ? (zh ? `（${clause(t)}）` : ` (${clause(t)})`) : '');
      const supports = d.supports.map((s) => s.unit + task(s.task));
      const person = clause(d.responsiblePerson);
      if (zh) {
        const lead = d.lead ? `由${d.lead}牵头整改${task(d.leadTask)}` : '由学校自行整改';
        const support = supports.length ? `，${supports.join('、')}配合` : '';
        const by = supports.length ? `牵头单位和配合单位均须于${date(d.deadline)}前完成` : `须于${date(d.deadline)}前整改完成`;
        return `会议决定，${hazardZh(d.hazard)}${lead}${support}${person ? `，责任人为${person}` : ''}，${by}。`;
      }
      const lead = d.lead ? `is led by ${d.lead}${task(d.leadTask)}` : 'is rectified by the school itself';
      const support = supports.length ? `, supported by ${supports.join(', ')}` : '';
      return `The meeting decided that ${hazardEn(d.hazard)} ${lead}${support}${person ? `, with ${person} responsible` : ''}, to be completed by ${date(d.deadline)}${supports.length ? ' by all of them' : ''}.`;
    }
    case 'listed':
      return zh ? `会议决定对${hazardZh(d.hazard)}实行${LISTINGS[locale][d.level]}，理由：${clause(d.reason)}。` : `The meeting placed ${hazardEn(d.hazard)} under ${LISTINGS[locale][d.level]}: ${clause(d.reason)}.`;
    case 'unlisted':
      return zh ? `会议决定对${hazardZh(d.hazard)}摘牌${clause(d.reason) ? `，理由：${clause(d.reason)}` : ''}。` : `The meeting removed ${hazardEn(d.hazard)} from listed supervision${clause(d.reason) ? `: ${clause(d.reason)}` : ''}.`;
    case 'orderIssued': {
      const number = d.number ? (zh ? `（${d.number}）` : ` (${d.number})`) : '';
      return zh
        ? `会议决定向${d.unit}下发督办单${number}，要求：${clause(d.requirements)}，${date(d.deadline)}前反馈落实情况。`
        : `The meeting issued a supervision order${number} to ${d.unit}: ${clause(d.requirements)}; feedback due by ${date(d.deadline)}.`;
    }
    case 'orderChecked': {
      const number = d.number ? (zh ? `（${d.number}）` : ` (${d.number})`) : '';
      if (zh) return d.satisfied ? `会议审核了${d.unit}对督办单${number}的反馈，认为已落实到位，督办单办结${clause(d.note) ? `，意见：${clause(d.note)}` : ''}。` : `会议审核了${d.unit}对督办单${number}的反馈，认为尚未落实到位，要求继续落实：${clause(d.note)}。`;
      return d.satisfied ? `The meeting checked the answer of ${d.unit} to supervision order${number}, found it done and closed the order${clause(d.note) ? `: ${clause(d.note)}` : ''}.` : `The meeting checked the answer of ${d.unit} to supervision order${number} and found it not yet done: ${clause(d.note)}.`;
    }
    case 'resolutionReviewed': {
      const report = clause(d.report);
      if (zh) {
        const heard = `会议听取了${d.lead}关于“${clause(d.content)}”的落实情况汇报${report ? `（${report}）` : ''}`;
        return d.verdict === 'done' ? `${heard}，认定该事项已完成。` : `${heard}，决定继续落实${d.newDeadline ? `，完成时限调整为${date(d.newDeadline)}` : ''}。`;
      }
      const heard = `The meeting heard ${d.lead} report on "${clause(d.content)}"${report ? ` (${report})` : ''}`;
      return d.verdict === 'done' ? `${heard} and found it done.` : `${heard} and decided it continues${d.newDeadline ? `, now due by ${date(d.newDeadline)}` : ''}.`;
    }
    case 'riskAssessed': {
      const reason = clause(d.reason);
      const zhPoint = `${d.point.school}“${d.point.name}”风险点`;
      const enPoint = `the risk point "${d.point.name}" at ${d.point.school}`;
      if (d.from === d.to) return zh ? `会议对${zhPoint}进行了研判，确认维持${LEVELS[locale][d.to]}等级，理由：${reason}。` : `The meeting assessed ${enPoint} and confirmed it at ${LEVELS[locale][d.to]}, because: ${reason}.`;
      return zh
        ? `会议对${zhPoint}进行了研判，将其风险等级由${LEVELS[locale][d.from]}调整为${LEVELS[locale][d.to]}，理由：${reason}。`
        : `The meeting assessed ${enPoint} and changed its level from ${LEVELS[locale][d.from]} to ${LEVELS[locale][d.to]}, because: ${reason}.`;
    }
    case 'controlTask':
      return zh
        ? `会议决定由${d.unit}负责${d.point.school}“${d.point.name}”风险点的管控任务：${clause(d.content)}，于${date(d.deadline)}前完成（见下文第${chineseNumeral(d.index)}项）。`
        : `The meeting assigned ${d.unit} the control task for the risk point "${d.point.name}" at ${d.point.school}: ${clause(d.content)}, to be completed by ${date(d.deadline)} (item ${d.index} below).`;
    case 'resolution':
      return zh ? `会议就此形成议定事项，见下文第${chineseNumeral(d.index)}项。` : `The meeting made a resolution on it (item ${d.index} below).`;
  }
}

export function draftMinutes(input: MinutesInput, locale: MinutesLocale): string {
  const zh = locale === 'zh-CN';
  const { meeting } = input;
  const indent = zh ? '　　' : '';
  const title = meeting.title.trim();
  const lines: string[] = [
    zh ? (title.endsWith('纪要') ? title : `${title}纪要`) : `Minutes: ${title}`,
    zh ? meeting.number : `No. ${meeting.number}`,
    '',
    `${zh ? '类型：' : 'Kind: '}${KIND_NAMES[locale][meeting.kind]}`,
    `${zh ? '时间：' : 'Time: '}${formatMeetingTime(meeting.startsAt, locale)}`,
    `${zh ? '地点：' : 'Place: '}${meeting.place}`,
    `${zh ? '召集：' : 'Convener: '}${meeting.convener}`,
    `${zh ? '主持：' : 'Chair: '}${meeting.chair}`,
    ...attendanceLines(input, locale),
  ];

  if (input.outcomes.length) lines.push('');
  for (const o of input.outcomes) {
    const heard = HEARD.test(o.title);
    const item = o.title.trim();
    // A title that is already a verb phrase (研究…) is not "studied" twice.
    const reason = clause(o.deferReason);
    const opening = o.deferred
      ? zh
        ? `${item}，暂缓研究，留待下次会议${reason ? `，原因：${reason}` : ''}`
        : `${item}: deferred to a later meeting${reason ? ` (${reason})` : ''}`
      : zh
        ? `会议${item.startsWith('研究') ? '' : heard ? '听取了' : '研究了'}${item}`
        : `The meeting ${heard ? 'heard' : 'discussed'} ${item}`;
    // The decisions themselves when known; the generic line only for a decided item without them.
    const decided = o.decisions?.length ? o.decisions.map((d) => decisionSentence(d, locale)) : [o.decision];
    const parts = [opening, ...(o.deferred ? [] : decided), o.notes].map((s) => sentence(s, locale)).filter((s) => s !== '');
    lines.push(indent + parts.join(zh ? '' : ' '));
  }

  if (input.resolutions.length) {
    lines.push('', indent + (zh ? '会议议定如下：' : 'The meeting agreed as follows:'));
    input.resolutions.forEach((r, i) => {
      const support = r.supportUnitNames.filter((s) => s.trim() !== '');
      const deadline = formatDate(r.deadline, locale);
      const terms = zh
        ? [`牵头单位：${r.leadUnitName}`, support.length ? `配合单位：${support.join('、')}` : '', `完成时限：${deadline}前`]
        : [`Lead: ${r.leadUnitName}`, support.length ? `Supporting: ${support.join(', ')}` : '', `Deadline: ${deadline}`];
      const list = terms.filter((t) => t !== '').join(zh ? '；' : '; ');
      const content = sentence(r.content, locale);
      lines.push(zh ? `${indent}${chineseNumeral(i + 1)}、${content}（${list}）` : `${i + 1}. ${content} (${list})`);
    });
  }
  return lines.join('\n');
}
