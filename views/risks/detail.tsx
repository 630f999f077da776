import { isOneOf, RISK_LEVELS } from '../../src/hazards/vocabulary.js';
import type { RiskDetail } from '../../src/risks/queries.js';
import { fieldValue } from '../../src/lib/forms.js';
import { CONTROL_KINDS } from '../../src/risks/vocabulary.js';
import type { ScoringMethod } from '../../src/hazards/scoring.js';
import { DataTable } from '../components/data-table.js';
import { ErrorSummary, TextArea, type FormState } from '../components/form.js';
import { formatDate, formatDateTime, LevelBadge, StateBadge } from '../hazards/bits.js';
import { useUi } from '../ui.js';
import { PlaceText, ReviewDate } from './bits.js';
import { LevelChart } from './chart.js';
import { AssessmentFields, RISK_FIELD_LABELS } from './form.js';

const MEASURE = { engineering: 'measuresEngineering', management: 'measuresManagement', personal: 'measuresPersonal', emergency: 'measuresEmergency' } as const;

/** Which form on the page failed, with what was typed. */
export interface RiskProblem {
  form: 'assess' | 'retire';
  state: FormState;
}

function Facts(props: { detail: RiskDetail }) {
  const { t, locale } = useUi();
  const d = props.detail;
  const p = d.point;
  return (
    <dl class="facts panel">
      <dt>{t('risk.school')}</dt>
      <dd>{d.schoolName}</dd>
      <dt>{t('risk.place')}</dt>
      <dd>
        <PlaceText place={p.place} area={p.area} distanceBand={p.distanceBand} />
      </dd>
      <dt>{t('risk.category')}</dt>
      <dd>{locale === 'en' && d.categoryNameEn ? d.categoryNameEn : d.categoryName}</dd>
      <dt>{t('risk.score')}</dt>
      <dd>
        {p.score} ({t(`scoring.${p.scoringMethod}`)})
      </dd>
      <dt>{t('risk.nextReviewOn')}</dt>
      <dd>{p.retired ? '—' : <ReviewDate date={p.nextReviewOn} status={d.review} />}</dd>
      <dt>{t('risk.hazardFactors')}</dt>
      <dd class="prewrap">{p.hazardFactors}</dd>
      <dt>{t('risk.consequences')}</dt>
      <dd class="prewrap">{p.consequences}</dd>
      {CONTROL_KINDS.map((k) => (
        <>
          <dt>{t(`risk.measure.${k}`)}</dt>
          <dd class="prewrap">{p[MEASURE[k]] || '—'}</dd>
        </>
      ))}
      <dt>{t('risk.responsiblePerson')}</dt>
      <dd>{p.responsiblePerson}</dd>
      <dt>{t('risk.responsibleUnit')}</dt>
      <dd>{d.unitName ? (locale === 'en' && d.unitNameEn ? d.unitNameEn : d.unitName) : t('risk.unitSchool')}</dd>
    </dl>
  );
}

function Assessments(props: { detail: RiskDetail }) {
  const { t } = useUi();
  const list = props.detail.assessments;
  return (
    <section class="panel">
      <h2>{t('risk.assessments')}</h2>
      <LevelChart assessments={list} />
      <DataTable
        rows={[...list].reverse()}
        empty="risk.none"
        columns={[
          { label: 'risk.assessedAt', cell: (a) => `${t('risk.seq', { seq: a.seq })} · ${formatDateTime(a.at)}` },
          { label: 'risk.level', cell: (a) => <LevelBadge level={a.level} /> },
          { label: 'risk.score', cell: (a) => `${a.score} (${t(`scoring.${a.method}`)})` },
          { label: 'risk.reason', cell: (a) => a.reason || '—' },
          { label: 'risk.assessor', cell: (a) => a.by },
          { label: 'risk.nextReviewOn', cell: (a) => a.nextReviewOn },
        ]}
      />
    </section>
  );
}

function Hazards(props: { detail: RiskDetail }) {
  const { t } = useUi();
  return (
    <section class="panel">
      <h2>{t('risk.hazards')}</h2>
      <DataTable
        rows={props.detail.hazards}
        empty="risk.noHazards"
        columns={[
          { label: 'hazard.number', cell: (h) => <a href={`/hazards/${h.id}`}>{h.number}</a> },
          { label: 'hazard.foundAt', cell: (h) => formatDate(h.foundAt) },
          { label: 'hazard.state', cell: (h) => <StateBadge state={h.state} /> },
          { label: 'hazard.grade', cell: (h) => (h.grade ? t(`grade.${h.grade}`) : '—') },
          { label: 'hazard.description', cell: (h) => (h.description.length > 60 ? h.description.slice(0, 60) + '…' : h.description) },
        ]}
      />
    </section>
  );
}

function History(props: { detail: RiskDetail }) {
  const { t } = useUi();
  const colon = t('punct.colon');
  return (
    <section class="panel">
      <h2>{t('risk.history')}</h2>
      <ol class="timeline">
        {props.detail.history.map((e) => {
          const d = e.data as Record<string, unknown>;
          const bits: string[] = [];
          if (isOneOf(RISK_LEVELS, d.from) && isOneOf(RISK_LEVELS, d.to)) bits.push(`${t(`level.${d.from}`)} → ${t(`level.${d.to}`)}`);
          else if (isOneOf(RISK_LEVELS, d.level)) bits.push(t(`level.${d.level}`));
          if (typeof d.reason === 'string' && d.reason) bits.push(`${t('risk.reason')}${colon}${d.reason}`);
          if (typeof d.meeting === 'string') bits.push(t('event.atMeeting', { meeting: d.meeting }));
          return (
            <li>
              <time datetime={e.at.toISOString()}>{formatDateTime(e.at)}</time>
              <span class="who">{e.actorName ?? t('event.system')}</span>
              <div>
                <strong>{isOneOf(['riskRecorded', 'riskEdited', 'riskAssessed', 'riskRetired'] as const, e.action) ? t(`event.${e.action}`) : e.action}</strong>
                {bits.length > 0 && <span class="muted"> — {bits.join(t('punct.sep'))}</span>}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Actions(props: { detail: RiskDetail; problem?: RiskProblem; method: ScoringMethod }) {
  const { t } = useUi();
  const d = props.detail;
  const p = d.point;
  const assessForm: FormState = props.problem?.form === 'assess' ? props.problem.state : { values: { measuresEmergency: p.measuresEmergency } };
  const retireForm: FormState = props.problem?.form === 'retire' ? { ...props.problem.state, idPrefix: 'retire-' } : { idPrefix: 'retire-' };
  return (
    <>
      <p class="actions">
        {d.actions.has('edit') && (
          <a class="button" href={`/risks/${p.id}/edit`}>
            {t('risk.edit')}
          </a>
        )}
        {!p.retired && (
          <a class="button" href={`/risks/${p.id}/card`}>
            {t('risk.printCard')}
          </a>
        )}
      </p>
      {d.actions.has('assess') && (
        <details class="panel" open={props.problem?.form === 'assess' || d.review !== 'ok' || d.escalation !== null}>
          <summary>
            <h2>{t('risk.reassess')}</h2>
          </summary>
          <form method="post" action={`/risks/${p.id}/assess`} novalidate>
            <ErrorSummary form={assessForm} labels={RISK_FIELD_LABELS} />
            <input type="hidden" name="version" value={String(p.version)} />
            <AssessmentFields form={assessForm} method={(fieldValue(assessForm.values, 'method') as ScoringMethod) || props.method} reasonRequired />
            <TextArea name="measuresEmergency" label="risk.measure.emergency" form={assessForm} rows={2} maxLength={2000} hint="risk.emergencyHint" />
            <button type="submit" class="primary">
              {t('risk.submitReassess')}
            </button>
          </form>
        </details>
      )}
      {d.actions.has('retire') && (
        <details class="panel" open={props.problem?.form === 'retire'}>
          <summary>
            <h2>{t('risk.retire')}</h2>
          </summary>
          <form method="post" action={`/risks/${p.id}/retire`} novalidate>
            <ErrorSummary form={retireForm} labels={RISK_FIELD_LABELS} />
            <p class="muted small">{t('risk.retireHint')}</p>
            <input type="hidden" name="version" value={String(p.version)} />
            <TextArea name="retiredReason" label="risk.retiredReason" form={retireForm} required rows={2} maxLength={1000} />
            <button type="submit" class="danger">
              {t('risk.retire')}
            </button>
          </form>
        </details>
      )}
    </>
  );
}

export function RiskPage(props: { detail: RiskDetail; problem?: RiskProblem; method: ScoringMethod; mayReportHazard: boolean }) {
  const { t } = useUi();
  const d = props.detail;
  const p = d.point;
  return (
    <article class="stack">
      <p class="crumbs">
        <a href="/risks">← {t('risk.plural')}</a>
      </p>
      <h1>
        {p.name} <LevelBadge level={p.level} />
        {p.retired && <span class="state"> {t('risk.retired')}</span>}
      </h1>
      {p.retired && p.retiredAt && <p class="notice">{t('risk.retiredOn', { date: formatDate(p.retiredAt), reason: p.retiredReason ?? '' })}</p>}
      {d.escalation && (
        <p class="notice" role="status">
          {t(`risk.escalation.${d.escalation.reason}`, { count: d.escalation.count, level: t(`level.${d.escalation.suggestedLevel}`) })}
        </p>
      )}
      <div class="hazard-grid">
        <div class="stack">
          <Facts detail={d} />
          <Assessments detail={d} />
          <Hazards detail={d} />
          {props.mayReportHazard && !p.retired && (
            <p>
              <a class="button" href={`/hazards/new?school=${p.schoolId}&riskPoint=${p.id}`}>
                {t('risk.reportHazard')}
              </a>
            </p>
          )}
        </div>
        <div class="stack">
          <Actions detail={d} problem={props.problem} method={props.method} />
          <History detail={d} />
        </div>
      </div>
    </article>
  );
}
