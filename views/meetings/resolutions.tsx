import type { ResolutionDetail } from '../../src/meetings/types.js';
import { effectiveStatus, nextFeedbackDue, type FeedbackSchedule, type ResolutionStatus } from '../../src/meetings/resolutions.js';
import { shanghaiDate } from '../../src/lib/shanghai-time.js';
import type { FieldErrorMap, FormValues } from '../../src/lib/forms.js';
import { ErrorSummary, TextArea, type FormState } from '../components/form.js';
import { DataTable } from '../components/data-table.js';
import { formatDateTime } from '../hazards/bits.js';
import { AttachmentField, AttachmentList, type AttachmentItem } from '../components/attachments.js';
import { useUi } from '../ui.js';

export function ResolutionStatusBadge(props: { status: string; deadline: string; awaiting: boolean; now: Date }) {
  const { t } = useUi();
  const shown = effectiveStatus({ status: props.status as ResolutionStatus, deadline: props.deadline }, props.now);
  return (
    <span class={`state res-${shown}`}>
      {t(`resolution.status.${shown}`)}
      {props.awaiting && ` · ${t('resolution.awaiting')}`}
    </span>
  );
}

interface Row {
  id: number;
  content: string;
  deadline: string;
  status: string;
  awaitingConfirmation: boolean;
  leadName: string;
  leadNameEn: string;
}

export function ResolutionListPage(props: { resolutions: Row[]; now: Date }) {
  const { t, locale } = useUi();
  return (
    <section class="stack">
      <h1>{t('resolution.plural')}</h1>
      <DataTable
        rows={props.resolutions}
        empty="resolution.none"
        columns={[
          { label: 'resolution.content', cell: (r) => <a href={`/resolutions/${r.id}`}>{r.content}</a> },
          { label: 'resolution.lead', cell: (r) => (locale === 'en' && r.leadNameEn ? r.leadNameEn : r.leadName) },
          { label: 'resolution.deadline', cell: (r) => r.deadline },
          { label: 'resolution.status', cell: (r) => <ResolutionStatusBadge status={r.status} deadline={r.deadline} awaiting={r.awaitingConfirmation} now={props.now} /> },
        ]}
      />
    </section>
  );
}

function ActionForm(props: { detail: ResolutionDetail; path: 'feedback' | 'decision'; actions: Array<{ value: string; label: string; danger?: boolean }>; form?: { action: string; values: FormValues; errors: FieldErrorMap } }) {
  const form: FormState = props.form?.action === props.path ? props.form : {};
  return (
    <form method="post" action={`/resolutions/${props.detail.resolution.id}/${props.path}`} enctype={props.path === 'feedback' ? 'multipart/form-data' : undefined} novalidate class="panel">
      <input type="hidden" name="version" value={String(props.detail.resolution.version)} />
      <ErrorSummary form={form} labels={{ files: 'attachment.label', action: 'resolution.status', text: props.path === 'feedback' ? 'resolution.feedbackText' : 'resolution.decisionText' }} />
      <TextArea name="text" label={props.path === 'feedback' ? 'resolution.feedbackText' : 'resolution.decisionText'} form={form} rows={3} maxLength={2000} />
      {props.path === 'feedback' && <AttachmentField error={form.errors?.files} />}
      <div class="actions">
        {props.actions.map((a) => (
          <button type="submit" name="action" value={a.value} class={a.danger ? 'danger' : 'primary'}>
            {a.label}
          </button>
        ))}
      </div>
    </form>
  );
}

export function ResolutionPage(props: { detail: ResolutionDetail; now: Date; form?: { action: string; values: FormValues; errors: FieldErrorMap }; noteFiles?: Map<number, AttachmentItem[]> }) {
  const { t, locale } = useUi();
  const r = props.detail.resolution;
  const name = (id: number) => {
    const u = props.detail.units.find((x) => x.id === id);
    return u ? (locale === 'en' && u.nameEn ? u.nameEn : u.name) : '';
  };
  const finished = r.status === 'done' || r.status === 'cancelled';
  const lastFeedback = [...props.detail.notes].reverse().find((n) => n.action === 'feedback' || n.action === 'reportDone');
  const due = finished ? null : nextFeedbackDue(r.feedbackSchedule as FeedbackSchedule, shanghaiDate(r.createdAt), lastFeedback ? shanghaiDate(lastFeedback.createdAt) : null, r.deadline);
  const can = props.detail.can;
  return (
    <article class="stack narrow">
      <p class="crumbs">
        <a href="/resolutions">← {t('resolution.plural')}</a>
        {r.meetingId && (
          <>
            {' · '}
            <a href={`/meetings/${r.meetingId}`}>{t('resolution.fromMeeting')}</a>
          </>
        )}
      </p>
      <h1>{t('resolution.title')}</h1>
      <p class="prewrap">{r.content}</p>
      <dl class="facts panel">
        <dt>{t('resolution.status')}</dt>
        <dd>
          <ResolutionStatusBadge status={r.status} deadline={r.deadline} awaiting={r.awaitingConfirmation} now={props.now} />
        </dd>
        <dt>{t('resolution.lead')}</dt>
        <dd>{name(r.leadDepartmentId)}</dd>
        <dt>{t('resolution.supports')}</dt>
        <dd>{props.detail.supportDepartmentIds.map(name).join(t('punct.list')) || '—'}</dd>
        {props.detail.hazard && (
          <>
            <dt>{t('resolution.hazard')}</dt>
            <dd>
              <a href={`/hazards/${props.detail.hazard.id}`}>{props.detail.hazard.number}</a>
            </dd>
          </>
        )}
        <dt>{t('resolution.deadline')}</dt>
        <dd>{r.deadline}</dd>
        <dt>{t('resolution.schedule')}</dt>
        <dd>
          {t(`resolution.schedule.${r.feedbackSchedule as FeedbackSchedule}`)}
          {due && ` · ${t('resolution.nextDue', { date: due })}`}
        </dd>
      </dl>
      <section class="panel">
        <h2>{t('resolution.thread')}</h2>
        {props.detail.notes.length === 0 ? (
          <p class="muted">{t('resolution.noNotes')}</p>
        ) : (
          <ol class="updates">
            {props.detail.notes.map((n) => (
              <li>
                <p class="muted small">
                  {formatDateTime(n.createdAt)} · {n.authorName}
                  {n.departmentName && ` · ${n.departmentName}`} · {t(`resolution.action.${n.action}`)}
                </p>
                {n.text && <p class="prewrap">{n.text}</p>}
                <AttachmentList files={props.noteFiles?.get(n.id)} />
              </li>
            ))}
          </ol>
        )}
      </section>
      {!finished && can.feedback && (
        <ActionForm
          detail={props.detail}
          path="feedback"
          form={props.form}
          actions={[{ value: 'feedback', label: t('resolution.action.feedback') }, ...(can.reportDone && !r.awaitingConfirmation ? [{ value: 'reportDone', label: t('resolution.action.reportDone') }] : [])]}
        />
      )}
      {!finished && can.decide && (
        <ActionForm
          detail={props.detail}
          path="decision"
          form={props.form}
          actions={[
            ...(r.awaitingConfirmation ? [{ value: 'confirm', label: t('resolution.action.confirm') }, { value: 'sendBack', label: t('resolution.action.sendBack'), danger: true }] : []),
            { value: 'cancel', label: t('resolution.action.cancel'), danger: true },
          ]}
        />
      )}
    </article>
  );
}
