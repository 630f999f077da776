import type { HazardDetail, PhotoRow, ReportOptions, TimelineEntry } from '../../src/hazards/types.js';
import type { ScoringConfig } from '../../src/hazards/scoring.js';
import type { MessageKey } from '../../src/i18n/index.js';
import { ErrorSummary, TextArea, type FormState } from '../components/form.js';
import { useUi } from '../ui.js';
import { HazardActions, type Problem } from './actions.js';
import { Deadline, formatDateTime, LevelBadge, StateBadge, Thumbnails } from './bits.js';
import { HAZARD_STATES } from '../../src/hazards/lifecycle.js';
import { isOneOf, LISTING_LEVELS, RISK_LEVELS } from '../../src/hazards/vocabulary.js';
import { isMessageKey, type Translate } from '../../src/i18n/index.js';

/** Scoring inputs in the order people read them (jsonb does not keep the stored order). */
const SCORING_INPUTS = ['likelihood', 'severity', 'l', 'e', 'c'] as const;

function Fact(props: { label: MessageKey; children: unknown }) {
  const { t } = useUi();
  return (
    <>
      <dt>{t(props.label)}</dt>
      <dd>{(props.children) ?? '—'}</dd>
    </>
  );
}

function HazardHeader(props: { detail: HazardDetail }) {
  const { t, locale } = useUi();
  const { hazard: h, names } = props.detail;
  return (
    <header class="hazard-head">
      <p class="crumbs">
        <a href="/hazards">← {t('hazard.register')}</a>
      </p>
      <h1>
        {h.number} <StateBadge state={h.state} />
      </h1>
      <p class="hazard-sub">
        {h.riskLevel && <LevelBadge level={h.riskLevel} />}
        {h.grade && <span class={h.grade === 'major' ? 'badge major' : 'badge'}>{t(`grade.${h.grade}`)}</span>}
        {h.listed && <span class="badge listed">{t('hazard.listedShort')}</span>}
        {h.rejectionCount > 0 && <span class="badge">{t('hazard.rejections', { n: h.rejectionCount })}</span>}
        <span>
          {names.schoolName ?? names.institutionName}
          <span class="muted"> · {locale === 'en' && names.categoryNameEn ? names.categoryNameEn : names.categoryName}</span>
        </span>
      </p>
    </header>
  );
}

function Facts(props: { detail: HazardDetail; now: Date }) {
  const { t, locale } = useUi();
  const { hazard: h, names, units } = props.detail;
  const lead = units.find((u) => u.role === 'lead');
  const name = (u: { name: string; nameEn: string }) => (locale === 'en' && u.nameEn ? u.nameEn : u.name);
  return (
    <section class="panel">
      <h2>{t('hazard.ledger')}</h2>
      <dl class="facts">
        <Fact label="hazard.subject">
          {t(`subject.${h.subjectType}`)}
          {h.distanceBand && ` · ${t(`distance.${h.distanceBand}`)}`}
        </Fact>
        <Fact label="hazard.school">{names.schoolName ?? names.institutionName}</Fact>
        <Fact label="school.town">{names.townName}</Fact>
        <Fact label="hazard.location">{h.location}</Fact>
        <Fact label="hazard.category">
          {locale === 'en' && names.categoryNameEn ? names.categoryNameEn : names.categoryName}
          {h.subItem && ` · ${h.subItem}`}
        </Fact>
        <Fact label="hazard.description">
          <span class="prewrap">{h.description}</span>
        </Fact>
        <Fact label="hazard.source">{t(`source.${h.source}`)}</Fact>
        <Fact label="hazard.foundAt">
          {formatDateTime(h.foundAt)}
          {h.foundBy && ` · ${h.foundBy}`}
        </Fact>
        <Fact label="hazard.reportedBy">
          {names.reporterName} · {formatDateTime(h.reportedAt)}
        </Fact>
        {props.detail.recurrenceOf && (
          <Fact label="hazard.recurrenceOf">
            <a href={`/hazards/${props.detail.recurrenceOf.id}`}>{props.detail.recurrenceOf.number}</a>
          </Fact>
        )}
        {h.grade && (
          <Fact label="hazard.level">
            <LevelBadge level={h.riskLevel} /> {t('hazard.score', { score: h.riskScore ?? '' })}
            {t('punct.open')}
            {t(`scoring.${h.scoringMethod ?? 'matrix'}`)}
            {h.scoringInput &&
              t('punct.colon') +
                SCORING_INPUTS.filter((k) => h.scoringInput?.[k] !== undefined)
                  .map((k) => `${t(`scoring.${k}`)} ${h.scoringInput![k]}`)
                  .join(t('punct.comma'))}
            {t('punct.close')}
          </Fact>
        )}
        {h.dismissReason && <Fact label="hazard.dismissReason">{h.dismissReason.startsWith('duplicate:') ? t('hazard.duplicateOf', { number: h.dismissReason.slice(10) }) : h.dismissReason}</Fact>}
        {(lead || h.assignedToSchool) && (
          <Fact label="hazard.lead">
            {h.assignedToSchool ? t('hazard.theSchool') : lead && name(lead)}
            {lead?.task && <span class="muted"> — {lead.task}</span>}
          </Fact>
        )}
        {units.some((u) => u.role === 'support') && (
          <Fact label="hazard.supports">
            <ul class="plain">
              {units
                .filter((u) => u.role === 'support')
                .map((u) => (
                  <li>
                    {name(u)}
                    {u.task && <span class="muted"> — {u.task}</span>}
                    {u.report && <div class="small">{t('hazard.supportReport')}: {u.report}</div>}
                  </li>
                ))}
            </ul>
          </Fact>
        )}
        {h.deadline && (
          <Fact label="hazard.deadline">
            <Deadline deadline={h.deadline} state={h.state} now={props.now} />
            {props.detail.overdue && <span class="muted"> ({t('hazard.overdueDays', { n: props.detail.overdueDays })})</span>}
          </Fact>
        )}
        {h.originalDeadline && h.originalDeadline !== h.deadline && <Fact label="hazard.originalDeadline">{h.originalDeadline}</Fact>}
        {h.responsiblePerson && <Fact label="hazard.responsiblePerson">{h.responsiblePerson}</Fact>}
        {h.measures && <Fact label="hazard.measures">{h.measures}</Fact>}
        {h.funds && <Fact label="hazard.funds">{h.funds}</Fact>}
        {h.contingencyPlan && <Fact label="hazard.contingencyPlan">{h.contingencyPlan}</Fact>}
        {h.grade === 'major' && <Fact label="hazard.fivePlan">{t(props.detail.planComplete ? 'hazard.planComplete' : 'hazard.planIncomplete')}</Fact>}
        {h.listed && (
          <Fact label="hazard.listing">
            {h.listedLevel ? t(`listing.${h.listedLevel}`) : t('hazard.listedShort')}
            {h.listedOn && ` · ${h.listedOn}`}
            {h.listedReason && <div class="small">{t('hazard.listedReason')}{t('punct.colon')}{h.listedReason}</div>}
          </Fact>
        )}
        {h.interimMeasures && <Fact label="hazard.interimMeasures">{h.interimMeasures}</Fact>}
        {h.extensionRequestedTo && <Fact label="hazard.extensionPending">{t('hazard.extensionAsked', { date: h.extensionRequestedTo, reason: h.extensionReason ?? '' })}</Fact>}
        {h.completionNote && <Fact label="hazard.completionNote">{h.completionNote}</Fact>}
        {h.acceptedAt && <Fact label="hazard.acceptedAt">{formatDateTime(h.acceptedAt)}</Fact>}
        {h.closedAt && <Fact label="hazard.closedAt">{formatDateTime(h.closedAt)}</Fact>}
      </dl>
    </section>
  );
}

/** Every request to move the deadline: who asked, when, why, and who granted or refused it. */
function DeadlineChanges(props: { detail: HazardDetail }) {
  const { t } = useUi();
  const { hazard: h, deadlineChanges } = props.detail;
  if (deadlineChanges.length === 0) return null;
  return (
    <section class="panel" id="deadline-changes">
      <h2>{t('deadlineChange.title')}</h2>
      {h.originalDeadline && <p class="small">{t('deadlineChange.original', { date: h.originalDeadline })}</p>}
      <ol class="updates">
        {deadlineChanges.map((d) => (
          <li>
            <p>
              <strong>{t(`deadlineChange.kind.${d.kind}`)}</strong> {d.fromDate ?? '—'} → {d.toDate} <span class={`badge deadline-${d.status}`}>{t(`deadlineChange.status.${d.status}`)}</span>
            </p>
            <p class="small">{t('deadlineChange.asked', { who: d.requestedBy, at: formatDateTime(d.requestedAt), reason: d.reason })}</p>
            {d.status !== 'pending' && d.decidedAt && (
              <p class="small">
                {t(d.status === 'granted' ? 'deadlineChange.granted' : 'deadlineChange.refused', { who: d.decidedBy ?? '', at: formatDateTime(d.decidedAt) })}
                {d.decisionNote && `${t('punct.colon')}${d.decisionNote}`}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function PhotosPanel(props: { photos: PhotoRow[] }) {
  const { t } = useUi();
  const groups: Array<[MessageKey, PhotoRow[]]> = [
    ['photo.report', props.photos.filter((p) => p.kind === 'report')],
    ['photo.progress', props.photos.filter((p) => p.kind === 'progress')],
    ['photo.evidence', props.photos.filter((p) => p.kind === 'evidence')],
  ];
  return (
    <section class="panel">
      <h2>{t('photo.title')}</h2>
      {groups
        .filter(([, list], i) => i === 0 || list.length > 0)
        .map(([label, list]) => (
          <div>
            <h3>{t(label)}</h3>
            <Thumbnails photos={list} label={t(label)} />
          </div>
        ))}
    </section>
  );
}

function Updates(props: { detail: HazardDetail }) {
  const { t } = useUi();
  if (props.detail.updates.length === 0) return null;
  return (
    <section class="panel">
      <h2>{t('hazard.updates')}</h2>
      <ol class="updates">
        {props.detail.updates.map((u) => (
          <li>
            <p class="muted small">
              {formatDateTime(u.createdAt)} · {u.authorName}
              {u.departmentName && ` · ${u.departmentName}`} · {t(`update.${u.kind}`)}
            </p>
            <p class="prewrap">{u.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A history event in words: who did what, and the details that matter. */
function EventText(props: { entry: TimelineEntry }) {
  const { t } = useUi();
  const d = props.entry.data as Record<string, unknown>;
  const bits: string[] = [];
  if (isOneOf(HAZARD_STATES, d.from) && isOneOf(HAZARD_STATES, d.to)) bits.push(`${t(`state.${d.from}`)} → ${t(`state.${d.to}`)}`);
  const colon = t('punct.colon');
  if (isOneOf(RISK_LEVELS, d.riskLevel)) bits.push(`${t('hazard.level')}${colon}${t(`level.${d.riskLevel}`)}`);
  if (typeof d.leadName === 'string') bits.push(`${t('hazard.lead')}${colon}${d.leadName}`);
  if (Array.isArray(d.supportNames) && d.supportNames.length) bits.push(`${t('hazard.supports')}${colon}${d.supportNames.join(t('punct.list'))}`);
  for (const key of ['reason', 'note', 'text', 'deadline', 'requested', 'responsiblePerson', 'duplicateOf'] as const) {
    const value = d[key];
    // Sentences end with their own full stop; the separator would double it.
    if (typeof value === 'string' && value) bits.push(`${t(`event.field.${key}`)}${colon}${value.replace(/[。.]$/, '')}`);
  }
  if (isOneOf(LISTING_LEVELS, d.level) && ['listed', 'unlisted'].includes(props.entry.action)) bits.push(t(`listing.${d.level}`));
  if (typeof d.listedOn === 'string') bits.push(`${t('hazard.listedOn')}${colon}${d.listedOn}`);
  if (d.atClose === true) bits.push(t('event.unlistedAtClose'));
  if (typeof d.majorLowLevelReason === 'string') bits.push(`${t('event.field.majorLowLevelReason')}${colon}${d.majorLowLevelReason}`);
  if (typeof d.photos === 'number' && d.photos > 0) bits.push(t('event.photos', { n: d.photos }));
  if (typeof d.meeting === 'string') bits.push(t('event.atMeeting', { meeting: d.meeting }));
  return (
    <>
      <strong>{eventName(t, props.entry.action)}</strong>
      {bits.length > 0 && <span class="muted"> — {bits.join(t('punct.sep'))}</span>}
    </>
  );
}

function Timeline(props: { entries: TimelineEntry[] }) {
  const { t } = useUi();
  return (
    <section class="panel">
      <h2>{t('hazard.timeline')}</h2>
      <ol class="timeline">
        {props.entries.map((e) => (
          <li>
            <time datetime={e.at.toISOString()}>{formatDateTime(e.at)}</time>
            <span class="who">{e.actorName ?? t('event.system')}</span>
            <div>
              <EventText entry={e} />
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function HazardPage(props: { detail: HazardDetail; problem?: Problem; formPhotos: PhotoRow[]; options?: ReportOptions; scoring?: ScoringConfig; now: Date }) {
  const { t } = useUi();
  const h = props.detail.hazard;
  return (
    <article class="stack hazard">
      <HazardHeader detail={props.detail} />
      <div class="hazard-grid">
        <div class="stack">
          <Facts detail={props.detail} now={props.now} />
          <DeadlineChanges detail={props.detail} />
          <PhotosPanel photos={props.detail.photos} />
          <Updates detail={props.detail} />
        </div>
        <div class="stack">
          <HazardActions detail={props.detail} problem={props.problem} formPhotos={props.formPhotos} options={props.options} scoring={props.scoring} />
          {props.detail.can.issueOrder && (
            <p>
              <a class="button" href={`/supervision-orders/new?hazard=${h.id}${h.leadDepartmentId ? `&unit=${h.leadDepartmentId}` : ''}`}>
                {t('hazard.issueOrder')}
              </a>
            </p>
          )}
          {props.detail.can.reportRecurrence && (
            <p>
              <a class="button" href={`/hazards/new?recurrenceOf=${h.id}${h.schoolId ? `&school=${h.schoolId}` : ''}`}>
                {t('hazard.cameBack')}
              </a>
            </p>
          )}
          <Timeline entries={props.detail.timeline} />
        </div>
      </div>
    </article>
  );
}

/** The acceptance page: the report's photos beside the evidence, then accept or reject. */
export function AcceptancePage(props: { detail: HazardDetail; problem?: Problem }) {
  const { t } = useUi();
  const h = props.detail.hazard;
  const photos = props.detail.photos;
  // Each form keeps its own typed text and messages when it was the one refused.
  const formOf = (action: 'accept' | 'reject'): FormState => (props.problem?.action === action ? { values: props.problem.values, errors: props.problem.errors, idPrefix: `${action}-` } : { idPrefix: `${action}-` });
  const acceptForm = formOf('accept');
  const rejectForm = formOf('reject');
  // After a rejection, only the evidence submitted since then is what is being accepted.
  const lastRejection = props.detail.timeline.filter((e) => e.action === 'rejected').at(-1)?.at;
  return (
    <article class="stack">
      <HazardHeader detail={props.detail} />
      <div class="compare">
        <section class="panel">
          <h2>{t('hazard.acceptance.before')}</h2>
          <p class="prewrap">{h.description}</p>
          <Thumbnails photos={photos.filter((p) => p.kind === 'report')} />
        </section>
        <section class="panel">
          <h2>{t('hazard.acceptance.after')}</h2>
          <p class="prewrap">{h.completionNote}</p>
          <Thumbnails photos={photos.filter((p) => p.kind === 'evidence' && (!lastRejection || p.uploadedAt > lastRejection))} />
        </section>
      </div>
      <section class="panel stack">
        <form method="post" action={`/hazards/${h.id}/accept`} novalidate>
          <ErrorSummary form={acceptForm} labels={{ note: 'hazard.acceptNote' }} />
          <input type="hidden" name="version" value={String(h.version)} />
          <TextArea name="note" label="hazard.acceptNote" form={acceptForm} rows={2} maxLength={1000} />
          <button type="submit" class="primary">
            {t('hazard.action.accept')}
          </button>
        </form>
        <form method="post" action={`/hazards/${h.id}/reject`} novalidate>
          <ErrorSummary form={rejectForm} labels={{ reason: 'hazard.rejectReason' }} />
          <input type="hidden" name="version" value={String(h.version)} />
          <TextArea name="reason" label="hazard.rejectReason" form={rejectForm} required rows={2} maxLength={1000} />
          <button type="submit" class="danger">
            {t('hazard.action.reject')}
          </button>
        </form>
        <p>
          <a href={`/hazards/${h.id}`}>{t('hazard.backToHazard')}</a>
        </p>
      </section>
    </article>
  );
}

/** A history event's name; an event kind the catalogue does not know yet shows as it was stored. */
function eventName(t: Translate, action: string): string {
  const key = `event.${action}`;
  return isMessageKey(key) ? t(key) : action;
}
