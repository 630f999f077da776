import type { MessageKey } from '../../src/i18n/index.js';
import { fieldValue } from '../../src/lib/forms.js';
import { DISTANCE_BANDS } from '../../src/hazards/vocabulary.js';
import { LEC_C_OPTIONS, LEC_E_OPTIONS, LEC_L_OPTIONS, MATRIX_OPTIONS, type ScoringMethod } from '../../src/hazards/scoring.js';
import { CONTROL_KINDS, RISK_PLACES } from '../../src/risks/vocabulary.js';
import { ErrorSummary, RadioField, SelectField, TextArea, TextField, type FormState, type Option } from '../components/form.js';
import { useUi } from '../ui.js';

export interface RiskFormOptions {
  /** the schools the user may record for; one school: shown fixed */
  schools: Option[];
  categories: Option[];
  departments: Option[];
  method: ScoringMethod;
}

const MEASURE_FIELD = { engineering: 'measuresEngineering', management: 'measuresManagement', personal: 'measuresPersonal', emergency: 'measuresEmergency' } as const;

export const RISK_FIELD_LABELS: Record<string, MessageKey> = {
  schoolId: 'risk.school',
  name: 'risk.name',
  place: 'risk.place',
  area: 'risk.area',
  distanceBand: 'risk.distanceBand',
  categoryId: 'risk.category',
  hazardFactors: 'risk.hazardFactors',
  consequences: 'risk.consequences',
  measuresEmergency: 'risk.measure.emergency',
  responsiblePerson: 'risk.responsiblePerson',
  responsibleDepartmentId: 'risk.responsibleUnit',
  method: 'hazard.scoringMethod',
  likelihood: 'scoring.likelihood',
  severity: 'scoring.severity',
  l: 'scoring.l',
  e: 'scoring.e',
  c: 'scoring.c',
  reason: 'risk.reason',
  nextReviewOn: 'risk.nextReviewOn',
  retiredReason: 'risk.retiredReason',
};

/** Method, factors, reason and review date: the first assessment and every re-assessment. */
export function AssessmentFields(props: { form: FormState; method: ScoringMethod; reasonRequired: boolean }) {
  const { t } = useUi();
  const { form } = props;
  const numbers = (name: string, label: MessageKey, options: readonly number[]) => (
    <SelectField name={name} label={label} form={form} options={options.map((n) => ({ value: String(n), label: String(n) }))} placeholder="form.choose" />
  );
  return (
    <>
      <RadioField name="method" label="hazard.scoringMethod" form={form} value={fieldValue(form.values, 'method') || props.method} options={(['matrix', 'lec'] as const).map((m) => ({ value: m, label: t(`scoring.${m}`) }))} />
      <div class="grid-2">
        <div>
          <p class="muted small">{t('scoring.matrixHint')}</p>
          {numbers('likelihood', 'scoring.likelihood', MATRIX_OPTIONS)}
          {numbers('severity', 'scoring.severity', MATRIX_OPTIONS)}
        </div>
        <div>
          <p class="muted small">{t('scoring.lecHint')}</p>
          {numbers('l', 'scoring.l', LEC_L_OPTIONS)}
          {numbers('e', 'scoring.e', LEC_E_OPTIONS)}
          {numbers('c', 'scoring.c', LEC_C_OPTIONS)}
        </div>
      </div>
      <TextArea name="reason" label="risk.reason" form={form} rows={2} maxLength={2000} required={props.reasonRequired} hint="risk.reasonHint" />
      <TextField name="nextReviewOn" label="risk.nextReviewOn" form={form} type="date" hint="risk.nextReviewHint" />
    </>
  );
}

/** What a point is: school, place, category, factors, consequences, controls and owners. */
function PointFields(props: { form: FormState; options: RiskFormOptions; withSchool: boolean }) {
  const { t } = useUi();
  const { form, options } = props;
  return (
    <>
      {props.withSchool &&
        (options.schools.length === 1 ? (
          <p>
            {t('risk.school')}: <strong>{options.schools[0]!.label}</strong>
            <input type="hidden" name="schoolId" value={options.schools[0]!.value} />
          </p>
        ) : (
          <SelectField name="schoolId" label="risk.school" form={form} required options={options.schools} placeholder="form.choose" />
        ))}
      <TextField name="name" label="risk.name" form={form} required maxLength={100} />
      <RadioField name="place" label="risk.place" form={form} required value={fieldValue(form.values, 'place') || 'campus'} options={RISK_PLACES.map((p) => ({ value: p, label: t(`subject.${p}`) }))} />
      <TextField name="area" label="risk.area" form={form} required maxLength={100} hint="risk.areaHint" />
      <SelectField name="distanceBand" label="risk.distanceBand" form={form} options={DISTANCE_BANDS.map((d) => ({ value: d, label: t(`distance.${d}`) }))} placeholder="form.none" />
      <SelectField name="categoryId" label="risk.category" form={form} required options={options.categories} placeholder="form.choose" />
      <TextArea name="hazardFactors" label="risk.hazardFactors" form={form} required rows={3} maxLength={2000} />
      <TextArea name="consequences" label="risk.consequences" form={form} required rows={2} maxLength={2000} />
      <fieldset class="field">
        <legend>{t('risk.measures')}</legend>
        {CONTROL_KINDS.map((k) => (
          <TextArea name={MEASURE_FIELD[k]} label={`risk.measure.${k}`} form={form} rows={2} maxLength={2000} hint={k === 'emergency' ? 'risk.emergencyHint' : undefined} />
        ))}
      </fieldset>
      <TextField name="responsiblePerson" label="risk.responsiblePerson" form={form} required maxLength={60} />
      <SelectField name="responsibleDepartmentId" label="risk.responsibleUnit" form={form} options={options.departments} placeholder="risk.unitSchool" hint="risk.unitHint" />
    </>
  );
}

/** The new-point form (with its first assessment) and the edit form (without). */
export function RiskFormPage(props: { form: FormState; options: RiskFormOptions; edit?: { id: number; version: number } }) {
  const { t } = useUi();
  const { form } = props;
  const title = props.edit ? 'risk.edit' : 'risk.new';
  return (
    <section class="stack narrow">
      <p class="crumbs">
        <a href={props.edit ? `/risks/${props.edit.id}` : '/risks'}>← {t(props.edit ? 'risk.title' : 'risk.plural')}</a>
      </p>
      <h1>{t(title)}</h1>
      <form method="post" action={props.edit ? `/risks/${props.edit.id}` : '/risks'} novalidate class="record-form">
        <ErrorSummary form={form} labels={RISK_FIELD_LABELS} />
        {props.edit && <input type="hidden" name="version" value={String(props.edit.version)} />}
        <PointFields form={form} options={props.options} withSchool={!props.edit} />
        {!props.edit && (
          <fieldset class="field">
            <legend>{t('risk.assessment')}</legend>
            <AssessmentFields form={form} method={props.options.method} reasonRequired={false} />
          </fieldset>
        )}
        <button type="submit" class="primary">
          {t(props.edit ? 'action.save' : 'risk.submitNew')}
        </button>
      </form>
    </section>
  );
}
