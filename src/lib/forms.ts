import type { z } from 'zod';
import { isMessageKey, type MessageKey } from '../i18n/index.js';
import type { AppContext } from '../env.js';

export type FieldErrorMap = Record<string, MessageKey>;
export type FormValues = Record<string, string | string[]>;

/** Reads a urlencoded or multipart body into plain strings (repeated names become arrays). */
export async function readForm(c: AppContext): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') values[key] = value;
  }
  return values;
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
