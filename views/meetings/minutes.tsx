import type { MeetingDetail, MinutesAddendumRow, MinutesRow } from '../../src/meetings/types.js';
import type { FieldErrorMap, FormValues } from '../../src/lib/forms.js';
import { fieldValue } from '../../src/lib/forms.js';
import { ErrorSummary, TextArea, TextField, type FormState } from '../components/form.js';
import { formatDateTime } from '../hazards/bits.js';
import { shanghaiDate } from '../../src/lib/shanghai-time.js';
import type { DocumentSettings } from '../../src/documents/settings.js';
import { OfficialDocument } from '../print/official-document.js';
import { useUi } from '../ui.js';
import { hasSat } from '../../src/meetings/live.js';

/**
 * The question before issuing, asked only once the form is valid: the typed text and number travel in
 * hidden fields, so "back" returns to the editor with them and "issue" issues exactly that.
 */
function IssueConfirm(props: { meetingId: number; values: FormValues }) {
  const { t } = useUi();
  return (
    <form method="post" action={`/meetings/${props.meetingId}/minutes`} class="panel stack" novalidate>
      <h1>{t('minutes.issueConfirmTitle')}</h1>
      <p>{t('minutes.issueConfirm')}</p>
      <p>
        {t('minutes.documentNumber')}
        {t('punct.colon')}
        <strong>{fieldValue(props.values, 'documentNumber')}</strong>
      </p>
      <input type="hidden" name="version" value={fieldValue(props.values, 'version')} />
      <input type="hidden" name="documentNumber" value={fieldValue(props.values, 'documentNumber')} />
      <input type="hidden" name="body" value={fieldValue(props.values, 'body')} />
      <input type="hidden" name="confirm" value="1" />
      <div class="actions">
        <button type="submit" name="action" value="issue" class="primary">
          {t('minutes.issueConfirmed')}
        </button>
        <button type="submit" name="action" value="edit">
          {t('minutes.backToEdit')}
        </button>
      </div>
    </form>
  );
}

/** Issued minutes in the official layout: the first line of the text is the title, the rest the body. */
function IssuedMinutes(props: { minutes: MinutesRow; addenda: MinutesAddendumRow[]; settings: DocumentSettings }) {
  const { t } = useUi();
  const { minutes, settings } = props;
  const [title = '', ...lines] = minutes.body.split('\n');
  return (
    <OfficialDocument
      masthead={settings.mastheads.minutes}
      number={minutes.documentNumber}
      title={title}
      issuer={settings.issuer}
      date={shanghaiDate(minutes.issuedAt ?? minutes.updatedAt)}
      copyTo={settings.copyTo}
      printedBy={settings.printedBy}
      after={props.addenda.map((a) => (
        <div class="addendum">
          <h2>
            {t('minutes.addendum')} <span class="muted small">{formatDateTime(a.createdAt)}</span>
          </h2>
          <p class="prewrap">{a.body}</p>
        </div>
      ))}
    >
      {lines.map((line) => (
        <p>{line || '\u00a0'}</p>
      ))}
    </OfficialDocument>
  );
}

/**
 * The minutes (会议纪要): an editable draft for the supervisor; once issued, the official GB/T 9704 layout
 * (views/print/official-document.tsx), which is also what prints.
 */
export function MinutesPage(props: {
  detail: MeetingDetail;
  minutes: MinutesRow | null;
  addenda: MinutesAddendumRow[];
  form?: { values: FormValues; errors: FieldErrorMap; confirm?: boolean };
  /** the next number of the kind, offered in the number field */
  suggestedNumber?: string;
  /** masthead, issuer and 版记 of issued minutes */
  settings?: DocumentSettings;
}) {
  const { t } = useUi();
  const m = props.detail.meeting;
  const minutes = props.minutes;
  const supervisor = props.detail.actions.has('writeMinutes');
  const form: FormState = props.form ?? {};
  const issued = minutes?.status === 'issued';
  const sat = hasSat(m);
  return (
    <article class="stack">
      <p class="crumbs no-print">
        <a href={`/meetings/${m.id}`}>← {m.title}</a>
      </p>
      <ErrorSummary form={form} labels={{ documentNumber: 'minutes.documentNumber', body: 'minutes.body' }} />
      {!minutes && supervisor && sat && (
        <form method="post" action={`/meetings/${m.id}/minutes`} class="panel">
          <p>{t('minutes.none')}</p>
          <button type="submit" name="action" value="draft" class="primary">
            {t('minutes.draft')}
          </button>
        </form>
      )}
      {!minutes && supervisor && !sat && (
        <p class="notice panel" role="status">
          {t('minutes.notSatYet')}
        </p>
      )}
      {minutes && !issued && supervisor && props.form?.confirm && <IssueConfirm meetingId={m.id} values={props.form.values} />}
      {minutes && !issued && supervisor && !props.form?.confirm && (
        <div class="stack">
          {form.errors?._form === 'minutes.changed' && (
            // Someone else saved first: their text, as it is now, beside the form that still holds yours.
            <section class="panel" aria-labelledby="minutes-current">
              <h2 id="minutes-current">{t('minutes.currentText')}</h2>
              <p class="muted small">{t('minutes.currentHint', { time: formatDateTime(minutes.updatedAt) })}</p>
              <pre class="prewrap">{minutes.body}</pre>
            </section>
          )}
          {/* One form: the text and the number go together, so a refused issue gives back what was typed. */}
          <form method="post" action={`/meetings/${m.id}/minutes`} class="panel" novalidate>
            <h1>{t('minutes.editDraft')}</h1>
            <input type="hidden" name="version" value={String(minutes.version)} />
            <TextArea name="body" label="minutes.body" form={{ values: { body: props.form?.values.body ?? minutes.body }, errors: form.errors }} rows={24} maxLength={50000} />
            <h2>{t('minutes.issue')}</h2>
            <p class="muted small">{t(m.closedAt ? 'minutes.issueHint' : 'minutes.issueAfterClose')}</p>
            <TextField name="documentNumber" label="minutes.documentNumber" form={{ values: { documentNumber: props.form ? fieldValue(props.form.values, 'documentNumber') : (props.suggestedNumber ?? '') }, errors: form.errors }} required hint="minutes.documentNumberHint" />
            <div class="actions">
              <button type="submit" name="action" value="save">
                {t('minutes.saveDraft')}
              </button>
              <button type="submit" name="action" value="issue" class="primary">
                {t('minutes.issue')}
              </button>
              {/* Submits the small form below (form attribute), which asks first; Save does not ask. */}
              <button type="submit" name="action" value="draft" form="minutes-redraft">
                {t('minutes.redraft')}
              </button>
            </div>
          </form>
          {/* hx-confirm belongs on a form: htmx reads it from the form whose submit it handles, not the button. */}
          <form id="minutes-redraft" method="post" action={`/meetings/${m.id}/minutes`} hx-confirm={t('minutes.redraftConfirm')} hidden>
            <input type="hidden" name="version" value={String(minutes.version)} />
          </form>
        </div>
      )}
      {minutes && issued && (
        <>
          <div class="actions no-print">
            <a class="button" href={`/meetings/${m.id}/minutes.txt`} hx-boost="false">
              {t('minutes.download')}
            </a>
          </div>
          {props.settings && <IssuedMinutes minutes={minutes} addenda={props.addenda} settings={props.settings} />}
          {supervisor && (
            <form method="post" action={`/meetings/${m.id}/minutes`} class="panel no-print" novalidate>
              <h2>{t('minutes.addAddendum')}</h2>
              <p class="muted small">{t('minutes.frozen')}</p>
              <input type="hidden" name="action" value="addendum" />
              <TextArea name="addendum" label="minutes.addendum" form={{ values: { addendum: fieldValue(props.form?.values, 'addendum') }, errors: form.errors }} rows={4} maxLength={10000} />
              <button type="submit">{t('minutes.addAddendum')}</button>
            </form>
          )}
        </>
      )}
    </article>
  );
}
