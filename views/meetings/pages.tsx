import type { MeetingDetail, MeetingRow } from '../../src/meetings/types.js';
import { PrintButton } from '../components/print-button.js';
import { isMessageKey, type MessageKey } from '../../src/i18n/index.js';
import { MEETING_KINDS } from '../../src/meetings/vocabulary.js';
import { fieldValue } from '../../src/lib/forms.js';
import { ErrorSummary, RadioField, SelectField, TextArea, TextField, type FormState, type Option } from '../components/form.js';
import { FEEDBACK_SCHEDULES } from '../../src/meetings/resolutions.js';
import { ResolutionStatusBadge } from './resolutions.js';
import { AttachmentField, AttachmentList, type AttachmentItem } from '../components/attachments.js';
import { formatDateTime } from '../hazards/bits.js';
import { hasStarted, sittingStatus } from '../../src/meetings/live.js';
import { useUi } from '../ui.js';
import type { AgendaItem } from '../../src/meetings/agenda.js';
import { AGENDA_LINK, ArrangeForm, BulkTools, ItemSelect, ItemToolsFor, MoreProposals } from './agenda-arrange.js';


function When(props: { m: Pick<MeetingRow, 'startsAt' | 'endsAt'> }) {
  return (
    <span class="nowrap">
      {formatDateTime(props.m.startsAt)}–{formatDateTime(props.m.endsAt).slice(11)}
    </span>
  );
}

/** 进行中 / 已召开 / 已取消 (nothing for a meeting still to come). */
export function SittingBadge(props: { m: MeetingRow }) {
  const { t } = useUi();
  const status = sittingStatus(props.m);
  if (status === 'scheduled') return null;
  return <span class={`badge sitting-${status}`}>{t(`meeting.sitting.${status}`)}</span>;
}

export function MeetingListPage(props: { meetings: MeetingRow[]; when: 'upcoming' | 'past'; canSchedule: boolean }) {
  const { t } = useUi();
  return (
    <section class="stack">
      <div class="page-head">
        <h1>{t('meeting.plural')}</h1>
        {props.canSchedule && (
          <a class="button primary" href="/meetings/new">
            {t('meeting.new')}
          </a>
        )}
      </div>
      <nav class="tabs" aria-label={t('meeting.plural')}>
        <a href="/meetings" aria-current={props.when === 'upcoming' ? 'page' : undefined}>
          {t('meeting.upcoming')}
        </a>
        <a href="/meetings?when=past" aria-current={props.when === 'past' ? 'page' : undefined}>
          {t('meeting.past')}
        </a>
      </nav>
      {props.meetings.length === 0 ? (
        <p class="empty">{t('meeting.none')}</p>
      ) : (
        <ul class="meeting-list">
          {props.meetings.map((m) => (
            <li class="panel">
              <a href={`/meetings/${m.id}`}>
                <strong>{m.title}</strong>
              </a>
              <span class="muted"> · {m.number}</span>
              <SittingBadge m={m} />
              <div class="small">
                <When m={m} /> · {t(`meeting.kind.${m.kind}`)}
                {m.place && ` · ${m.place}`}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MeetingFormPage(props: { form: FormState; units: Option[]; meetingId?: number }) {
  const { t } = useUi();
  const { form } = props;
  const chosen = ([] as string[]).concat(form.values?.departmentIds ?? []);
  const action = props.meetingId ? `/meetings/${props.meetingId}` : '/meetings';
  const v = (name: string) => fieldValue(form.values, name);
  return (
    <section class="stack narrow">
      <h1>{t(props.meetingId ? 'meeting.edit' : 'meeting.new')}</h1>
      <ErrorSummary
        form={form}
        labels={{ number: 'meeting.number', title: 'meeting.title', date: 'meeting.date', startTime: 'meeting.start', endTime: 'meeting.end', departmentIds: 'meeting.units', count: 'meeting.count.label', freq: 'meeting.repeat' }}
      />
      <form method="post" action={action} novalidate class="record-form">
        {props.meetingId && <input type="hidden" name="version" value={v('version')} />}
        <TextField name="number" label="meeting.number" form={form} required hint="meeting.numberHint" />
        <TextField name="title" label="meeting.title" form={form} required />
        <SelectField name="kind" label="meeting.kindLabel" form={form} required options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meeting.kind.${k}`) }))} />
        <div class="grid-3">
          <TextField name="date" label="meeting.date" form={form} type="date" required />
          <TextField name="startTime" label="meeting.start" form={form} type="time" required />
          <TextField name="endTime" label="meeting.end" form={form} type="time" required />
        </div>
        <TextField name="place" label="meeting.place" form={form} />
        <div class="grid-2">
          <TextField name="convener" label="meeting.convener" form={form} />
          <TextField name="chair" label="meeting.chair" form={form} />
        </div>
        <fieldset class={form.errors?.departmentIds ? 'field has-error' : 'field'}>
          <legend>
            {t('meeting.units')} <span class="req">*</span>
          </legend>
          <div class="unit-grid">
            {props.units.map((u) => (
              <label class="check">
                <input type="checkbox" name="departmentIds" value={u.value} checked={chosen.includes(u.value)} /> {u.label}
              </label>
            ))}
          </div>
          {form.errors?.departmentIds && <p class="field-error">{t(form.errors.departmentIds)}</p>}
        </fieldset>
        {!props.meetingId && (
          <fieldset class={form.errors?.freq || form.errors?.count ? 'field has-error recurrence' : 'field recurrence'}>
            <legend>
              <label class="check">
                <input type="checkbox" name="repeat" checked={v('repeat') === 'on'} /> {t('meeting.repeat')}
              </label>
            </legend>
            <p class="muted small">{t('meeting.repeatHint')}</p>
            <div class="grid-3">
              <div class="field">
                <label for="f-freq">{t('meeting.freq')}</label>
                <select id="f-freq" name="freq">
                  {(['monthly', 'quarterly', 'weekly'] as const).map((f) => (
                    <option value={f} selected={(v('freq') || 'monthly') === f}>
                      {t(`meeting.freq.${f}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="f-ordinal">{t('meeting.ordinal')}</label>
                <select id="f-ordinal" name="ordinal">
                  {(['1', '2', '3', '4', 'last'] as const).map((o) => (
                    <option value={o} selected={(v('ordinal') || '2') === o}>
                      {t(`meeting.ordinal.${o}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="f-weekday">{t('meeting.weekday')}</label>
                <select id="f-weekday" name="weekday">
                  {(['1', '2', '3', '4', '5', '6', '0'] as const).map((d) => (
                    <option value={d} selected={(v('weekday') || '2') === d}>
                      {t(`meeting.weekday.${d}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <TextField name="count" label="meeting.count.label" form={form} inputMode="numeric" hint="meeting.countHint" />
            {form.errors?.freq && <p class="field-error">{t(form.errors.freq)}</p>}
          </fieldset>
        )}
        <div class="actions">
          <button type="submit" class="primary">
            {t('action.save')}
          </button>
          <a href={props.meetingId ? `/meetings/${props.meetingId}` : '/meetings'}>{t('action.cancel')}</a>
        </div>
      </form>
    </section>
  );
}

function RespondForm(props: { detail: MeetingDetail; form?: FormState }) {
  const { t, user } = useUi();
  const own = props.detail.invitations.find((i) => i.departmentId === user?.departmentId);
  if (!own) return null;
  const form: FormState = props.form ?? { values: { response: own.response === 'pending' ? 'attending' : own.response, responseNote: own.responseNote } };
  return (
    <section class="panel">
      <h2>{t('meeting.yourAnswer')}</h2>
      <ErrorSummary form={form} labels={{ response: 'meeting.response', responseNote: 'meeting.responseNote' }} />
      <form method="post" action={`/meetings/${props.detail.meeting.id}/respond`} novalidate>
        <RadioField name="response" label="meeting.response" form={form} options={(['attending', 'leave', 'standIn'] as const).map((r) => ({ value: r, label: t(`meeting.response.${r}`) }))} />
        <TextField name="responseNote" label="meeting.responseNote" form={form} hint="meeting.responseNoteHint" />
        <button type="submit" class="primary">
          {t('meeting.sendAnswer')}
        </button>
      </form>
    </section>
  );
}

/**
 * What an agenda item is, for its badge. The "major" section also holds hazards graded ordinary that are
 * there for their red or orange risk or their listing: those are ordinary hazards, not 重大隐患.
 */
export function agendaKindLabel(item: { kind: string; reason: string }): MessageKey {
  if (item.kind === 'majorHazard') return item.reason === 'major' ? 'agenda.badge.major' : 'agenda.badge.ordinary';
  const key = `agenda.kind.${item.kind}`;
  return isMessageKey(key) ? key : 'agenda.kind.other';
}

function TopicList(props: { topics: MeetingDetail['agenda']['topics']; files?: Map<number, AttachmentItem[]> }) {
  return (
    <ul class="plain">
      {props.topics.map((tp) => (
        <li>
          <strong>{tp.title}</strong> <span class="muted small">· {tp.unitName}</span>
          {tp.text && <div class="small prewrap">{tp.text}</div>}
          <AttachmentList files={props.files?.get(tp.id)} />
        </li>
      ))}
    </ul>
  );
}

/** The agenda: proposed by the system, arranged and published by the supervisor, frozen at the start. */
export function AgendaSection(props: { detail: MeetingDetail; now: Date; topicForm?: FormState; agendaForm?: FormState; arrangeForm?: FormState; topicFiles?: Map<number, AttachmentItem[]>; more?: AgendaItem[]; done?: MessageKey }) {
  const { t } = useUi();
  const m = props.detail.meeting;
  const { items, topics } = props.detail.agenda;
  const actions = props.detail.actions;
  const open = !hasStarted(m, props.now);
  const arranging = actions.has('arrangeAgenda');
  const noting = actions.has('noteAgenda');
  if (!props.detail.maySeeAgendaDraft && !m.agendaPublishedAt) {
    // Before publication a unit sees only what it proposed itself (the only topics it is given) and the form.
    const own = topics;
    return (
      <>
        {own.length > 0 && (
          <section class="panel" id="topics">
            <h2>{t('agenda.ownTopics')}</h2>
            <TopicList topics={own} files={props.topicFiles} />
          </section>
        )}
        {actions.has('proposeTopic') && <TopicForm meetingId={m.id} form={props.topicForm} />}
      </>
    );
  }
  return (
    <section class="panel" id="agenda">
      <div class="page-head">
        <h2>{t('agenda.title')}</h2>
        <span class="muted small">{m.agendaPublishedAt ? t('agenda.publishedAt', { at: formatDateTime(m.agendaPublishedAt) }) : t('agenda.draft')}</span>
      </div>
      {!open && <p class="muted small">{t('agenda.frozenNote')}</p>}
      {props.done && (
        <p class="flash" role="status">
          {t(props.done)}
        </p>
      )}
      {arranging && <ArrangeForm meetingId={m.id} />}
      {arranging && items.length > 0 && <BulkTools form={props.arrangeForm} />}
      {props.agendaForm?.errors?._form && (
        <p class="form-message" role="alert">
          {t(props.agendaForm.errors._form)}
        </p>
      )}
      {items.length === 0 ? (
        <p class="muted">{t('agenda.empty')}</p>
      ) : (
        <ol class="agenda">
          {items.map((item, i) => (
            <li id={`agenda-item-${item.id}`}>
              {arranging && <ItemSelect item={item} />} <span class="badge">{t(agendaKindLabel(item))}</span>{' '}
              {item.refId && AGENDA_LINK[item.kind] ? <a href={AGENDA_LINK[item.kind]!(item.refId)}>{item.title}</a> : item.title}
              {item.reason && <span class="muted small"> · {t(`agenda.reason.${item.reason}`)}</span>}
              {item.note && !noting && <div class="small prewrap agenda-note">{item.note}</div>}
              {noting && (
                <form method="post" action={`/meetings/${m.id}/agenda/${item.id}`} class="agenda-note-form no-print">
                  <input type="hidden" name="change" value="note" />
                  <textarea name="note" rows={2} maxlength={4000} aria-label={`${t('agenda.note')}: ${item.title}`} placeholder={t('agenda.note')}>
                    {fieldValue(props.agendaForm?.values, 'itemId') === String(item.id) ? fieldValue(props.agendaForm?.values, 'note') : item.note}
                  </textarea>
                  <button type="submit" class="small-button">
                    {t('agenda.saveNote')}
                  </button>
                </form>
              )}
              {arranging && <ItemToolsFor meetingId={m.id} items={items} index={i} />}
            </li>
          ))}
        </ol>
      )}
      {topics.length > 0 && (
        <div id="topics">
          <h3>{t('agenda.topics')}</h3>
          <TopicList topics={topics} files={props.topicFiles} />
        </div>
      )}
      {arranging && <MoreProposals meetingId={m.id} more={props.more} form={props.arrangeForm} />}
      {arranging && (
        <div class="actions no-print">
          {/* hx-confirm belongs on the form: htmx reads it from the element whose submit it handles. */}
          <form method="post" action={`/meetings/${m.id}/agenda`} class="inline" hx-confirm={items.length ? t('agenda.proposeConfirm') : undefined}>
            <button type="submit" name="action" value="propose">
              {t('agenda.propose')}
            </button>
          </form>
          <form method="post" action={`/meetings/${m.id}/agenda`} class="inline agenda-add" novalidate>
            <input type="hidden" name="action" value="add" />
            <input
              type="text"
              name="title"
              id="agenda-new-title"
              value={fieldValue(props.agendaForm?.values, 'title')}
              aria-label={t('agenda.newItem')}
              placeholder={t('agenda.newItem')}
              maxlength={200}
              aria-invalid={props.agendaForm?.errors?.title ? 'true' : undefined}
              aria-describedby={props.agendaForm?.errors?.title ? 'agenda-new-title-error' : undefined}
            />
            <button type="submit">{t('agenda.add')}</button>
            {props.agendaForm?.errors?.title && (
              <p class="field-error" id="agenda-new-title-error" role="alert">
                {t(props.agendaForm.errors.title)}
              </p>
            )}
          </form>
          <form method="post" action={`/meetings/${m.id}/agenda`} class="inline">
            <button type="submit" name="action" value="publish" class="primary">
              {t(m.agendaPublishedAt ? 'agenda.republish' : 'agenda.publish')}
            </button>
          </form>
        </div>
      )}
      {actions.has('proposeTopic') && <TopicForm meetingId={m.id} form={props.topicForm} />}
    </section>
  );
}

/** A unit's topic proposal with its files; after bad input it comes back with what was typed (topicForm). */
function TopicForm(props: { meetingId: number; form?: FormState }) {
  const { t } = useUi();
  const form = props.form ?? {};
  return (
    <form method="post" action={`/meetings/${props.meetingId}/topics`} enctype="multipart/form-data" class="panel no-print" novalidate>
      <h3>{t('agenda.proposeTopic')}</h3>
      <ErrorSummary form={form} labels={{ title: 'agenda.topicTitle', files: 'attachment.label' }} />
      <TextField name="title" label="agenda.topicTitle" form={form} required maxLength={200} />
      <TextArea name="text" label="agenda.topicText" form={form} rows={3} maxLength={2000} />
      <AttachmentField error={form.errors?.files} />
      <button type="submit">{t('agenda.sendTopic')}</button>
    </form>
  );
}

/** A new resolution: on the meeting page, or on the live page from an agenda item (`action`, in place). */
export function NewResolutionForm(props: { detail: MeetingDetail; units: Option[]; form?: FormState; action?: string; live?: boolean; title?: 'resolution.new' | 'live.resolution.title' }) {
  const { t } = useUi();
  const action = props.action ?? `/meetings/${props.detail.meeting.id}/resolutions`;
  const form: FormState = props.form ?? { values: { feedbackSchedule: 'once' } };
  const chosen = ([] as string[]).concat(form.values?.supportDepartmentIds ?? []);
  return (
    <section class="panel no-print">
      <h2>{t(props.title ?? 'resolution.new')}</h2>
      <ErrorSummary form={form} labels={{ content: 'resolution.content', leadDepartmentId: 'resolution.lead', deadline: 'resolution.deadline', supportDepartmentIds: 'resolution.supports' }} />
      <form method="post" action={action} hx-post={props.live ? action : undefined} hx-disable="find button" novalidate>
        <input type="hidden" name="do" value="resolution" />
        <TextArea name="content" label="resolution.content" form={form} required rows={3} maxLength={1000} />
        <SelectField name="leadDepartmentId" label="resolution.lead" form={form} required options={props.units} placeholder="form.choose" />
        <fieldset class={form.errors?.supportDepartmentIds ? 'field has-error' : 'field'}>
          <legend>{t('resolution.supports')}</legend>
          <div class="unit-grid">
            {props.units.map((u) => (
              <label class="check">
                <input type="checkbox" name="supportDepartmentIds" value={u.value} checked={chosen.includes(u.value)} /> {u.label}
              </label>
            ))}
          </div>
          {form.errors?.supportDepartmentIds && <p class="field-error">{t(form.errors.supportDepartmentIds)}</p>}
        </fieldset>
        <div class="grid-2">
          <TextField name="deadline" label="resolution.deadline" form={form} type="date" required />
          <SelectField name="feedbackSchedule" label="resolution.schedule" form={form} required options={FEEDBACK_SCHEDULES.map((s) => ({ value: s, label: t(`resolution.schedule.${s}`) }))} />
        </div>
        <button type="submit" class="primary">
          {t('resolution.add')}
        </button>
      </form>
    </section>
  );
}

function AttendanceForm(props: { detail: MeetingDetail; form?: FormState }) {
  const { t, locale } = useUi();
  const values = props.form?.values;
  return (
    <section class="panel no-print">
      <h2>{t('meeting.recordAttendance')}</h2>
      <ErrorSummary form={props.form ?? {}} />
      <form method="post" action={`/meetings/${props.detail.meeting.id}/attendance`} novalidate class="stack">
        {props.detail.invitations.map((i) => {
          // The unit's own answer is offered as a start; a unit that never answered starts as "not recorded".
          const suggested = { pending: '', attending: 'present', leave: 'leave', standIn: 'standIn' }[i.response];
          const current = values ? fieldValue(values, `attendance_${i.departmentId}`) : (i.attendance ?? suggested);
          return (
            <div class="attendance-row">
              <span>{locale === 'en' && i.nameEn ? i.nameEn : i.name}</span>
              <select name={`attendance_${i.departmentId}`} aria-label={`${i.name} ${t('meeting.attendance')}`}>
                <option value="" selected={current === ''}>
                  {t('meeting.attendance.unrecorded')}
                </option>
                {(['present', 'standIn', 'leave', 'absent'] as const).map((a) => (
                  <option value={a} selected={current === a}>
                    {t(`meeting.attendance.${a}`)}
                  </option>
                ))}
              </select>
              <input type="text" name={`attendee_${i.departmentId}`} value={values ? fieldValue(values, `attendee_${i.departmentId}`) : i.attendee || (i.response === 'standIn' ? i.responseNote : '')} placeholder={t('meeting.attendee')} aria-label={`${i.name} ${t('meeting.attendee')}`} maxlength={60} />
            </div>
          );
        })}
        <button type="submit" class="primary">
          {t('action.save')}
        </button>
      </form>
    </section>
  );
}

/** Calling the meeting off (before it starts), with the reason the units will read. */
function CancelForm(props: { detail: MeetingDetail; form?: FormState }) {
  const { t } = useUi();
  const m = props.detail.meeting;
  const form: FormState = { ...(props.form ?? {}), idPrefix: 'cancel-' };
  return (
    <details class="action panel no-print" open={!!props.form}>
      <summary>{t('meeting.cancel')}</summary>
      <form method="post" action={`/meetings/${m.id}/cancel`} novalidate hx-confirm={t('meeting.cancelConfirm')}>
        <input type="hidden" name="version" value={String(m.version)} />
        <ErrorSummary form={form} labels={{ reason: 'meeting.cancelReason' }} />
        <TextArea name="reason" label="meeting.cancelReason" form={form} required rows={2} maxLength={500} hint="meeting.cancelHint" />
        <button type="submit" class="danger">
          {t('meeting.cancel')}
        </button>
      </form>
    </details>
  );
}

export function MeetingDetailPage(props: { detail: MeetingDetail; now: Date; moreProposals?: AgendaItem[]; respondForm?: FormState; attendanceForm?: FormState; resolutionForm?: FormState; topicForm?: FormState; agendaForm?: FormState; cancelForm?: FormState; units?: Option[]; topicFiles?: Map<number, AttachmentItem[]>; sittingProblem?: MessageKey }) {
  const { t, locale } = useUi();
  const m = props.detail.meeting;
  const actions = props.detail.actions;
  const cancelled = m.status === 'cancelled';
  return (
    <article class="stack">
      <p class="crumbs no-print">
        <a href="/meetings">← {t('meeting.plural')}</a>
      </p>
      <div class="page-head">
        <h1>
          {m.title} <span class="muted">{m.number}</span> <SittingBadge m={m} />
        </h1>
        <div class="actions no-print">
          <PrintButton />
          <a class="button" href={`/meetings/${m.id}/meeting.ics`} hx-boost="false">
            {t('meeting.ics')}
          </a>
          <a class="button" href={`/meetings/${m.id}/minutes`}>
            {t('minutes.title')}
          </a>
          {actions.has('edit') && (
            <a class="button" href={`/meetings/${m.id}/edit`}>
              {t('meeting.edit')}
            </a>
          )}
          {actions.has('runLive') && (
            <a class="button primary" href={`/meetings/${m.id}/live`}>
              {t('live.run')}
            </a>
          )}
          {actions.has('open') && (
            <form method="post" action={`/meetings/${m.id}/open`} class="inline" hx-confirm={t('live.openConfirm')}>
              <button type="submit" class="primary" title={t('live.openHint')}>
                {t('live.open')}
              </button>
            </form>
          )}
        </div>
      </div>
      {/* Opening or closing the sitting was refused (too early, cancelled, already closed): why, under the buttons. */}
      {props.sittingProblem && (
        <p class="form-message" role="alert">
          {t(props.sittingProblem)}
        </p>
      )}
      <dl class="facts panel">
        <dt>{t('meeting.kindLabel')}</dt>
        <dd>{t(`meeting.kind.${m.kind}`)}</dd>
        <dt>{t('meeting.time')}</dt>
        <dd>
          <When m={m} />
        </dd>
        <dt>{t('meeting.place')}</dt>
        <dd>{m.place || '—'}</dd>
        <dt>{t('meeting.convener')}</dt>
        <dd>{m.convener || '—'}</dd>
        <dt>{t('meeting.chair')}</dt>
        <dd>{m.chair || '—'}</dd>
      </dl>
      {cancelled && (
        <p class="notice" role="status">
          {t('meeting.cancelledBecause', { reason: m.cancelReason })}
        </p>
      )}
      {props.cancelForm?.errors?._form && (
        <p class="form-message" role="alert">
          {t(props.cancelForm.errors._form)}
        </p>
      )}
      {actions.has('respond') && <RespondForm detail={props.detail} form={props.respondForm} />}
      <AgendaSection detail={props.detail} now={props.now} topicForm={props.topicForm} agendaForm={props.agendaForm} topicFiles={props.topicFiles} more={props.moreProposals} />
      <section class="panel">
        <h2>{t('meeting.attendanceSheet')}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('meeting.unit')}</th>
                <th scope="col">{t('meeting.response')}</th>
                <th scope="col">{t('meeting.attendance')}</th>
                <th scope="col">{t('meeting.attendee')}</th>
              </tr>
            </thead>
            <tbody>
              {props.detail.invitations.map((i) => (
                <tr>
                  <td data-label={t('meeting.unit')}>{locale === 'en' && i.nameEn ? i.nameEn : i.name}</td>
                  <td data-label={t('meeting.response')}>
                    {/* one element: on a phone the cell is a two-column grid (label, content) */}
                    <span>
                      {t(`meeting.response.${i.response}`)}
                      {i.responseNote && <span class="muted"> — {i.responseNote}</span>}
                    </span>
                  </td>
                  <td data-label={t('meeting.attendance')}>{i.attendance ? t(`meeting.attendance.${i.attendance}`) : <span class="muted">{t('meeting.attendance.unrecorded')}</span>}</td>
                  <td data-label={t('meeting.attendee')}>{i.attendee || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="panel">
        <h2>{t('resolution.plural')}</h2>
        {props.detail.resolutions.length === 0 ? (
          <p class="muted">{t('resolution.none')}</p>
        ) : (
          <ol class="updates">
            {props.detail.resolutions.map((r) => (
              <li>
                <a href={`/resolutions/${r.id}`}>{r.content}</a>
                <div class="small muted">
                  {locale === 'en' && r.leadNameEn ? r.leadNameEn : r.leadName} · {r.deadline} ·{' '}
                  <ResolutionStatusBadge status={r.status} deadline={r.deadline} awaiting={r.awaitingConfirmation} now={props.now} />
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
      {actions.has('addResolution') && <NewResolutionForm detail={props.detail} units={props.units ?? []} form={props.resolutionForm} />}
      {actions.has('recordAttendance') && <AttendanceForm detail={props.detail} form={props.attendanceForm} />}
      {actions.has('cancel') && <CancelForm detail={props.detail} form={props.cancelForm} />}
    </article>
  );
}

/** The new feed URL, shown once (only its hash is kept). */
export function CalendarFeedPage(props: { url: string }) {
  const { t } = useUi();
  return (
    <section class="stack narrow">
      <h1>{t('calendar.title')}</h1>
      <p>{t('calendar.intro')}</p>
      <p class="panel">
        <code class="break">{props.url}</code>
      </p>
      <p class="muted small">{t('calendar.keepSecret')}</p>
      <p>
        <a href="/account">{t('nav.account')}</a>
      </p>
    </section>
  );
}
