import type { RegisterFilter, RegisterOptions, RegisterPage as Page } from '../../src/hazards/types.js';
import { HAZARD_STATES } from '../../src/hazards/lifecycle.js';
import { HAZARD_SOURCES } from '../../src/hazards/vocabulary.js';
import type { Option } from '../components/form.js';
import { useUi } from '../ui.js';
import { activeFilterChips, ResultsSummary } from './filter-chips.js';
import { registerTableRows } from './register-rows.js';

function Select(props: { name: string; label: string; value: string | number | undefined; options: Option[]; all: string }) {
  return (
    <div class="field">
      <label for={`r-${props.name}`}>{props.label}</label>
      <select id={`r-${props.name}`} name={props.name}>
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={String(props.value ?? '') === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Check(props: { name: string; label: string; checked: boolean }) {
  return (
    <label class="check">
      <input type="checkbox" name={props.name} value="1" checked={props.checked} /> {props.label}
    </label>
  );
}

function pageLink(query: string, cursor: 'after' | 'before', value: string): string {
  const params = new URLSearchParams(query);
  params.delete('after');
  params.delete('before');
  params.set(cursor, value);
  return `/hazards?${params.toString()}`;
}

/** The result table and pager: swapped in by htmx as filters change. */
export function RegisterResults(props: { page: Page; filter: RegisterFilter; options: RegisterOptions; count: number; countCap: number; query: string; now: Date }) {
  const { t, locale } = useUi();
  const chips = activeFilterChips(props.filter, props.options, props.query, t);
  const now = props.now;
  const exportParams = new URLSearchParams(props.query);
  exportParams.delete('after');
  exportParams.delete('before');
  return (
    <div id="register-results">
      <div class="results-head">
        <ResultsSummary chips={chips} count={props.count} cap={props.countCap} />
        <a class="button" href={`/hazards/export.csv?${exportParams.toString()}`} hx-boost="false" download>
          {t('hazard.exportCsv')}
        </a>
      </div>
      {props.page.rows.length === 0 ? (
        <p class="empty">{t('hazard.noResults')}</p>
      ) : (
        <div class="table-wrap">
          <table class="register">
            <thead>
              <tr>
                <th scope="col">{t('hazard.number')}</th>
                <th scope="col">{t('hazard.school')}</th>
                <th scope="col">{t('hazard.category')}</th>
                <th scope="col">{t('hazard.location')}</th>
                <th scope="col">{t('hazard.state')}</th>
                <th scope="col">{t('hazard.level')}</th>
                <th scope="col">{t('hazard.lead')}</th>
                <th scope="col">{t('hazard.deadline')}</th>
                <th scope="col">{t('hazard.foundAt')}</th>
              </tr>
            </thead>
            <tbody>
              {registerTableRows(props.page.rows, t, locale, now)}
            </tbody>
          </table>
        </div>
      )}
      {(props.page.prev || props.page.next) && (
        <nav class="pager" aria-label={t('list.pagination')}>
          {props.page.prev ? (
            <a href={pageLink(props.query, 'before', props.page.prev)} rel="prev">
              ← {t('list.prev')}
            </a>
          ) : (
            <span />
          )}
          {props.page.next ? (
            <a href={pageLink(props.query, 'after', props.page.next)} rel="next">
              {t('list.next')} →
            </a>
          ) : (
            <span />
          )}
        </nav>
      )}
    </div>
  );
}

export function RegisterPage(props: { page: Page; filter: RegisterFilter; options: RegisterOptions; count: number; countCap: number; query: string; now: Date; canReport: boolean }) {
  const { t } = useUi();
  const f = props.filter;
  const canReport = props.canReport;
  return (
    <section class="stack">
      <div class="page-head">
        <h1>{t('hazard.register')}</h1>
        {canReport && (
          <a class="button primary" href="/hazards/new">
            {t('hazard.report')}
          </a>
        )}
      </div>
      <details class="filter-panel">
        <summary class="button">{t('register.filters')}</summary>
      <form
        class="filters register-filters"
        method="get"
        action="/hazards"
        role="search"
        hx-get="/hazards"
        hx-target="#register-results"
        hx-swap="outerHTML"
        hx-trigger="input delay:400ms, submit"
        hx-push-url="true"
      >
        <div class="field grow">
          <label for="r-q">{t('hazard.search')}</label>
          <input id="r-q" name="q" type="search" value={f.q ?? ''} placeholder={t('hazard.searchHint')} />
        </div>
        <Select name="state" label={t('hazard.state')} value={f.state} all={t('filter.all')} options={HAZARD_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))} />
        <Select name="level" label={t('hazard.level')} value={f.level} all={t('filter.all')} options={(['red', 'orange', 'yellow', 'blue'] as const).map((l) => ({ value: l, label: t(`level.${l}`) }))} />
        <Select name="grade" label={t('hazard.grade')} value={f.grade} all={t('filter.all')} options={(['ordinary', 'major'] as const).map((g) => ({ value: g, label: t(`grade.${g}`) }))} />
        <Select name="category" label={t('hazard.category')} value={f.category} all={t('filter.all')} options={props.options.categories} />
        {props.options.towns.length > 0 && <Select name="town" label={t('school.town')} value={f.town} all={t('filter.all')} options={props.options.towns} />}
        {props.options.schools.length > 0 && <Select name="school" label={t('hazard.school')} value={f.school} all={t('filter.all')} options={props.options.schools} />}
        {props.options.departments.length > 0 && <Select name="department" label={t('hazard.department')} value={f.department} all={t('filter.all')} options={props.options.departments} />}
        <Select name="source" label={t('hazard.source')} value={f.source} all={t('filter.all')} options={HAZARD_SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))} />
        <div class="field">
          <label for="r-from">{t('filter.foundFrom')}</label>
          <input id="r-from" name="from" type="date" value={f.from ?? ''} />
        </div>
        <div class="field">
          <label for="r-to">{t('filter.foundTo')}</label>
          <input id="r-to" name="to" type="date" value={f.to ?? ''} />
        </div>
        <div class="field">
          <label for="r-sort">{t('filter.sort')}</label>
          <select id="r-sort" name="sort">
            {(['found', 'deadline', 'level'] as const).map((s) => (
              <option value={s} selected={f.sort === s}>
                {t(`sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="checks">
          <legend class="sr-only">{t('filter.flags')}</legend>
          <Check name="open" label={t('filter.open')} checked={f.open} />
          <Check name="overdue" label={t('hazard.overdue')} checked={f.overdue} />
          <Check name="dueSoon" label={t('hazard.dueSoon')} checked={f.dueSoon} />
          <Check name="listed" label={t('hazard.listedShort')} checked={f.listed} />
          <Check name="waiting" label={t('filter.waiting')} checked={f.waiting} />
          <Check name="verifyOverdue" label={t('filter.verifyOverdue')} checked={f.verifyOverdue} />
        </fieldset>
        <div class="actions">
          <button type="submit">{t('list.filter')}</button>
          <a href="/hazards">{t('filter.reset')}</a>
        </div>
      </form>
      </details>
      <RegisterResults page={props.page} filter={f} options={props.options} count={props.count} countCap={props.countCap} query={props.query} now={props.now} />
    </section>
  );
}
