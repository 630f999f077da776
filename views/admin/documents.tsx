import type { DocumentKind } from '../../src/documents/numbering.js';
import { ErrorSummary, TextField, type FormState } from '../components/form.js';
import { useUi } from '../ui.js';

const LABELS = {
  prefixMinutes: 'documents.prefix',
  prefixOrder: 'documents.prefix',
  mastheadMinutes: 'documents.masthead',
  mastheadOrder: 'documents.masthead',
  issuer: 'documents.issuer',
  copyTo: 'documents.copyTo',
  printedBy: 'documents.printedBy',
} as const;

/** The administrator's settings of the official documents, with the next number of each kind. */
export function DocumentSettingsPage(props: { form: FormState; next: Record<DocumentKind, string> }) {
  const { t } = useUi();
  const { form } = props;
  return (
    <section class="stack narrow">
      <h1>{t('documents.title')}</h1>
      <p class="muted">{t('documents.intro')}</p>
      <ErrorSummary form={form} labels={LABELS} />
      <form method="post" action="/admin/documents" novalidate class="record-form">
        {(['minutes', 'order'] as const).map((kind) => {
          const key = kind === 'minutes' ? 'Minutes' : 'Order';
          return (
            <fieldset class="panel">
              <legend>{t(`documents.kind.${kind}`)}</legend>
              <TextField name={`prefix${key}`} label="documents.prefix" form={form} required maxLength={12} hint="documents.prefixHint" />
              <p class="muted small">
                {t('documents.next')}
                {t('punct.colon')}
                <strong>{props.next[kind]}</strong>
              </p>
              <TextField name={`masthead${key}`} label="documents.masthead" form={form} required maxLength={60} />
            </fieldset>
          );
        })}
        <TextField name="issuer" label="documents.issuer" form={form} required maxLength={60} />
        <TextField name="copyTo" label="documents.copyTo" form={form} maxLength={200} hint="documents.copyToHint" />
        <TextField name="printedBy" label="documents.printedBy" form={form} required maxLength={60} />
        <div class="actions">
          <button type="submit" class="primary">
            {t('action.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
