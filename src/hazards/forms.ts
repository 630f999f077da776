import { z } from 'zod';
import { DISTANCE_BANDS, HAZARD_SOURCES, LISTING_LEVELS, SUBJECT_TYPES } from '../db/schema/index.js';
import { checkbox, idList, oneOf, optionalId, optionalText, requiredId, requiredText, versionField } from '../lib/form-fields.js';
import { isValidDate, parseShanghaiInput } from '../lib/shanghai-time.js';
import { LEC_C_OPTIONS, LEC_E_OPTIONS, LEC_L_OPTIONS, MATRIX_OPTIONS } from './scoring.js';

/** Ids of uploaded photos carried by a form (hidden inputs), so they survive a failed submit. */
const photoIds = () =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((id) => /^[a-f0-9]{32}$/.test(id)).slice(0, 12));

const date = (message = 'validation.date') =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, 'validation.required')
    .refine((v) => isValidDate(v), message);

/** `<input type="datetime-local">` in Shanghai time → an instant. */
const localDateTime = () =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, 'validation.required')
    .refine((v) => parseShanghaiInput(v) !== null, 'validation.dateTime')
    .transform((v) => parseShanghaiInput(v)!);

export const reportSchema = z
  .object({
    subjectType: oneOf(SUBJECT_TYPES),
    distanceBand: z.preprocess((v) => (v === '' ? undefined : v), z.enum(DISTANCE_BANDS, { error: 'validation.choose' }).optional()),
    schoolId: optionalId(),
    institutionId: optionalId(),
    location: requiredText(200),
    categoryId: requiredId(),
    subItem: optionalText(100),
    description: requiredText(2000),
    source: oneOf(HAZARD_SOURCES),
    foundAt: localDateTime(),
    foundBy: optionalText(60),
    photoIds: photoIds(),
    submissionKey: z.string().max(64).optional(),
    recurrenceOfId: optionalId(),
    riskPointId: optionalId(),
  })
  .superRefine((v, ctx) => {
    if (v.subjectType === 'surroundings' && !v.distanceBand) ctx.addIssue({ code: 'custom', path: ['distanceBand'], message: 'hazard.distanceRequired' });
    if (v.subjectType === 'institution' && !v.institutionId) ctx.addIssue({ code: 'custom', path: ['institutionId'], message: 'validation.required' });
    if (v.subjectType !== 'institution' && !v.schoolId) ctx.addIssue({ code: 'custom', path: ['schoolId'], message: 'validation.required' });
  });

const versioned = { version: versionField() };

export const reasonSchema = z.object({ ...versioned, reason: requiredText(1000) });
/** 摘牌: the reason is required before acceptance (checked by the state machine, which knows the state). */
export const unlistSchema = z.object({ ...versioned, reason: optionalText(1000) });
export const listSchema = z.object({ ...versioned, reason: requiredText(1000), level: oneOf(LISTING_LEVELS), listedOn: date() });
export const noteSchema = z.object({ ...versioned, note: optionalText(1000) });
export const versionOnlySchema = z.object(versioned);

const numberIn = (options: readonly number[]) =>
  z.coerce.number({ error: 'validation.choose' }).refine((n) => options.includes(n), 'validation.choose');

/**
 * A major hazard graded blue or yellow: the supervisor ticks the confirmation and gives the reason. An
 * unticked box sends no reason, so a reason typed without the tick is not taken as confirmed.
 */
const lowLevel = { confirmMajorLowLevel: checkbox(), majorLowLevelReason: optionalText(1000) };

export const verifySchema = z.discriminatedUnion(
  'method',
  [
    z.object({ ...versioned, ...lowLevel, method: z.literal('matrix'), grade: oneOf(['ordinary', 'major'] as const), likelihood: numberIn(MATRIX_OPTIONS), severity: numberIn(MATRIX_OPTIONS), note: optionalText(1000) }),
    z.object({ ...versioned, ...lowLevel, method: z.literal('lec'), grade: oneOf(['ordinary', 'major'] as const), l: numberIn(LEC_L_OPTIONS), e: numberIn(LEC_E_OPTIONS), c: numberIn(LEC_C_OPTIONS), note: optionalText(1000) }),
  ],
  { error: 'validation.choose' },
);

export const assignSchema = z.object({
  ...versioned,
  assignedToSchool: checkbox(),
  leadDepartmentId: optionalId(),
  leadTask: optionalText(1000),
  supportDepartmentIds: idList(),
  deadline: date(),
  responsiblePerson: requiredText(60),
  measures: optionalText(2000),
  funds: optionalText(200),
  contingencyPlan: optionalText(2000),
  deadlineReason: optionalText(1000),
});

export const planSchema = z.object({
  ...versioned,
  measures: requiredText(2000),
  funds: requiredText(200),
  responsiblePerson: requiredText(60),
  contingencyPlan: requiredText(2000),
});

export const progressSchema = z.object({ ...versioned, text: requiredText(2000), photoIds: photoIds() });
export const completeSchema = z.object({ ...versioned, note: requiredText(2000), photoIds: photoIds() });
export const controlSchema = z.object({ ...versioned, interimMeasures: requiredText(2000), newTargetDate: date(), reason: requiredText(1000) });
export const extensionSchema = z.object({ ...versioned, newTargetDate: date(), reason: requiredText(1000) });
export const extensionDecisionSchema = z.object({ ...versioned, decision: oneOf(['grant', 'refuse'] as const), note: optionalText(1000) });
export const duplicateSchema = z.object({ ...versioned, duplicateOfId: requiredId() });
