import type { RiskDetail } from '../../src/risks/queries.js';
import { CONTROL_KINDS } from '../../src/risks/vocabulary.js';
import { useUi } from '../ui.js';
import { PlaceText } from './bits.js';

const MEASURE = { engineering: 'measuresEngineering', management: 'measuresManagement', personal: 'measuresPersonal', emergency: 'measuresEmergency' } as const;

/** 风险告知卡: the notice posted at the point, one A4 page, the level's colour as the band at the top. */
export function RiskCardPage(props: { detail: RiskDetail }) {
  const { t, locale } = useUi();
  const d = props.detail;
  const p = d.point;
  return (
    <article class={`risk-card card-${p.level}`}>
      <p class="crumbs no-print">
        <a href={`/risks/${p.id}`}>← {p.name}</a> · <span class="muted small">{t('risk.printHint')}</span>
      </p>
      <header class={`risk-card-band level-${p.level}`}>
        <h1>{t('risk.card')}</h1>
        <p class="risk-card-level">{t(`level.${p.level}`)}</p>
      </header>
      <dl class="facts">
        <dt>{t('risk.name')}</dt>
        <dd>
          <strong>{p.name}</strong>
        </dd>
        <dt>{t('risk.school')}</dt>
        <dd>{d.schoolName}</dd>
        <dt>{t('risk.place')}</dt>
        <dd>
          <PlaceText place={p.place} area={p.area} distanceBand={p.distanceBand} />
        </dd>
        <dt>{t('risk.category')}</dt>
        <dd>{locale === 'en' && d.categoryNameEn ? d.categoryNameEn : d.categoryName}</dd>
        <dt>{t('risk.hazardFactors')}</dt>
        <dd class="prewrap">{p.hazardFactors}</dd>
        <dt>{t('risk.consequences')}</dt>
        <dd class="prewrap">{p.consequences}</dd>
        {CONTROL_KINDS.filter((k) => p[MEASURE[k]]).map((k) => (
          <>
            <dt>{t(`risk.measure.${k}`)}</dt>
            <dd class="prewrap">{p[MEASURE[k]]}</dd>
          </>
        ))}
        <dt>{t('risk.responsiblePerson')}</dt>
        <dd>{p.responsiblePerson}</dd>
        <dt>{t('risk.responsibleUnit')}</dt>
        <dd>{d.unitName ? (locale === 'en' && d.unitNameEn ? d.unitNameEn : d.unitName) : d.schoolName}</dd>
        <dt>{t('risk.nextReviewOn')}</dt>
        <dd>{p.nextReviewOn}</dd>
      </dl>
      <p class="muted small">{t('risk.cardFooter')}</p>
    </article>
  );
}
