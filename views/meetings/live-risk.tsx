/**
 * A risk point on the live meeting page (研判): what it is, and the members' re-assessment — confirming
 * the level (the same scores) or changing it, always with a reason. The control task is the item's
 * ordinary resolution form (a resolution on this agenda item, so it stays linked to the point).
 */
import type { RiskDetail } from '../../src/risks/queries.js';
import { ErrorSummary, TextArea, type FormState } from '../components/form.js';
import { LevelBadge } from '../hazards/bits.js';
import { PlaceText, ReviewDate } from '../risks/bits.js';
import { AssessmentFields, RISK_FIELD_LABELS } from '../risks/form.js';
import { fieldValue, type FormValues } from '../../src/lib/forms.js';
import type { ScoringMethod } from '../../src/hazards/scoring.js';
import { useUi } from '../ui.js';

/** The point's current scores as the form's values: confirming is one reason away. */
export function currentScores(detail: RiskDetail): FormValues {
  const p = detail.point;
  const values: FormValues = { method: p.scoringMethod, measuresEmergency: p.measuresEmergency };
  for (const [k, v] of Object.entries(p.scoringInput)) values[k] = String(v);
  return values;
}

export function LiveRisk(props: { risk: RiskDetail; form: FormState; action: string }) {
  const { t } = useUi();
  const d = props.risk;
  const p = d.point;
  const form = props.form;
  return (
    <>
      <div class="live-context">
        <p>
          <a href={`/risks/${p.id}`} target="_blank" rel="noopener" hx-boost="false">
            {p.name}
          </a>{' '}
          <LevelBadge level={p.level} /> · {d.schoolName}
        </p>
        <dl class="facts">
          <dt>{t('risk.place')}</dt>
          <dd>
            <PlaceText place={p.place} area={p.area} distanceBand={p.distanceBand} />
          </dd>
          <dt>{t('risk.score')}</dt>
          <dd>
            {p.score} ({t(`scoring.${p.scoringMethod}`)})
          </dd>
          <dt>{t('risk.nextReviewOn')}</dt>
          <dd>
            <ReviewDate date={p.nextReviewOn} status={d.review} />
          </dd>
          <dt>{t('risk.hazardFactors')}</dt>
          <dd class="prewrap">{p.hazardFactors}</dd>
        </dl>
      </div>
      {d.actions.has('assess') && (
        <details class="action" open>
          <summary>{t('live.risk.title')}</summary>
          <p class="muted small">{t('live.risk.hint')}</p>
          <form method="post" action={props.action} hx-post={props.action} hx-disable="find button" novalidate>
            <input type="hidden" name="do" value="assess" />
            <input type="hidden" name="version" value={String(p.version)} />
            <ErrorSummary form={form} labels={RISK_FIELD_LABELS} />
            <AssessmentFields form={form} method={(fieldValue(form.values, 'method') as ScoringMethod) || p.scoringMethod} reasonRequired />
            <TextArea name="measuresEmergency" label="risk.measure.emergency" form={form} rows={2} maxLength={2000} hint="risk.emergencyHint" />
            <button type="submit" class="primary">
              {t('live.risk.submit')}
            </button>
          </form>
        </details>
      )}
    </>
  );
}
