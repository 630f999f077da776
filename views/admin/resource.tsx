import type { ColumnSpec, FieldSpec, ListParams } from '../../src/admin/resource.js';
import type { MessageKey } from '../../src/i18n/index.js';
import type { Page } from '../../src/lib/keyset.js';
import { fieldValue } from '../../src/lib/forms.js';
import { CheckboxField, ErrorSummary, SelectField, TextArea, TextField, type FormState, type Option } from '../components/form.js';
import { DataTable } from '../components/data-table.js';
import { Pager } from '../components/pager.js';
import { useUi } from '../ui.js';

export interface ListView {
  basePath: string;
  title: MessageKey;
  columns: ColumnSpec[];
  page: Page<Record<string, unknown>>;
  params: ListParams;
}

/** The table and pager: also the fragment htmx swaps in while the user types in the search box. */
export function RecordTable(props: ListView) {
  const { t, locale } = useUi();
  return (
    <div id="record-list">
      <DataTable
        rows={props.page.rows}
        empty="list.empty"
        columns={[
          ...props.columns.map((col, j) => ({
            label: col.label,
            cell: (row: Record<string, unknown>) => (j === 0 ? <a href={`${props.basePath}/${String(row.id)}`}>{col.value(row, t, locale) || '—'}</a> : col.value(row, t, locale)),
          })),
          { label: 'list.status', cell: (row) => <span class={row.active ? 'badge ok' : 'badge off'}>{t(row.active ? 'status.active' : 'status.inactive')}</span> },
        ]}
      />
      <Pager basePath={props.basePath} query={{ q: props.params.q, status: props.params.status }} next={props.page.next} prev={props.page.prev} />
    </div>
  );
}

export function RecordListPage(props: ListView) {
  const { t } = useUi();
  return (
    <section class="stack">
      <div class="page-head">
        <h1>{t(props.title)}</h1>
        <a class="button primary" href={`${props.basePath}/new`}>
          {t('action.new')}
        </a>
      </div>
      <form class="filters" method="get" action={props.basePath} role="search" hx-get={props.basePath} hx-target="#record-list" hx-swap="outerHTML" hx-trigger="input delay:300ms, submit" hx-push-url="true">
        <div class="field">
          <label for="q">{t('list.search')}</label>
          <input id="q" name="q" type="search" value={props.params.q ?? ''} />
        </div>
        <div class="field">
          <label for="status">{t('list.status')}</label>
          <select id="status" name="status">
            {(['active', 'inactive', 'all'] as const).map((s) => (
              <option value={s} selected={(props.params.status ?? 'active') === s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('list.filter')}</button>
      </form>
      <RecordTable {...props} />
    </section>
  );
}

export function FieldControl(props: { field: FieldSpec; form: FormState; options?: Option[] }) {
  const { field, form } = props;
  switch (field.kind) {
    case 'textarea':
      return <TextArea name={field.name} label={field.label} form={form} required={field.required} hint={field.hint} />;
    case 'select':
      return <SelectField name={field.name} label={field.label} form={form} required={field.required} hint={field.hint} options={props.options ?? []} placeholder="form.choose" />;
    case 'checkbox':
      return <CheckboxField name={field.name} label={field.label} form={form} />;
    default:
      return (
        <TextField
          name={field.name}
          label={field.label}
          form={form}
          required={field.required}
          hint={field.hint}
          type={field.kind === 'tel' ? 'tel' : 'text'}
          inputMode={field.kind === 'tel' ? 'tel' : undefined}
        />
      );
  }
}

export interface RecordFormView {
  basePath: string;
  title: MessageKey;
  fields: FieldSpec[];
  options: Record<string, Option[]>;
  form: FormState;
  /** present when editing */
  record?: { id: number; active: boolean };
}

export function RecordFormPage(props: RecordFormView) {
  const { t } = useUi();
  const action = props.record ? `${props.basePath}/${props.record.id}` : props.basePath;
  const labels = Object.fromEntries(props.fields.map((f) => [f.name, f.label]));
  return (
    <section class="stack narrow">
      <p class="crumbs">
        <a href={props.basePath}>← {t('action.backToList')}</a>
      </p>
      <h1>{t(props.title)}</h1>
      {props.record && !props.record.active && <p class="notice">{t('status.inactiveNotice')}</p>}
      <ErrorSummary form={props.form} labels={labels} />
      <form method="post" action={action} novalidate class="record-form">
        {props.record && <input type="hidden" name="version" value={fieldValue(props.form.values, 'version')} />}
        {props.fields.map((field) => (
          <FieldControl field={field} form={props.form} options={props.options[field.name]} />
        ))}
        <div class="actions">
          <button type="submit" class="primary">
            {t('action.save')}
          </button>
          <a href={props.basePath}>{t('action.cancel')}</a>
        </div>
      </form>
      {props.record && (
        <form method="post" action={`${action}/${props.record.active ? 'deactivate' : 'activate'}`} class="danger-zone">
          <p class="muted small">{t(props.record.active ? 'status.deactivateHint' : 'status.activateHint')}</p>
          <button type="submit" class={props.record.active ? 'danger' : ''}>
            {t(props.record.active ? 'action.deactivate' : 'action.activate')}
          </button>
        </form>
      )}
    </section>
  );
}
