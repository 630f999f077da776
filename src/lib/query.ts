import type { z } from 'zod';
import type { AppContext } from '../env.js';
import { DomainError } from './errors.js';
import { MAX_ID } from './form-fields.js';

/** A query string the app never makes (a letter where an id goes, an id beyond any record): 400. */
export const badRequest = () => new DomainError(400, 'error.badRequest');

/** The query parameters through a schema; anything it refuses is a 400, never a database error. */
export function parseQuery<S extends z.ZodType>(c: AppContext, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw badRequest();
  return parsed.data;
}

/** An optional id in the query (absent or empty: undefined; anything but 1…2^31-1: 400). */
export function queryId(c: AppContext, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,10}$/.test(raw)) throw badRequest();
  const id = Number(raw);
  if (id < 1 || id > MAX_ID) throw badRequest();
  return id;
}
