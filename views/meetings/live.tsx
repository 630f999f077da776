import type { HazardDetail, ReportOptions } from '../../src/hazards/types.js';
import type { AgendaItemRow, MeetingDetail, OrderDetail, ResolutionDetail } from '../../src/meetings/types.js';
import type { ScoringConfig } from '../../src/hazards/scoring.js';
import type { MessageKey } from '../../src/i18n/index.js';
import type { FieldErrorMap, FormValues } from '../../src/lib/forms.js';
import { MEETING_VERDICTS } from '../../src/meetings/resolutions.js';
import type { HazardActionPath } from '../../src/policy.js';
import { AttachmentList, type AttachmentItem } from '../components/attachments.js';
import { ErrorSummary, RadioField, TextArea, TextField, type FormState, type Option } from '../components/form.js';
import { HazardActions } from '../hazards/actions.js';
import { Deadline, LevelBadge, StateBadge } from '../hazards/bits.js';
import { useUi } from '../ui.js';
import { agendaKindLabel, NewResolutionForm } from './pages.js';
import { LIVE_HAZARD_ACTIONS } from '../../src/meetings/live.js';
import { OrderFields, OrderStatus } from './orders.js';
import { ResolutionStatusBadge } from './resolutions.js';
import type { Child } from 'hono/jsx';
import type { RiskDetail } from '../../src/risks/queries.js';
import { currentScores, LiveRisk } from './live-risk.js';

type Item = AgendaItemRow;

export interface LiveProblem {
  /** which form failed: a hazard action path, or resolution / review / order / check / defer / note */
  action: string;
  values: FormValues;
  errors: FieldErrorMap;
}

export interface LiveData {
  detail: MeetingDetail;
  walk: { current: Item | null; previous: Item | null; next: Item | null };
  hazard?: HazardDetail | null;
  hazardOptions?: ReportOptions;
  scoring?: ScoringConfig;
  resolution?: ResolutionDetail | null;
  order?: OrderDetail | null;
  risk?: RiskDetail | null;
  topic?: { title: string; text: string; unitName: string } | null;
  units: Option[];
  topicFiles?: AttachmentItem[];
  problem?: LiveProblem;
  notice?: MessageKey;
  /** an already translated notice (the flash of the redirect that led here) */
  noticeText?: string;
  now: Date;
}

/** One form's state; every form on the page has its own field ids (several share field names). */
const formOf = (props: LiveData, action: string, defaults: FormValues = {}): FormState =>
  props.problem?.action === action ? { values: props.problem.values, errors: props.problem.errors, idPrefix: `${action}-` } : { values: defaults, errors: {}, idPrefix: `${action}-` };

function OutcomeBadge(props: { outcome: string }) {
  const { t } = useUi();
  const key = (props.outcome ? `live.outcome.${props.outcome}` : 'live.outcome.none') as MessageKey;
  return <span class={`badge outcome-${props.outcome || 'none'}`}>{t(key)}</span>;
}

/** One link to an item: the live area is swapped in place and the address follows. */
function ItemLink(props: { meetingId: number; item: Item; children: Child; class?: string; current?: boolean }) {
  const href = `/meetings/${props.meetingId}/live?item=${props.item.id}`;
  return (
    <a href={href} hx-get={href} hx-push-url="true" class={props.class} aria-current={props.current ? 'step' : undefined}>
      {props.children}
    </a>
  );
}

function HazardContext(props: { hazard: HazardDetail; now: Date }) {
  const { t, locale } = useUi();
  const { hazard: h, names, units } = props.hazard;
  const lead = units.find((u) => u.role === 'lead');
  const supports = units.filter((u) => u.role === 'support');
  // A side panel: units by their short form.
  const name = (u: { shortName: string; nameEn: string | null }) => (locale === 'en' && u.nameEn ? u.nameEn : u.shortName);
  return (
    <div class="live-context">
      <p>
        <a href={`/hazards/${h.id}`} target="_blank" rel="noopener" hx-boost="false">
          <strong>{h.number}</strong>
        </a>{' '}
        <StateBadge state={h.state} /> {h.riskLevel && <LevelBadge level={h.riskLevel} />} {h.grade && <span class={h.grade === 'major' ? 'badge major' : 'badge'}>{t(`grade.${h.grade}`)}</span>}{' '}
        {h.listed && <span class="badge listed">{t('hazard.listedShort')}</span>}
      </p>
      <dl class="facts">
        <dt>{t('hazard.location')}</dt>
        <dd>
          {names.schoolName ?? names.institutionName} · {h.location}
        </dd>
        <dt>{t('hazard.category')}</dt>
        <dd>{locale === 'en' && names.categoryNameEn ? names.categoryNameEn : names.categoryName}</dd>
        <dt>{t('hazard.description')}</dt>
        <dd class="prewrap">{h.description}</dd>
        {lead && (
          <>
            <dt>{t('hazard.lead')}</dt>
            <dd>{name(lead)}</dd>
          </>
        )}
        {supports.length > 0 && (
          <>
            <dt>{t('hazard.supports')}</dt>
            <dd>{supports.map(name).join(t('punct.list'))}</dd>
          </>
        )}
        {h.deadline && (
          <>
            <dt>{t('hazard.deadline')}</dt>
            <dd>
              <Deadline deadline={h.deadline} state={h.state} now={props.now} />
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}

/** A supervision order to a unit about this hazard or resolution. */
function OrderForm(props: LiveData & { action: string; about: { hazardId?: number; resolutionId?: number } }) {
  const { t } = useUi();
  const form = formOf(props, 'order');
  return (
    <details class="action" open={props.problem?.action === 'order'}>
      <summary>{t('live.order.title')}</summary>
      <form method="post" action={props.action} hx-post={props.action} hx-disable="find button" novalidate>
        <input type="hidden" name="do" value="order" />
        <OrderFields form={form} units={props.units} />
      </form>
    </details>
  );
}

function ReviewForm(props: LiveData & { action: string; resolution: ResolutionDetail }) {
  const { t } = useUi();
  const r = props.resolution.resolution;
  const form = formOf(props, 'review', { verdict: r.awaitingConfirmation ? 'done' : 'continued' });
  return (
    <details class="action" open>
      <summary>{t('live.review.title')}</summary>
      <form method="post" action={props.action} hx-post={props.action} hx-disable="find button" novalidate>
        <input type="hidden" name="do" value="review" />
        <input type="hidden" name="version" value={String(r.version)} />
        <ErrorSummary form={form} labels={{ report: 'live.review.report', verdict: 'live.review.verdict', newDeadline: 'live.review.newDeadline' }} />
        <TextArea name="report" label="live.review.report" form={form} rows={3} maxLength={2000} />
        <RadioField name="verdict" label="live.review.verdict" form={form} options={MEETING_VERDICTS.map((v) => ({ value: v, label: t(`live.verdict.${v}`) }))} />
        <TextField name="newDeadline" label="live.review.newDeadline" form={form} type="date" />
        <button type="submit" class="primary">
          {t('live.review.submit')}
        </button>
      </form>
    </details>
  );
}

function CheckOrderForm(props: LiveData & { action: string; order: OrderDetail }) {
  const { t } = useUi();
  const o = props.order.order;
  const form = formOf(props, 'check');
  return (
    <details class="action" open>
      <summary>{t('live.order.check')}</summary>
      {o.reply && <p class="prewrap">{o.reply}</p>}
      <form method="post" action={props.action} hx-post={props.action} hx-disable="find button" novalidate>
        <input type="hidden" name="do" value="check" />
        <input type="hidden" name="version" value={String(o.version)} />
        <ErrorSummary form={form} labels={{ checkNote: 'order.checkNote' }} />
        <TextArea name="checkNote" label="order.checkNote" form={form} rows={2} maxLength={1000} />
        <div class="actions">
          <button type="submit" name="result" value="satisfied" class="primary">
            {t('order.satisfied')}
          </button>
          <button type="submit" name="result" value="followUp">
            {t('order.followUp')}
          </button>
        </div>
      </form>
    </details>
  );
}

/** What the item is about, and what the meeting can decide on it. */
function ItemBody(props: LiveData & { item: Item; action: string }) {
  const { t, locale } = useUi();
  const { item } = props;
  if (props.hazard) {
    return (
      <>
        <HazardContext hazard={props.hazard} now={props.now} />
        <HazardActions
          detail={props.hazard}
          problem={props.problem && LIVE_HAZARD_ACTIONS.includes(props.problem.action as HazardActionPath) ? props.problem : undefined}
          formPhotos={[]}
          options={props.hazardOptions}
          scoring={props.scoring}
          live={{ base: `${props.action}/hazard`, only: LIVE_HAZARD_ACTIONS }}
        />
        <OrderForm {...props} about={{ hazardId: props.hazard.hazard.id }} />
      </>
    );
  }
  if (props.resolution) {
    const r = props.resolution.resolution;
    const lead = props.resolution.units.find((u) => u.id === r.leadDepartmentId);
    const reports = props.resolution.notes.slice(-3);
    return (
      <>
        <div class="live-context">
          <p>
            <a href={`/resolutions/${r.id}`} target="_blank" rel="noopener" hx-boost="false">
              {r.content}
            </a>{' '}
            <ResolutionStatusBadge status={r.status} deadline={r.deadline} awaiting={r.awaitingConfirmation} now={props.now} />
          </p>
          <dl class="facts">
            <dt>{t('resolution.lead')}</dt>
            <dd>{lead ? (locale === 'en' && lead.nameEn ? lead.nameEn : lead.name) : '—'}</dd>
            <dt>{t('resolution.deadline')}</dt>
            <dd>{r.deadline}</dd>
          </dl>
          {reports.length > 0 && (
            <ul class="plain small">
              {reports.map((n) => (
                <li>
                  {t(`resolution.action.${n.action}`)}
                  {n.departmentName && ` · ${n.departmentName}`}
                  {n.text && `：${n.text}`}
                </li>
              ))}
            </ul>
          )}
        </div>
        {r.status !== 'done' && r.status !== 'cancelled' && <ReviewForm {...props} resolution={props.resolution} />}
        <OrderForm {...props} about={{ resolutionId: r.id }} />
      </>
    );
  }
  if (props.risk) {
    const form = formOf(props, 'assess', currentScores(props.risk));
    return <LiveRisk risk={props.risk} form={form} action={props.action} />;
  }
  if (props.order) {
    const o = props.order.order;
    return (
      <>
        <div class="live-context">
          <p>
            <a href={`/supervision-orders/${o.id}`} target="_blank" rel="noopener" hx-boost="false">
              {props.order.unitName}
            </a>{' '}
            {o.documentNumber && <span class="muted">{o.documentNumber} </span>}<OrderStatus status={o.status} /> · {t('order.deadline')} {o.deadline}
          </p>
          <p class="prewrap">{o.requirements}</p>
        </div>
        {o.status === 'answered' && <CheckOrderForm {...props} order={props.order} />}
      </>
    );
  }
  if (props.topic) {
    return (
      <div class="live-context">
        <p class="muted small">
          {t('live.topicText')} · {props.topic.unitName}
        </p>
        <p class="prewrap">{props.topic.text || props.topic.title}</p>
        <AttachmentList files={props.topicFiles} />
      </div>
    );
  }
  if (item.refId && item.kind !== 'other') return <p class="notice">{t('live.notVisible')}</p>;
  return null;
}

function CurrentItem(props: LiveData & { item: Item }) {
  const { t } = useUi();
  const { item, detail } = props;
  const m = detail.meeting;
  const action = `/meetings/${m.id}/live/${item.id}`;
  const noteForm = formOf(props, 'note', { note: item.note });
  const deferForm = formOf(props, 'defer');
  const resolutionForm = formOf(props, 'resolution', { feedbackSchedule: 'once' });
  return (
    <section class="panel live-item" aria-labelledby="live-item-title">
      <p class="muted small">
        {t(agendaKindLabel(item))}
        {item.reason && ` · ${t(`agenda.reason.${item.reason}`)}`} · <OutcomeBadge outcome={item.outcome} />
      </p>
      <h2 id="live-item-title" tabindex={-1} data-swap-heading>
        {item.position}. {item.title}
      </h2>
      {props.problem?.errors._form && (
        <p class="form-message" role="alert" data-announce>
          {t(props.problem.errors._form)}
        </p>
      )}
      <ItemBody {...props} action={action} />
      <form method="post" action={action} hx-post={action} hx-disable="find button" class="live-note" novalidate>
        <input type="hidden" name="do" value="note" />
        <TextArea name="note" label="agenda.note" form={noteForm} rows={3} maxLength={4000} />
        <div class="actions">
          <button type="submit">{t('agenda.saveNote')}</button>
          {item.outcome === '' && (
            <button type="submit" name="outcome" value="discussed">
              {t('live.markDiscussed')}
            </button>
          )}
        </div>
      </form>
      <details class="action" open={props.problem?.action === 'resolution'}>
        <summary>{t('live.resolution.title')}</summary>
        <NewResolutionForm detail={detail} units={props.units} form={resolutionForm} action={action} live title="live.resolution.title" />
      </details>
      {item.outcome !== 'deferred' && (
        <details class="action" open={props.problem?.action === 'defer'}>
          <summary>{t('live.defer')}</summary>
          <form method="post" action={action} hx-post={action} hx-disable="find button" novalidate>
            <input type="hidden" name="do" value="defer" />
            <TextArea name="reason" label="live.deferReason" form={deferForm} rows={2} maxLength={1000} />
            <button type="submit">{t('live.defer')}</button>
          </form>
        </details>
      )}
    </section>
  );
}

/** The live area: the agenda beside the current item. htmx swaps it whole after every step. */
export function LiveArea(props: LiveData) {
  const { t } = useUi();
  const m = props.detail.meeting;
  const { current, previous, next } = props.walk;
  const items = props.detail.agenda.items;
  const done = items.filter((i) => i.outcome !== '').length;
  return (
    <div id="live" class="live" hx-target:inherited="#live" hx-swap:inherited="outerHTML">
      {(props.notice || props.noticeText) && (
        <p class="flash" data-announce>
          {props.notice ? t(props.notice) : props.noticeText}
        </p>
      )}
      <div class="live-grid">
        <nav class="panel live-agenda" aria-label={t('live.agenda')}>
          <h2 tabindex={-1} data-swap-heading={current ? undefined : true}>
            {t('live.agenda')} <span class="muted small">{`${done}/${items.length}`}</span>
          </h2>
          {items.length === 0 ? (
            <p class="empty">{t('live.noItems')}</p>
          ) : (
            <ol>
              {items.map((i) => (
                <li class={current?.id === i.id ? 'current' : undefined}>
                  <ItemLink meetingId={m.id} item={i} current={current?.id === i.id}>
                    <span class="live-agenda-title">{i.title}</span> <OutcomeBadge outcome={i.outcome} />
                  </ItemLink>
                </li>
              ))}
            </ol>
          )}
        </nav>
        <div class="stack">
          {current && <CurrentItem {...props} item={current} />}
          <p class="live-steps">
            {previous && (
              <ItemLink meetingId={m.id} item={previous} class="button">
                ← {t('live.previous')}
              </ItemLink>
            )}
            {next && (
              <ItemLink meetingId={m.id} item={next} class="button primary">
                {t('live.next')} →
              </ItemLink>
            )}
          </p>
        </div>
      </div>
    </div>
  );
}

export function LivePage(props: LiveData) {
  const { t, nonce, asset } = useUi();
  const m = props.detail.meeting;
  return (
    <article class="stack">
      <p class="crumbs">
        <a href={`/meetings/${m.id}`}>← {t('live.backToMeeting')}</a>
      </p>
      <div class="page-head">
        <h1>
          {m.title} <span class="muted">{m.number}</span>
        </h1>
        <span class="badge live-badge">{t('live.inSession')}</span>
        <div class="actions">
          <a class="button" href={`/meetings/${m.id}/minutes`}>
            {t('minutes.title')}
          </a>
          {/* The confirmation belongs on the form: htmx reads it from the form whose submit it handles. */}
          <form method="post" action={`/meetings/${m.id}/close`} class="inline" hx-confirm={t('live.closeConfirm')}>
            <button type="submit" class="danger" title={t('live.closeHint')}>
              {t('live.close')}
            </button>
          </form>
        </div>
      </div>
      <LiveArea {...props} />
      {/* Keep the current item in view inside the agenda's own scroll box, after every swap too. */}
      <script src={asset('js/live-agenda.js')} nonce={nonce} defer></script>
    </article>
  );
}

/** The live page of a meeting not in session: why, and the way back to the meeting (where it is opened). */
export function LiveNotOpen(props: { meeting: { id: number; title: string; number: string }; reason: MessageKey }) {
  const { t } = useUi();
  return (
    <section class="panel stack narrow" aria-labelledby="live-not-open">
      <h1 id="live-not-open" tabindex={-1}>
        {t('live.notOpenTitle')}
      </h1>
      <p>
        {props.meeting.title} <span class="muted">{props.meeting.number}</span>
      </p>
      <p role="status">{t(props.reason === 'live.error.notStarted' ? 'live.notOpen' : props.reason)}</p>
      <p>
        <a class="button primary" href={`/meetings/${props.meeting.id}`}>
          {t('live.backToMeeting')}
        </a>
      </p>
    </section>
  );
}
