import type { Translate } from '../i18n/index.js';
import { isOverdue } from './deadlines.js';
import { shanghaiDate } from '../lib/shanghai-time.js';
import type { RegisterRow } from './register.js';

/**
 * One CSV cell: quoted when needed, and a leading = + - @ made inert so a spreadsheet never runs it as
 * a formula (CSV injection).
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const HEADERS = [
  'hazard.number',
  'hazard.state',
  'hazard.subject',
  'hazard.school',
  'school.town',
  'hazard.category',
  'hazard.location',
  'hazard.description',
  'hazard.grade',
  'hazard.level',
  'hazard.lead',
  'hazard.deadline',
  'hazard.foundAt',
  'hazard.source',
  'hazard.listed',
  'hazard.overdue',
] as const;

export function csvHeader(t: Translate): string {
  return HEADERS.map((k) => csvCell(t(k))).join(',') + '\r\n';
}

export function csvLine(r: RegisterRow, t: Translate, locale: string, now: Date): string {
  const en = locale === 'en';
  return (
    [
      r.number,
      t(`state.${r.state}`),
      t(`subject.${r.subjectType}`),
      r.schoolName ?? r.institutionName ?? '',
      r.townName,
      en && r.categoryNameEn ? r.categoryNameEn : r.categoryName,
      r.location,
      r.description,
      r.grade ? t(`grade.${r.grade}`) : '',
      r.riskLevel ? t(`level.${r.riskLevel}`) : '',
      r.assignedToSchool ? t('hazard.theSchool') : ((en && r.leadNameEn ? r.leadNameEn : r.leadName) ?? ''),
      r.deadline ?? '',
      shanghaiDate(r.foundAt),
      t(`source.${r.source}`),
      r.listed ? t('common.yes') : '',
      isOverdue(r.deadline, r.state, now) ? t('common.yes') : '',
    ]
      .map(csvCell)
      .join(',') + '\r\n'
  );
}
