/** The risk register's forms, checked with zod; messages are catalogue keys. */
import { z } from 'zod';
import { DISTANCE_BANDS } from '../hazards/vocabulary.js';
import { LEC_C_OPTIONS, LEC_E_OPTIONS, LEC_L_OPTIONS, MATRIX_OPTIONS } from '../hazards/scoring.js';
import { isValidDate } from '../lib/shanghai-time.js';
import { oneOf, optionalId, optionalText, requiredId, requiredText, versionField } from '../lib/form-fields.js';
import { RISK_PLACES } from './vocabulary.js';

const numberIn = (options: readonly number[]) => z.coerce.number({ error: 'validation.choose' }).refine((n) => options.includes(n), 'validation.choose');

/** An optional 'YYYY-MM-DD': empty is null (the cycle decides), anything else must be a real date. */
const optionalDate = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? '').trim();
      if (!s) return null;
      if (!isValidDate(s)) {
        ctx.addIssue({ code: 'custom', message: 'validation.date' });
        return z.NEVER;
      }
      return s;
    });

/** What a point is: place, category, what could go wrong, controls and owners (not its assessment). */
const pointFields = {
  name: requiredText(100),
  place: oneOf(RISK_PLACES),
  area: requiredText(100),
  distanceBand: z.union([z.literal(''), z.enum(DISTANCE_BANDS)]).optional().transform((v) => (v ? v : null)),
  categoryId: requiredId(),
  hazardFactors: requiredText(2000),
  consequences: requiredText(2000),
  measuresEngineering: optionalText(2000),
  measuresManagement: optionalText(2000),
  measuresPersonal: optionalText(2000),
  measuresEmergency: optionalText(2000),
  responsiblePerson: requiredText(60),
  responsibleDepartmentId: optionalId(),
};

/** A surroundings point needs its distance band; a campus point has none. */
const placeRule = (v: { place: string; distanceBand: string | null }, ctx: z.RefinementCtx) => {
  if (v.place === 'surroundings' && !v.distanceBand) ctx.addIssue({ code: 'custom', path: ['distanceBand'], message: 'risk.error.distanceBand' });
};

const scoring = {
  method: oneOf(['matrix', 'lec'] as const),
  likelihood: z.string().optional(),
  severity: z.string().optional(),
  l: z.string().optional(),
  e: z.string().optional(),
  c: z.string().optional(),
};

/** The method's own factors, checked once the method is known (the other method's fields are ignored). */
const scoringRule = (v: { method: string } & Record<string, unknown>, ctx: z.RefinementCtx) => {
  const fields: Array<[string, readonly number[]]> =
    v.method === 'matrix'
      ? [
          ['likelihood', MATRIX_OPTIONS],
          ['severity', MATRIX_OPTIONS],
        ]
      : [
          ['l', LEC_L_OPTIONS],
          ['e', LEC_E_OPTIONS],
          ['c', LEC_C_OPTIONS],
        ];
  for (const [name, options] of fields) {
    if (!numberIn(options).safeParse(v[name]).success) ctx.addIssue({ code: 'custom', path: [name], message: 'validation.choose' });
  }
};

const assessment = { ...scoring, reason: optionalText(2000), nextReviewOn: optionalDate() };

export const recordSchema = z
  .object({ ...pointFields, ...assessment, schoolId: requiredId() })
  .superRefine(placeRule)
  .superRefine(scoringRule);

export const editSchema = z
  .object({ ...pointFields, version: versionField() })
  .superRefine(placeRule);

export const assessSchema = z
  .object({ ...assessment, measuresEmergency: optionalText(2000), version: versionField() })
  .superRefine(scoringRule);

export const retireSchema = z.object({ version: versionField(), retiredReason: requiredText(1000) });

export type RecordForm = z.infer<typeof recordSchema>;
export type EditForm = z.infer<typeof editSchema>;
export type AssessForm = z.infer<typeof assessSchema>;

/** The scoring of a parsed form, as the rules take it. */
export function scoringOf(f: { method: 'matrix' | 'lec'; likelihood?: string; severity?: string; l?: string; e?: string; c?: string }) {
  return f.method === 'matrix'
    ? { method: 'matrix' as const, likelihood: Number(f.likelihood), severity: Number(f.severity) }
    : { method: 'lec' as const, l: Number(f.l), e: Number(f.e), c: Number(f.c) };
}
