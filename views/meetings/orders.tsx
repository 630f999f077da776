import type { OrderDetail } from '../../src/meetings/types.js';
import type { FieldErrorMap, FormValues } from '../../src/lib/forms.js';
import { fieldValue } from '../../src/lib/forms.js';
import { ErrorSummary, SelectField, TextArea, TextField, type FormState, type Option } from '../components/form.js';
import { DataTable } from '../components/data-table.js';
import { formatDateTime } from '../hazards/bits.js';
import { useUi } from '../ui.js';
import type { OrderStatus as OrderStatusWord } from '../../src/meetings/vocabulary.js';

interface Row {
  id: number;
  documentNumber: string | null;
  requirements: string;
  deadline: string;
  status: OrderStatusWord;
  unitName: string;
  unitNameEn: string;
  hazardNumber: string | null;
}

export function OrderStatus(props: { status: OrderStatusWord }) {
  const { t } = useUi();
  return <span class={`state order-${props.status}`}>{t(`order.status.${props.status}`)}</span>;
}

export function OrderListPage(props: { orders: Row[]; canIssue: boolean }) {
  const { t, locale } = useUi();
  return (
    <section class="stack">
      <div class="page-head">
        <h1>{t('order.plural')}</h1>
        {props.canIssue && (
          <a class="button primary" href="/supervision-orders/new">
            {t('order.new')}
          </a>
        )}
      </div>
      <DataTable
        rows={props.orders}
        empty="order.none"
        columns={[
          {
            label: 'order.requirements',
            cell: (o) => (
              <>
                <a href={`/supervision-orders/${o.id}`}>{o.requirements.length > 60 ? o.requirements.slice(0, 60) + '…' : o.requirements}</a>
                {o.hazardNumber && <span class="muted small"> · {o.hazardNumber}</span>}
              </>
            ),
          },
          { label: 'document.number', cell: (o) => o.documentNumber ?? '' },
          { label: 'order.unit', cell: (o) => (locale === 'en' && o.unitNameEn ? o.unitNameEn : o.unitName) },
          { label: 'order.deadline', cell: (o) => o.deadline },
          { label: 'order.status', cell: (o) => <OrderStatus status={o.status} /> },
        ]}
      />
    </section>
  );
}

/** What an order says (to whom, what, by when) and its submit button: the order page and the live meeting. */
export function OrderFields(props: { form: FormState; units: Option[] }) {
  const { t } = useUi();
  const { form } = props;
  return (
    <>
      <ErrorSummary form={form} labels={{ departmentId: 'order.unit', requirements: 'order.requirements', deadline: 'order.deadline', documentNumber: 'document.number' }} />
      <SelectField name="departmentId" label="order.unit" form={form} required options={props.units} placeholder="form.choose" />
      <TextArea name="requirements" label="order.requirements" form={form} required rows={3} maxLength={2000} />
      <TextField name="deadline" label="order.deadline" form={form} type="date" required />
      <TextField name="documentNumber" label="document.number" form={form} hint="document.numberAuto" maxLength={40} />
      <button type="submit" class="primary">
        {t('order.issue')}
      </button>
    </>
  );
}

export function OrderFormPage(props: { form: FormState; units: Option[] }) {
  const { t } = useUi();
  const { form } = props;
  return (
    <section class="stack narrow">
      <h1>{t('order.new')}</h1>
      <form method="post" action="/supervision-orders" novalidate class="record-form">
        <input type="hidden" name="hazardId" value={fieldValue(form.values, 'hazardId')} />
        <input type="hidden" name="resolutionId" value={fieldValue(form.values, 'resolutionId')} />
        {fieldValue(form.values, 'hazardId') && <p class="notice">{t('order.aboutHazard')}</p>}
        {fieldValue(form.values, 'resolutionId') && <p class="notice">{t('order.aboutResolution')}</p>}
        <OrderFields form={form} units={props.units} />
      </form>
    </section>
  );
}

export function OrderPage(props: { detail: OrderDetail; form?: { values: FormValues; errors: FieldErrorMap } }) {
  const { t, locale } = useUi();
  const o = props.detail.order;
  const form: FormState = props.form ?? {};
  return (
    <article class="stack narrow">
      <p class="crumbs no-print">
        <a href="/supervision-orders">← {t('order.plural')}</a>
      </p>
      <div class="page-head">
        <h1>
          {t('order.title')} {o.documentNumber && <span class="muted">{o.documentNumber}</span>} <OrderStatus status={o.status} />
        </h1>
        <a class="button no-print" href={`/supervision-orders/${o.id}/print`}>
          {t('document.print')}
        </a>
      </div>
      <dl class="facts panel">
        <dt>{t('order.unit')}</dt>
        <dd>{locale === 'en' && props.detail.unitNameEn ? props.detail.unitNameEn : props.detail.unitName}</dd>
        {o.hazardId && (
          <>
            <dt>{t('order.hazard')}</dt>
            <dd>
              <a href={`/hazards/${o.hazardId}`}>{props.detail.hazardNumber}</a>
            </dd>
          </>
        )}
        {o.resolutionId && (
          <>
            <dt>{t('order.resolution')}</dt>
            <dd>
              <a href={`/resolutions/${o.resolutionId}`}>{props.detail.resolutionContent}</a>
            </dd>
          </>
        )}
        <dt>{t('order.requirements')}</dt>
        <dd class="prewrap">{o.requirements}</dd>
        <dt>{t('order.deadline')}</dt>
        <dd>{o.deadline}</dd>
        <dt>{t('order.issuedAt')}</dt>
        <dd>{formatDateTime(o.createdAt)}</dd>
        {o.reply && (
          <>
            <dt>{t('order.reply')}</dt>
            <dd class="prewrap">
              {o.reply}
              {o.repliedAt && <span class="muted small"> · {formatDateTime(o.repliedAt)}</span>}
            </dd>
          </>
        )}
        {o.checkNote && (
          <>
            <dt>{t('order.checkNote')}</dt>
            <dd class="prewrap">{o.checkNote}</dd>
          </>
        )}
      </dl>
      <ErrorSummary form={form} labels={{ reply: 'order.reply', checkNote: 'order.checkNote' }} />
      {props.detail.actions.has('reply') && (
        <form method="post" action={`/supervision-orders/${o.id}/reply`} novalidate class="panel">
          <input type="hidden" name="version" value={String(o.version)} />
          <TextArea name="reply" label="order.reply" form={form} required rows={4} maxLength={2000} />
          <button type="submit" class="primary">
            {t('order.sendReply')}
          </button>
        </form>
      )}
      {props.detail.actions.has('check') && (
        <form method="post" action={`/supervision-orders/${o.id}/check`} novalidate class="panel">
          <input type="hidden" name="version" value={String(o.version)} />
          <TextArea name="checkNote" label="order.checkNote" form={form} rows={3} maxLength={1000} hint="order.checkHint" />
          <div class="actions">
            <button type="submit" name="result" value="satisfied" class="primary">
              {t('order.satisfied')}
            </button>
            <button type="submit" name="result" value="followUp" class="danger">
              {t('order.followUp')}
            </button>
          </div>
        </form>
      )}
    </article>
  );
}
