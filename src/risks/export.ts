/** 风险清单 (the risk list) as a workbook, in the columns a school's ledger usually has. */
import type { Translate } from '../i18n/index.js';
import { xlsxWorkbook, type Cell } from '../lib/xlsx.js';
import type { RiskRow } from './queries.js';

export function riskListWorkbook(rows: RiskRow[], t: Translate, locale: string): Uint8Array {
  const header: Cell[] = [
    t('risk.export.no'), t('risk.school'), t('school.town'), t('risk.name'), t('risk.place'), t('risk.area'), t('risk.distanceBand'), t('risk.category'),
    t('risk.hazardFactors'), t('risk.consequences'), t('hazard.scoringMethod'), t('risk.score'), t('risk.level'),
    t('risk.measure.engineering'), t('risk.measure.management'), t('risk.measure.personal'), t('risk.measure.emergency'),
    t('risk.responsiblePerson'), t('risk.responsibleUnit'), t('risk.nextReviewOn'),
  ];
  const body = rows.map((r, i): Cell[] => [
    i + 1,
    r.schoolName,
    r.townName,
    r.name,
    t(`subject.${r.place}`),
    r.area,
    r.distanceBand ? t(`distance.${r.distanceBand}`) : '',
    locale === 'en' && r.categoryNameEn ? r.categoryNameEn : r.categoryName,
    r.hazardFactors,
    r.consequences,
    t(`scoring.${r.scoringMethod}`),
    r.score,
    t(`level.${r.level}`),
    r.measuresEngineering,
    r.measuresManagement,
    r.measuresPersonal,
    r.measuresEmergency,
    r.responsiblePerson,
    r.unitName ? (locale === 'en' && r.unitNameEn ? r.unitNameEn : r.unitName) : r.schoolName,
    r.nextReviewOn,
  ]);
  return xlsxWorkbook(t('risk.plural'), [header, ...body]);
}
