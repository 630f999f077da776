import type { z } from 'zod';
import { isMessageKey, type MessageKey } from '../i18n/index.js';
import type { AppContext } from '../env.js';
import { DomainError, FieldErrors } from './errors.js';

export type FieldErrorMap = Record<string, MessageKey>;
export type FormValues = Record<string, string | string[]>;

/**
 * Caps on what one form may carry. The largest real forms (a meeting's invited units, an agenda's
 * bulk selection, an attendance sheet) send a few dozen values; anything far beyond is refused with
 * 413 before any work, so a crafted body cannot make the server loop over it.
 */
export const FORM_LIMITS = { fields: 1000, valuesPerName: 200 } as const;

export interface FormBody {
  values: FormValues;
  /** uploaded files by field name */
  files: Record<string, File[]>;
}

/**
 * Reads a urlencoded or multipart body once, in one linear pass: text fields as strings (repeated names
 * become arrays), files by field name. Too many fields, or too many values of one name, is a 413; a
 * NUL character anywhere is a 400.
 */
export async function readFormBody(c: AppContext): Promise<FormBody> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') return { values: {}, files: {} };
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new DomainError(400, 'error.badRequest');
  }
  const lists = new Map<string, string[]>();
  const files: Record<string, File[]> = {};
  let fields = 0;
  for (const [name, value] of form) {
    if (++fields > FORM_LIMITS.fields) throw new DomainError(413, 'error.tooManyFields');
    // PostgreSQL text cannot hold a NUL character: refused here rather than failing in the database.
    if (name.includes('\0') || (typeof value === 'string' && value.includes('\0'))) throw new DomainError(400, 'error.badRequest');
    if (typeof value === 'string') {
      let list = lists.get(name);
      if (!list) lists.set(name, (list = []));
      if (list.push(value) > FORM_LIMITS.valuesPerName) throw new DomainError(413, 'error.tooManyFields');
    } else if ((files[name] ??= []).push(value) > FORM_LIMITS.valuesPerName) {
      throw new DomainError(413, 'error.tooManyFields');
    }
  }
  const values: FormValues = {};
  for (const [name, list] of lists) values[name] = list.length === 1 ? list[0]! : list;
  return { values, files };
}

/** The text fields of a form (see readFormBody). */
export async function readForm(c: AppContext): Promise<FormValues> {
  return (await readFormBody(c)).values;
}

export type Parsed<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrorMap; values: FormValues };

/**
 * Validates form values with a zod schema whose messages are catalogue keys. Returns the first problem of
 * each field, keyed by field name, so views can show it beside the field.
 */
export function validate<S extends z.ZodType>(schema: S, values: FormValues): Parsed<z.infer<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrorMap = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (errors[field]) continue;
    errors[field] = isMessageKey(issue.message) ? issue.message : 'validation.invalid';
  }
  return { ok: false, errors, values };
}

/** Single value of a form field, for re-filling inputs. */
export function fieldValue(values: FormValues | undefined, name: string): string {
  const v = values?.[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/** A use case that was refused: what to show beside the fields (or above the form, as `_form`), and the status. */
export interface Refusal {
  status: 409 | 422;
  errors: FieldErrorMap;
}

/**
 * Runs a use case and turns its refusals into what a form shows: field errors (FieldErrors) → 422 with a
 * message beside each field; someone else's change or a state that no longer allows it (DomainError 409
 * or 422) → that status with the message above the form. Anything else is thrown on. The caller renders
 * the page that holds the form again, with what the user typed.
 */
export async function attempt<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | ({ ok: false } & Refusal)> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof FieldErrors) return { ok: false, status: 422, errors: err.fields };
    if (err instanceof DomainError && (err.status === 409 || err.status === 422)) return { ok: false, status: err.status, errors: { _form: err.messageKey } };
    throw err;
  }
}
