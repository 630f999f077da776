import type { HazardDetail, PhotoRow, ReportOptions } from '../../src/hazards/types.js';
import { LEC_C_OPTIONS, LEC_E_OPTIONS, LEC_L_OPTIONS, MATRIX_OPTIONS, type ScoringConfig } from '../../src/hazards/scoring.js';
import type { MessageKey } from '../../src/i18n/index.js';
import { fieldValue, type FieldErrorMap, type FormValues } from '../../src/lib/forms.js';
import type { HazardActionPath } from '../../src/policy.js';
import { LISTING_LEVELS } from '../../src/hazards/vocabulary.js';
import { ErrorSummary, RadioField, SelectField, TextArea, TextField, type FormState } from '../components/form.js';
import { useUi } from '../ui.js';
import { PhotoPicker } from './report.js';
import type { Child } from 'hono/jsx';

export interface Problem {
  action: string;
  values: FormValues;
  errors: FieldErrorMap;
}

interface ActionProps {
  detail: HazardDetail;
  problem?: Problem;
  formPhotos: PhotoRow[];
  options?: ReportOptions;
  scoring?: ScoringConfig;
  /** on the live meeting page: the forms post there and swap the page's live area in place */
  live?: LiveForms;
}

export interface LiveForms {
  /** where the forms post, e.g. /meetings/3/live/17/hazard */
  base: string;
  /** only these actions are offered (the ones a meeting decides) */
  only: HazardActionPath[];
}

/** The state of one action's form: the user's values and errors if that form just failed. */
function stateFor(props: ActionProps, action: string, defaults: FormValues = {}): FormState {
  // Several action forms share field names (reason, note…): each gets its own ids.
  if (props.problem?.action === action) return { values: props.problem.values, errors: props.problem.errors, idPrefix: `${action}-` };
  return { values: defaults, errors: {}, idPrefix: `${action}-` };
}

function ActionForm(props: { action: HazardActionPath; detail: HazardDetail; title: MessageKey; open?: boolean; danger?: boolean; children?: Child; submit?: MessageKey; multipart?: boolean; form: FormState; confirm?: MessageKey; live?: LiveForms }) {
  const { t } = useUi();
  const failed = Object.keys(props.form.errors ?? {}).length > 0;
  const url = props.live ? `${props.live.base}/${props.action}` : `/hazards/${props.detail.hazard.id}/${props.action}`;
  return (
    <details class="action" open={props.open || failed} id={`action-${props.action}`}>
      <summary>{t(props.title)}</summary>
      <form
        method="post"
        action={url}
        hx-post={props.live ? url : undefined}
        enctype={props.multipart ? 'multipart/form-data' : undefined}
        novalidate
        hx-confirm={props.confirm ? t(props.confirm) : undefined}
        hx-disable="find button"
      >
        <input type="hidden" name="version" value={String(props.detail.hazard.version)} />
        <ErrorSummary form={props.form} fields={props.children} />
        {props.children}
        <button type="submit" class={props.danger ? 'danger' : 'primary'}>
          {t(props.submit ?? props.title)}
        </button>
      </form>
    </details>
  );
}

function Simple(props: ActionProps & { action: HazardActionPath; title: MessageKey; hint?: MessageKey; confirm?: MessageKey; danger?: boolean }) {
  const { t } = useUi();
  return (
    <ActionForm live={props.live} action={props.action} detail={props.detail} title={props.title} form={stateFor(props, props.action)} confirm={props.confirm} danger={props.danger}>
      {props.hint && <p class="muted small">{t(props.hint)}</p>}
    </ActionForm>
  );
}

function Reason(props: ActionProps & { action: HazardActionPath; title: MessageKey; label: MessageKey; danger?: boolean }) {
  const form = stateFor(props, props.action);
  return (
    <ActionForm live={props.live} action={props.action} detail={props.detail} title={props.title} form={form} danger={props.danger}>
      <TextArea name="reason" label={props.label} form={form} required rows={3} maxLength={1000} />
    </ActionForm>
  );
}

function WithPhotos(props: ActionProps & { action: HazardActionPath; title: MessageKey; field: 'text' | 'note'; label: MessageKey; photoLabel: MessageKey }) {
  const form = stateFor(props, props.action);
  const photos = props.problem?.action === props.action ? props.formPhotos : [];
  return (
    <ActionForm live={props.live} action={props.action} detail={props.detail} title={props.title} form={form} multipart>
      <TextArea name={props.field} label={props.label} form={form} required rows={3} maxLength={2000} />
      <PhotoPicker photos={photos} error={form.errors?.photos ?? form.errors?.photoIds} label={props.photoLabel} picker={props.action} />
    </ActionForm>
  );
}

function Verify(props: ActionProps) {
  const { t } = useUi();
  const method = props.scoring?.method ?? 'matrix';
  const form = stateFor(props, 'verify', { method, grade: 'ordinary' });
  const v = (name: string) => fieldValue(form.values, name);
  const numbers = (name: string, label: MessageKey, options: readonly number[]) => (
    <SelectField name={name} label={label} form={form} options={options.map((n) => ({ value: String(n), label: String(n) }))} placeholder="form.choose" />
  );
  return (
    <ActionForm live={props.live} action="verify" detail={props.detail} title="hazard.action.verify" form={form} open>
      <RadioField name="grade" label="hazard.grade" form={form} options={(['ordinary', 'major'] as const).map((g) => ({ value: g, label: t(`grade.${g}`) }))} />
      <RadioField name="method" label="hazard.scoringMethod" form={form} value={v('method') || method} options={(['matrix', 'lec'] as const).map((m) => ({ value: m, label: t(`scoring.${m}`) }))} />
      {/* Only the chosen method's selects show (the stylesheet); without that, the server ignores the other's. */}
      <div class="grid-2 scoring-methods">
        <div class="scoring-matrix">
          <p class="muted small">{t('scoring.matrixHint')}</p>
          {numbers('likelihood', 'scoring.likelihood', MATRIX_OPTIONS)}
          {numbers('severity', 'scoring.severity', MATRIX_OPTIONS)}
        </div>
        <div class="scoring-lec">
          <p class="muted small">{t('scoring.lecHint')}</p>
          {numbers('l', 'scoring.l', LEC_L_OPTIONS)}
          {numbers('e', 'scoring.e', LEC_E_OPTIONS)}
          {numbers('c', 'scoring.c', LEC_C_OPTIONS)}
        </div>
      </div>
      <TextArea name="note" label="hazard.note" form={form} rows={2} maxLength={1000} />
      <fieldset class={form.errors?.majorLowLevelReason ? 'field has-error' : 'field'}>
        <legend>{t('hazard.majorLowLevel')}</legend>
        <p class="muted small">{t('hazard.majorLowLevelHint')}</p>
        <label class="check">
          <input type="checkbox" name="confirmMajorLowLevel" checked={v('confirmMajorLowLevel') === 'on'} /> {t('hazard.confirmMajorLowLevel')}
        </label>
        <TextArea name="majorLowLevelReason" label="hazard.majorLowLevelReason" form={form} rows={2} maxLength={1000} />
      </fieldset>
    </ActionForm>
  );
}

function Assign(props: ActionProps) {
  const { t } = useUi();
  const h = props.detail.hazard;
  const defaults: FormValues = {
    // First assignment: the category's suggested lead unit is preselected.
    leadDepartmentId: String(h.leadDepartmentId ?? (h.state === 'VERIFIED' ? (props.detail.names.suggestedLeadId ?? '') : '')),
    assignedToSchool: h.assignedToSchool ? 'on' : '',
    deadline: h.deadline ?? '',
    responsiblePerson: h.responsiblePerson,
    measures: h.measures,
    funds: h.funds,
    contingencyPlan: h.contingencyPlan,
    leadTask: props.detail.units.find((u) => u.role === 'lead')?.task ?? '',
    supportDepartmentIds: props.detail.units.filter((u) => u.role === 'support').map((u) => String(u.departmentId)),
    ...Object.fromEntries(props.detail.units.map((u) => [`task_${u.departmentId}`, u.task])),
  };
  const form = stateFor(props, 'assign', defaults);
  const chosen = ([] as string[]).concat(form.values?.supportDepartmentIds ?? []);
  const departments = props.options?.departments ?? [];
  return (
    <ActionForm live={props.live} action="assign" detail={props.detail} title={h.state === 'VERIFIED' ? 'hazard.action.assign' : 'hazard.action.reassign'} form={form} open={h.state === 'VERIFIED'}>
      <SelectField name="leadDepartmentId" label="hazard.lead" form={form} options={departments} placeholder="form.none" />
      {h.subjectType === 'campus' && (
        <label class="check">
          <input type="checkbox" name="assignedToSchool" checked={fieldValue(form.values, 'assignedToSchool') === 'on'} /> {t('hazard.assignToSchool')}
        </label>
      )}
      <TextArea name="leadTask" label="hazard.leadTask" form={form} rows={2} maxLength={1000} />
      <fieldset class={form.errors?.supportDepartmentIds || form.errors?.supports ? 'field has-error' : 'field'}>
        <legend>{t('hazard.supports')}</legend>
        <div class="support-list">
          {departments.map((d) => (
            <div class="support-row">
              <label class="check">
                <input type="checkbox" name="supportDepartmentIds" value={d.value} checked={chosen.includes(d.value)} /> {d.label}
              </label>
              <input type="text" name={`task_${d.value}`} value={fieldValue(form.values, `task_${d.value}`)} aria-label={`${d.label}: ${t('hazard.task')}`} placeholder={t('hazard.task')} maxlength={1000} />
            </div>
          ))}
        </div>
        {(form.errors?.supportDepartmentIds || form.errors?.supports) && <p class="field-error">{t((form.errors.supportDepartmentIds ?? form.errors.supports)!)}</p>}
      </fieldset>
      <TextField name="deadline" label="hazard.deadline" form={form} type="date" required />
      {h.deadline && <TextArea name="deadlineReason" label="hazard.deadlineReason" form={form} rows={2} maxLength={1000} hint="hazard.deadlineReasonHint" />}
      <TextField name="responsiblePerson" label="hazard.responsiblePerson" form={form} required maxLength={60} />
      <p class="muted small">{t(h.grade === 'major' ? 'hazard.planRequiredMajor' : 'hazard.planOptional')}</p>
      <TextArea name="measures" label="hazard.measures" form={form} rows={2} maxLength={2000} />
      <TextField name="funds" label="hazard.funds" form={form} maxLength={200} />
      <TextArea name="contingencyPlan" label="hazard.contingencyPlan" form={form} rows={2} maxLength={2000} />
    </ActionForm>
  );
}

function Plan(props: ActionProps) {
  const h = props.detail.hazard;
  const form = stateFor(props, 'plan', { measures: h.measures, funds: h.funds, responsiblePerson: h.responsiblePerson, contingencyPlan: h.contingencyPlan });
  return (
    <ActionForm live={props.live} action="plan" detail={props.detail} title="hazard.action.plan" form={form} open={h.grade === 'major' && !props.detail.planComplete}>
      <TextArea name="measures" label="hazard.measures" form={form} required rows={2} maxLength={2000} />
      <TextField name="funds" label="hazard.funds" form={form} required maxLength={200} />
      <TextField name="responsiblePerson" label="hazard.responsiblePerson" form={form} required maxLength={60} />
      <TextArea name="contingencyPlan" label="hazard.contingencyPlan" form={form} required rows={2} maxLength={2000} />
    </ActionForm>
  );
}

function Control(props: ActionProps) {
  const { t } = useUi();
  const form = stateFor(props, 'control');
  return (
    <ActionForm live={props.live} action="control" detail={props.detail} title="hazard.action.control" form={form}>
      <p class="muted small">{t('hazard.controlHint')}</p>
      <TextArea name="interimMeasures" label="hazard.interimMeasures" form={form} required rows={3} maxLength={2000} />
      <TextArea name="reason" label="hazard.controlReason" form={form} required rows={2} maxLength={1000} />
      <TextField name="newTargetDate" label="hazard.newTargetDate" form={form} type="date" required />
    </ActionForm>
  );
}

function List(props: ActionProps) {
  const { t } = useUi();
  const form = stateFor(props, 'list', { level: 'district', listedOn: props.detail.today });
  return (
    <ActionForm live={props.live} action="list" detail={props.detail} title="hazard.action.list" form={form}>
      <SelectField name="level" label="hazard.listingLevel" form={form} required options={LISTING_LEVELS.map((l) => ({ value: l, label: t(`listing.${l}`) }))} />
      <TextField name="listedOn" label="hazard.listedOn" form={form} type="date" required />
      <TextArea name="reason" label="hazard.listReason" form={form} required rows={3} maxLength={1000} />
    </ActionForm>
  );
}

/** 摘牌: after acceptance it needs no reason; before it, only with one. */
function Unlist(props: ActionProps) {
  const { t } = useUi();
  const form = stateFor(props, 'unlist');
  const accepted = props.detail.hazard.state === 'ACCEPTED';
  return (
    <ActionForm live={props.live} action="unlist" detail={props.detail} title="hazard.action.unlist" form={form}>
      <p class="muted small">{t(accepted ? 'hazard.unlistAccepted' : 'hazard.unlistEarly')}</p>
      <TextArea name="reason" label="hazard.unlistReason" form={form} required={!accepted} rows={2} maxLength={1000} />
    </ActionForm>
  );
}

function Extension(props: ActionProps) {
  const form = stateFor(props, 'extension');
  return (
    <ActionForm live={props.live} action="extension" detail={props.detail} title="hazard.action.extension" form={form}>
      <TextField name="newTargetDate" label="hazard.newTargetDate" form={form} type="date" required />
      <TextArea name="reason" label="hazard.reason" form={form} required rows={2} maxLength={1000} />
    </ActionForm>
  );
}

function ExtensionDecision(props: ActionProps) {
  const { t } = useUi();
  const h = props.detail.hazard;
  const form = stateFor(props, 'extension-decision');
  return (
    <details class="action" open id="action-extension-decision">
      <summary>{t('hazard.action.extensionDecision')}</summary>
      <p>{t(pendingKind(props.detail) === 'control' ? 'hazard.controlAsked' : 'hazard.extensionAsked', { date: h.extensionRequestedTo ?? '', reason: h.extensionReason ?? '' })}</p>
      <p class="muted small">{t('hazard.extensionDecisionHint', { deadline: h.deadline ?? '—' })}</p>
      <form method="post" action={`/hazards/${h.id}/extension-decision`} novalidate>
        <input type="hidden" name="version" value={String(h.version)} />
        <ErrorSummary form={form} labels={{ note: 'hazard.note' }} />
        <TextArea name="note" label="hazard.note" form={form} rows={2} maxLength={1000} />
        <div class="actions">
          <button type="submit" name="decision" value="grant" class="primary">
            {t('hazard.grant')}
          </button>
          <button type="submit" name="decision" value="refuse" class="danger">
            {t('hazard.refuse')}
          </button>
        </div>
      </form>
    </details>
  );
}

/** What the pending request for a new date came with: an extension request or "cannot be fixed yet". */
export const pendingKind = (detail: HazardDetail) => detail.deadlineChanges.findLast((d) => d.status === 'pending')?.kind ?? 'extension';

function Duplicates(props: ActionProps) {
  const { t } = useUi();
  const h = props.detail.hazard;
  if (props.detail.duplicates.length === 0) return null;
  return (
    <div class="panel duplicates">
      <h3>{t('hazard.possibleDuplicates')}</h3>
      <ul>
        {props.detail.duplicates.map((d) => (
          <li>
            <a href={`/hazards/${d.id}`}>{d.number}</a> · {d.location} · {t(`state.${d.state}`)} · {Math.round(d.similarity * 100)}%
            <form method="post" action={`/hazards/${h.id}/link-duplicate`} class="inline">
              <input type="hidden" name="version" value={String(h.version)} />
              <input type="hidden" name="duplicateOfId" value={String(d.id)} />
              <button type="submit">{t('hazard.linkDuplicate')}</button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Every action this user may take now, each as a small form. */
export function HazardActions(props: ActionProps) {
  const { t } = useUi();
  const can = (a: HazardActionPath) => props.detail.actions.includes(a) && (!props.live || props.live.only.includes(a));
  if (!props.detail.actions.some(can)) return null;
  const h = props.detail.hazard;
  return (
    <section class="panel actions-panel" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('hazard.actions')}</h2>
      {props.problem?.errors._form && (
        <p class="form-message" role="alert">
          {t(props.problem.errors._form)}
        </p>
      )}
      {can('verify') && <Duplicates {...props} />}
      {can('verify') && <Verify {...props} />}
      {can('dismiss') && <Reason {...props} action="dismiss" title="hazard.action.dismiss" label="hazard.dismissReason" danger />}
      {can('accept') && (
        <p>
          <a class="button primary" href={`/hazards/${h.id}/accept`}>
            {t('hazard.action.review')}
          </a>
        </p>
      )}
      {can('close') && <Simple {...props} action="close" title="hazard.action.close" hint="hazard.closeHint" confirm="hazard.closeConfirm" />}
      {can('extension-decision') && <ExtensionDecision {...props} />}
      {can('assign') && <Assign {...props} />}
      {can('fix-on-spot') && <WithPhotos {...props} action="fix-on-spot" title="hazard.action.fixOnSpot" field="note" label="hazard.completionNote" photoLabel="photo.evidence" />}
      {can('plan') && <Plan {...props} />}
      {can('start') && <Simple {...props} action="start" title="hazard.action.start" />}
      {can('progress') && <WithPhotos {...props} action="progress" title="hazard.action.progress" field="text" label="hazard.progressText" photoLabel="photo.progress" />}
      {can('support') && <WithPhotos {...props} action="support" title="hazard.action.support" field="text" label="hazard.supportText" photoLabel="photo.progress" />}
      {can('complete') && <WithPhotos {...props} action="complete" title="hazard.action.complete" field="note" label="hazard.completionNote" photoLabel="photo.evidence" />}
      {can('control') && <Control {...props} />}
      {can('resume') && <Simple {...props} action="resume" title="hazard.action.resume" />}
      {can('extension') && <Extension {...props} />}
      {can('list') && <List {...props} />}
      {can('unlist') && <Unlist {...props} />}
      {can('withdraw') && <Simple {...props} action="withdraw" title="hazard.action.withdraw" hint="hazard.withdrawHint" confirm="hazard.withdrawConfirm" danger />}
    </section>
  );
}
