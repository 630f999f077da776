/**
 * The automatic draft of the minutes (会议纪要): plain text in the usual structure of Chinese official
 * minutes, for the supervisor to edit before issuing. Pure: the meeting time is passed in and shown
 * in Shanghai time.
 */
import { formatLongDate, shanghaiWallClock } from '../lib/shanghai-time.js';

export type MinutesLocale = 'zh-CN' | 'en';
import type { Attendance as AttendanceStatus, MeetingKind } from './vocabulary.js';
export type { AttendanceStatus, MeetingKind };

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
  attendance: Array<{ unitName: string; status: AttendanceStatus; attendee?: string; reason?: string }>;
  /** What the meeting did with each item it took up: `deferred` items are only recorded as deferred. */
  outcomes: Array<{ title: string; decision: string; notes: string; deferred?: boolean }>;
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
  const of = (status: AttendanceStatus) => input.attendance.filter((a) => a.status === status);
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
  const sep = zh ? '、' : ', ';
  const label = zh ? ['出席：', '请假：', '缺席：'] : ['Present: ', 'On leave: ', 'Absent: '];
  const lines = [`${label[0]}${present.length ? present.join(sep) : zh ? '无' : 'none'}`];
  // Leave and absence lines appear only when someone was on leave / absent, as in printed minutes.
  if (leave.length) lines.push(label[1] + leave.join(sep));
  if (absent.length) lines.push(label[2] + absent.join(sep));
  return lines;
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
    const opening = o.deferred
      ? zh
        ? `${item}，暂缓研究，留待下次会议`
        : `${item}: deferred to a later meeting`
      : zh
        ? `会议${item.startsWith('研究') ? '' : heard ? '听取了' : '研究了'}${item}`
        : `The meeting ${heard ? 'heard' : 'discussed'} ${item}`;
    const parts = [opening, o.decision, o.notes].map((s) => sentence(s, locale)).filter((s) => s !== '');
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
