import type { PhotoRow, ReportOptions } from '../../src/hazards/types.js';
import { DISTANCE_BANDS, HAZARD_SOURCES } from '../../src/hazards/vocabulary.js';
import type { MessageKey } from '../../src/i18n/index.js';
import { fieldValue } from '../../src/lib/forms.js';
import { MAX_PHOTOS_PER_UPLOAD } from '../../src/photos/image.js';
import { ErrorSummary, RadioField, SelectField, TextArea, TextField, type FormState } from '../components/form.js';
import { useUi } from '../ui.js';

/** The label of each form's photo field, by the picker's id (the action the form belongs to). */
const PICKER_LABELS: Record<string, MessageKey> = { photos: 'photo.label', 'fix-on-spot': 'photo.evidence', complete: 'photo.evidence', progress: 'photo.progress', support: 'photo.progress' };

/**
 * Photos of a form: the ones already uploaded (kept as hidden ids, so a failed submit loses nothing) and
 * a file input. With htmx, choosing files uploads them at once and this block is swapped in again.
 */
export function PhotoPicker(props: { photos: PhotoRow[]; error?: MessageKey; label?: MessageKey; picker?: string }) {
  const { t } = useUi();
  const id = props.picker ?? 'photos';
  // Swapped in again after an upload, the picker keeps its form's own label.
  const label = props.label ?? PICKER_LABELS[id] ?? 'photo.label';
  const swap = { 'hx-post': '/hazards/photos', 'hx-target': `#picker-${id}`, 'hx-swap': 'outerHTML', 'hx-encoding': 'multipart/form-data' };
  return (
    <div id={`picker-${id}`} class={props.error ? 'field has-error' : 'field'}>
      <input type="hidden" name="picker" value={id} />
      {/* After an upload or a removal the picker is swapped in again: focus comes back to its label. */}
      <label for={`f-${id}`} tabindex={-1} data-swap-heading>
        {t(label)}
      </label>
      {props.photos.length > 0 && (
        <ul class="thumbs">
          {props.photos.map((p, i) => (
            <li>
              <input type="hidden" name="photoIds" value={p.id} />
              <img src={`/photos/${p.id}`} alt={t('photo.alt')} width={p.width ?? undefined} height={p.height ?? undefined} />
              {/* Without JavaScript a ticked photo is left out when the form is sent; with it, at once. */}
              <label class="check small">
                <input type="checkbox" name="removePhotoIds" value={p.id} hx-trigger="change" {...swap} /> {t('photo.remove', { n: i + 1 })}
              </label>
            </li>
          ))}
        </ul>
      )}
      <input
        id={`f-${id}`}
        name="photos"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        multiple
        hx-trigger="change"
        {...swap}
        aria-describedby={props.error ? `f-${id}-error f-${id}-hint` : `f-${id}-hint`}
      />
      <p class="hint" id={`f-${id}-hint`}>
        {t('photo.hint', { max: MAX_PHOTOS_PER_UPLOAD })}
      </p>
      {props.error && (
        <p class="field-error" id={`f-${id}-error`} role="alert">
          {t(props.error)}
        </p>
      )}
    </div>
  );
}

export function ReportPage(props: { form: FormState; options: ReportOptions; photos: PhotoRow[] }) {
  const { t } = useUi();
  const { form } = props;
  const subject = fieldValue(form.values, 'subjectType') || 'campus';
  const subjects = props.options.subjects;
  return (
    <section class="stack narrow">
      <h1>{t('hazard.report')}</h1>
      <p class="muted">{t('hazard.reportIntro')}</p>
      <ErrorSummary
        form={form}
        labels={{
          subjectType: 'hazard.subject',
          schoolId: 'hazard.school',
          institutionId: 'hazard.institution',
          distanceBand: 'hazard.distanceBand',
          location: 'hazard.location',
          categoryId: 'hazard.category',
          description: 'hazard.description',
          source: 'hazard.source',
          foundAt: 'hazard.foundAt',
          riskPointId: 'risk.hazardLink',
          photos: 'photo.label',
        }}
      />
      {/* report-form: the stylesheet hides the distance band and institution where the subject makes them moot;
          the server ignores them there (service.reportHazard), so the form works the same without it. */}
      <form method="post" action="/hazards" enctype="multipart/form-data" novalidate class="record-form report-form" hx-disable="find button">
        <input type="hidden" name="submissionKey" value={fieldValue(form.values, 'submissionKey')} />
        <input type="hidden" name="recurrenceOfId" value={fieldValue(form.values, 'recurrenceOfId')} />
        {fieldValue(form.values, 'recurrenceOfId') && <p class="notice">{t('hazard.recurrenceNotice')}</p>}
        <RadioField name="subjectType" label="hazard.subject" form={form} required value={subject} options={subjects.map((s) => ({ value: s, label: t(`subject.${s}`) }))} />
        {props.options.ownSchoolOnly ? (
          <div class="field">
            <span class="label">{t('hazard.school')}</span>
            <strong>{props.options.schools[0]?.label}</strong>
            <input type="hidden" name="schoolId" value={props.options.schools[0]?.value ?? ''} />
          </div>
        ) : (
          <>
            <SelectField name="schoolId" label="hazard.school" form={form} options={props.options.schools} placeholder="form.choose" hint="hazard.schoolHint" />
            <SelectField name="institutionId" label="hazard.institution" form={form} options={props.options.institutions} placeholder="form.none" hint="hazard.institutionHint" />
          </>
        )}
        <SelectField name="distanceBand" label="hazard.distanceBand" form={form} options={DISTANCE_BANDS.map((d) => ({ value: d, label: t(`distance.${d}`) }))} placeholder="form.none" hint="hazard.distanceHint" />
        <TextField name="location" label="hazard.location" form={form} required maxLength={200} hint="hazard.locationHint" />
        {props.options.riskPoints.length > 0 && (
          <SelectField name="riskPointId" label="risk.hazardLink" form={form} options={props.options.riskPoints} placeholder="form.none" hint="risk.hazardLinkHint" />
        )}
        <SelectField name="categoryId" label="hazard.category" form={form} required options={props.options.categories} placeholder="form.choose" />
        <TextField name="subItem" label="hazard.subItem" form={form} maxLength={100} />
        <TextArea name="description" label="hazard.description" form={form} required rows={5} maxLength={2000} />
        <SelectField name="source" label="hazard.source" form={form} required options={HAZARD_SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))} />
        <TextField name="foundAt" label="hazard.foundAt" form={form} type="datetime-local" required />
        <TextField name="foundBy" label="hazard.foundBy" form={form} maxLength={60} />
        <PhotoPicker photos={props.photos} error={form.errors?.photos} />
        <div class="actions">
          <button type="submit" class="primary">
            {t('hazard.submitReport')}
          </button>
          <a href="/hazards">{t('action.cancel')}</a>
        </div>
      </form>
    </section>
  );
}
