import type { RiskLevel } from '../../src/hazards/scoring.js';
import type { CountRow, RiskCounts } from '../../src/risks/overview.js';
import type { MessageKey } from '../../src/i18n/index.js';
import type { Option } from '../components/form.js';
import { useUi } from '../ui.js';

const LEVELS: readonly RiskLevel[] = ['red', 'orange', 'yellow', 'blue'];

/** One table of counts; each figure links to the list filtered to it. */
function CountTable(props: { title: MessageKey; head: MessageKey; rows: CountRow[]; filter: (row: CountRow) => string }) {
  const { t, locale } = useUi();
  return (
    <section class="panel">
      <h2>{t(props.title)}</h2>
      {props.rows.length === 0 ? (
        <p class="empty">{t('risk.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(props.head)}</th>
                {LEVELS.map((l) => (
                  <th scope="col">
                    <span class={`level level-${l}`}>{t(`level.${l}`)}</span>
                  </th>
                ))}
                <th scope="col">{t('risk.total')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <th scope="row">{locale === 'en' && r.nameEn ? r.nameEn : r.name}</th>
                  {LEVELS.map((l) => (
                    <td data-label={t(`level.${l}`)}>{r.counts[l] > 0 ? <a href={`/risks?${props.filter(r)}&level=${l}`}>{r.counts[l]}</a> : '0'}</td>
                  ))}
                  <td data-label={t('risk.total')}>
                    <a href={`/risks?${props.filter(r)}`}>{LEVELS.reduce((n, l) => n + r.counts[l], 0)}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Town and district counts of red/orange/yellow/blue points by town, school and category. */
export function RiskOverviewPage(props: { counts: RiskCounts; towns: Option[]; townId: number | null }) {
  const { t } = useUi();
  const town = props.townId ? `townId=${props.townId}` : '';
  const and = (s: string) => (town ? `${town}&${s}` : s);
  return (
    <section class="stack">
      <p class="crumbs">
        <a href="/risks">← {t('risk.plural')}</a>
      </p>
      <h1>{t('risk.overview')}</h1>
      <form method="get" action="/risks/overview" class="filters panel">
        <label>
          {t('school.town')}
          <select name="townId">
            <option value="">{t('filter.all')}</option>
            {props.towns.map((o) => (
              <option value={o.value} selected={o.value === String(props.townId ?? '')}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('risk.filter.apply')}</button>
      </form>
      <CountTable title="risk.byTown" head="school.town" rows={props.counts.towns} filter={(r) => `townId=${r.id}`} />
      <CountTable title="risk.bySchool" head="risk.school" rows={props.counts.schools} filter={(r) => `schoolId=${r.id}`} />
      <CountTable title="risk.byCategory" head="risk.category" rows={props.counts.categories} filter={(r) => and(`categoryId=${r.id}`)} />
    </section>
  );
}
