import type { Child } from 'hono/jsx';
import type { FieldErrorMap, FormValues } from '../../src/lib/forms.js';
import { fieldValue } from '../../src/lib/forms.js';
import { isMessageKey, type MessageKey } from '../../src/i18n/index.js';
import { useT } from '../ui.js';

/** What a form view receives: the values to show and the problems to show beside fields. */
export interface FormState {
  values?: FormValues;
  errors?: FieldErrorMap;
  /** prefix of the fields' ids when a page holds several forms with the same field names */
  idPrefix?: string;
}

/** The id of a field's element (labels, error links and aria point at it). */
export const fieldId = (form: FormState, name: string): string => `f-${form.idPrefix ?? ''}${name}`;

interface FieldProps {
  name: string;
  label: MessageKey;
  form: FormState;
  required?: boolean;
  hint?: MessageKey;
}

/** The asterisk after the label of a required field (screen readers get `required` from the input). */
function RequiredMark() {
  return (
    <span class="req" aria-hidden="true">
      {' '}
      *
    </span>
  );
}

function FieldShell(props: FieldProps & { children: Child }) {
  const t = useT();
  const error = props.form.errors?.[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={fieldId(props.form, props.name)}>
        {t(props.label)}
        {props.required && <RequiredMark />}
      </label>
      {props.children}
      {props.hint && (
        <p class="hint" id={`${fieldId(props.form, props.name)}-hint`}>
          {t(props.hint)}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${fieldId(props.form, props.name)}-error`}>
          {t(error)}
        </p>
      )}
    </div>
  );
}

function describedBy(props: FieldProps): string | undefined {
  const ids = [props.hint ? `${fieldId(props.form, props.name)}-hint` : '', props.form.errors?.[props.name] ? `${fieldId(props.form, props.name)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextField(props: FieldProps & { type?: string; autocomplete?: string; maxLength?: number; inputMode?: 'tel' | 'numeric' | 'text' | 'email' | 'decimal' }) {
  return (
    <FieldShell {...props}>
      <input
        id={fieldId(props.form, props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? '' : fieldValue(props.form.values, props.name)}
        required={props.required}
        autocomplete={props.autocomplete}
        maxlength={props.maxLength}
        inputmode={props.inputMode}
        aria-invalid={props.form.errors?.[props.name] ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </FieldShell>
  );
}

export function TextArea(props: FieldProps & { rows?: number; maxLength?: number }) {
  return (
    <FieldShell {...props}>
      <textarea
        id={fieldId(props.form, props.name)}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        maxlength={props.maxLength}
        aria-invalid={props.form.errors?.[props.name] ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {fieldValue(props.form.values, props.name)}
      </textarea>
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { options: Option[]; placeholder?: MessageKey }) {
  const t = useT();
  const current = fieldValue(props.form.values, props.name);
  return (
    <FieldShell {...props}>
      <select
        id={fieldId(props.form, props.name)}
        name={props.name}
        required={props.required}
        aria-invalid={props.form.errors?.[props.name] ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.placeholder && <option value="">{t(props.placeholder)}</option>}
        {/* HTML wants a required select to start with an empty option. Without a placeholder the first
            choice stays the default, so that empty option is never shown or chosen. */}
        {!props.placeholder && props.required && <option value="" label={t('form.choose')} disabled hidden></option>}
        {props.options.map((o, i) => (
          <option value={o.value} selected={o.value === current || (!props.placeholder && !current && i === 0)}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** One choice among a few, as radio buttons; `value` overrides the form's value (a default). */
export function RadioField(props: FieldProps & { options: Option[]; value?: string }) {
  const t = useT();
  const error = props.form.errors?.[props.name];
  const current = props.value ?? fieldValue(props.form.values, props.name);
  return (
    <fieldset class={error ? 'field has-error' : 'field'}>
      <legend>
        {t(props.label)}
        {props.required && <RequiredMark />}
      </legend>
      <div class="radios">
        {props.options.map((o) => (
          <label>
            <input type="radio" name={props.name} value={o.value} checked={o.value === current} /> {o.label}
          </label>
        ))}
      </div>
      {error && (
        <p class="field-error" id={`${fieldId(props.form, props.name)}-error`}>
          {t(error)}
        </p>
      )}
    </fieldset>
  );
}

export function CheckboxField(props: FieldProps) {
  const t = useT();
  const v = fieldValue(props.form.values, props.name);
  return (
    <div class="field checkbox">
      <label>
        <input type="checkbox" name={props.name} checked={v === 'on' || v === 'true'} /> {t(props.label)}
      </label>
    </div>
  );
}

/**
 * The labels of the fields written inside a form's JSX (each field component carries `name` and `label`),
 * so a summary above the fields can name them without the form listing them a second time.
 */
export function labelsIn(node: unknown, found: Record<string, MessageKey> = {}): Record<string, MessageKey> {
  if (Array.isArray(node)) {
    for (const child of node) labelsIn(child, found);
  } else if (node && typeof node === 'object' && 'props' in node) {
    const { props, children } = node as { props?: Record<string, unknown>; children?: unknown };
    if (typeof props?.name === 'string' && typeof props.label === 'string' && isMessageKey(props.label)) found[props.name] ??= props.label;
    labelsIn(children, found);
    labelsIn(props?.children, found);
  }
  return found;
}

/**
 * A summary at the top of a form that failed validation, linking to each bad field and naming it
 * ("退回理由：此项必填"): the labels given, else those of the fields passed as `fields`.
 */
export function ErrorSummary(props: { form: FormState; labels?: Record<string, MessageKey>; fields?: Child }) {
  const t = useT();
  const entries = Object.entries(props.form.errors ?? {});
  if (entries.length === 0) return null;
  const labels = { ...labelsIn(props.fields), ...props.labels };
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <p>{t('form.fixErrors')}</p>
      <ul>
        {entries.map(([name, key]) => (
          <li>
            {name === '_form' ? (
              t(key)
            ) : (
              <a href={`#${fieldId(props.form, name)}`}>{labels[name] ? t('form.fieldError', { field: t(labels[name]), message: t(key) }) : t(key)}</a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
