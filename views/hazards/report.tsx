import type { PhotoRow, ReportOptions } from '../../src/hazards/types.js';
import { DISTANCE_BANDS, HAZARD_SOURCES } from '../../src/hazards/vocabulary.js';
import type { MessageKey } from '../../src/i18n/index.js';
import { fieldValue } from '../../src/lib/forms.js';
import { MAX_PHOTOS_PER_UPLOAD } from '../../src/photos/image.js';
import { ErrorSummary, RadioField, SelectField, TextArea, TextField, type FormState } from '../components/form.js';
import { useUi } from '../ui.js';

/**
 * Photos of a form: the ones already uploaded (kept as hidden ids, so a failed submit loses nothing) and
 * a file input. With htmx, choosing files uploads them at once and this block is swapped in again.
 */
export function PhotoPicker(props: { photos: PhotoRow[]; error?: MessageKey; label?: MessageKey; picker?: string }) {
  const { t } = useUi();
  const id = props.picker ?? 'photos';
  return (
    <div id={`picker-${id}`} class={props.error ? 'field has-error' : 'field'}>
      <input type="hidden" name="picker" value={id} />
      <label for={`f-${id}`}>{t(props.label ?? 'photo.label')}</label>
      {props.photos.length > 0 && (
        <ul class="thumbs">
          {props.photos.map((p) => (
            <li>
              <input type="hidden" name="photoIds" value={p.id} />
              <img src={`/photos/${p.id}`} alt={t('photo.alt')} width={p.width ?? undefined} height={p.height ?? undefined} />
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
        hx-post="/hazards/photos"
        hx-trigger="change"
        hx-target={`#picker-${id}`}
        hx-swap="outerHTML"
        hx-encoding="multipart/form-data"
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
      <form method="post" action="/hazards" enctype="multipart/form-data" novalidate class="record-form" hx-disable="find button">
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
