import { z } from 'zod';

/** Zod building blocks for form fields. Messages are catalogue keys, shown beside the field. */
export const requiredText = (max = 200) =>
  z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong');

export const optionalText = (max = 200) => z.string().trim().max(max, 'validation.tooLong').optional().default('');

export const phone = () =>
  z
    .string()
    .trim()
    .max(40, 'validation.tooLong')
    .regex(/^[0-9+\-() ]*$/, 'validation.phone')
    .optional()
    .default('');

/** A checkbox: present ('on') is true, absent is false. */
export const checkbox = () =>
  z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === 'true' || v === '1');

/** The largest PostgreSQL integer: every id column is one, so a larger id cannot exist. */
export const MAX_ID = 2_147_483_647;

/**
 * A record id from a path or a query: the plain decimal of a positive 32-bit integer ("12"; not "012",
 * "0x1", "1e1", "1.0" or " 12", which Number() would take), else null — the route answers 404.
 */
export function recordId(value: string | undefined | null): number | null {
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}

/** The id chosen in a <select>; an empty choice is "required". */
export const requiredId = () =>
  z.coerce.number({ error: 'validation.required' }).int('validation.required').positive('validation.required').max(MAX_ID, 'validation.choose');

/** Ids ticked in a list of checkboxes (repeated fields): the well-formed ones, each once. */
export const idList = () =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => /^\d{1,10}$/.test(s)).map(Number).filter((n) => n > 0 && n <= MAX_ID))]);

export const optionalId = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0 || n > MAX_ID) {
        ctx.addIssue({ code: 'custom', message: 'validation.invalid' });
        return z.NEVER;
      }
      return n;
    });

export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: 'validation.choose' });

/** The record version the form was loaded with, for optimistic locking. */
export const versionField = () => z.coerce.number({ error: 'validation.invalid' }).int().positive().max(MAX_ID);
