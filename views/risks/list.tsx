import { RISK_LEVELS } from '../../src/hazards/vocabulary.js';
import type { RiskRow } from '../../src/risks/queries.js';
import { DataTable } from '../components/data-table.js';
import type { Option } from '../components/form.js';
import { LevelBadge } from '../hazards/bits.js';
import { useUi } from '../ui.js';
import { PlaceText, ReviewDate } from './bits.js';

export interface RiskListFilters {
  level: string;
  review: string;
  categoryId: string;
  schoolId: string;
  townId: string;
  retired: boolean;
}

function Choice(props: { name: string; label: string; value: string; options: Option[] }) {
  const { t } = useUi();
  return (
    <label>
      {props.label}
      <select name={props.name}>
        <option value="">{t('filter.all')}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** 风险清单: the points the user may see, with filters, level badges and review flags. */
export function RiskListPage(props: { rows: RiskRow[]; filters: RiskListFilters; categories: Option[]; schools: Option[] | null; towns: Option[] | null; canRecord: boolean; limit: number; query: string }) {
  const { t, locale } = useUi();
  const f = props.filters;
  return (
    <section class="stack">
      <div class="page-head">
        <h1>{t('risk.plural')}</h1>
        <a class="button" href={`/risks/export.xlsx?${props.query}`}>
          {t('risk.export')}
        </a>
        <a class="button" href="/risks/map">
          {t('risk.map')}
        </a>
        <a class="button" href="/risks/overview">
          {t('risk.overview')}
        </a>
        {props.canRecord && (
          <a class="button primary" href="/risks/new">
            {t('risk.new')}
          </a>
        )}
      </div>
      <form method="get" action="/risks" class="filters panel">
        <Choice name="level" label={t('risk.level')} value={f.level} options={RISK_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
        <Choice name="review" label={t('risk.review')} value={f.review} options={(['overdue', 'due'] as const).map((r) => ({ value: r, label: t(`risk.review.${r}`) }))} />
        <Choice name="categoryId" label={t('risk.category')} value={f.categoryId} options={props.categories} />
        {props.towns && <Choice name="townId" label={t('school.town')} value={f.townId} options={props.towns} />}
        {props.schools && <Choice name="schoolId" label={t('risk.school')} value={f.schoolId} options={props.schools} />}
        <label class="check">
          <input type="checkbox" name="retired" value="1" checked={f.retired} /> {t('risk.showRetired')}
        </label>
        <button type="submit">{t('risk.filter.apply')}</button>
      </form>
      <DataTable
        rows={props.rows}
        empty="risk.none"
        columns={[
          {
            label: 'risk.name',
            cell: (r) => (
              <>
                <a href={`/risks/${r.id}`}>{r.name}</a>
                {r.retired && <span class="muted small"> · {t('risk.retired')}</span>}
              </>
            ),
          },
          { label: 'risk.level', cell: (r) => <LevelBadge level={r.level} /> },
          { label: 'risk.school', cell: (r) => r.schoolName },
          { label: 'risk.place', cell: (r) => <PlaceText place={r.place} area={r.area} distanceBand={r.distanceBand} /> },
          { label: 'risk.category', cell: (r) => (locale === 'en' && r.categoryNameEn ? r.categoryNameEn : r.categoryName) },
          { label: 'risk.responsibleUnit', cell: (r) => (r.unitName ? (locale === 'en' && r.unitNameEn ? r.unitNameEn : r.unitName) : t('risk.unitSchool')) },
          { label: 'risk.nextReviewOn', cell: (r) => <ReviewDate date={r.nextReviewOn} status={r.review} /> },
        ]}
      />
      {props.rows.length >= props.limit && <p class="muted small">{t('risk.limitNote', { n: props.limit })}</p>}
    </section>
  );
}
