import { z } from 'zod';
import { ATTENDANCE, MEETING_KINDS } from '../db/schema/index.js';
import { isValidDate } from '../lib/shanghai-time.js';
import { idList, oneOf, optionalId, optionalText, requiredId, requiredText, versionField } from '../lib/form-fields.js';
import { FEEDBACK_SCHEDULES } from './resolutions.js';

const time = () =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'meeting.time.invalid');

export const meetingSchema = z.object({
  number: requiredText(40),
  title: requiredText(120),
  kind: oneOf(MEETING_KINDS),
  convener: optionalText(60),
  chair: optionalText(60),
  date: z.string({ error: 'validation.required' }).trim().refine(isValidDate, 'validation.date'),
  startTime: time(),
  endTime: time(),
  place: optionalText(120),
  departmentIds: idList(),
  repeat: z.string().optional(),
  count: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.coerce.number({ error: 'meeting.count' }).int('meeting.count').min(2, 'meeting.count').max(24, 'meeting.count').optional()),
});

export const respondSchema = z.object({
  response: oneOf(['attending', 'leave', 'standIn'] as const),
  responseNote: optionalText(200),
});

export const attendanceSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export const ATTENDANCE_VALUES = ATTENDANCE;

/** A supervision order (督办单) to a unit. */
export const orderSchema = z.object({
  departmentId: requiredId(),
  hazardId: optionalId(),
  resolutionId: optionalId(),
  requirements: requiredText(2000),
  deadline: z.string({ error: 'validation.required' }).trim().refine(isValidDate, 'validation.date'),
  documentNumber: optionalText(40),
});

/** The bureau's check of a unit's answer to an order. */
export const checkSchema = z.object({ version: versionField(), result: oneOf(['satisfied', 'followUp'] as const), checkNote: optionalText(1000) });

/** A resolution (议定事项) decided at a meeting. */
export const resolutionSchema = z.object({
  content: requiredText(1000),
  leadDepartmentId: requiredId(),
  supportDepartmentIds: idList(),
  deadline: z.string({ error: 'validation.required' }).trim().refine(isValidDate, 'validation.date'),
  feedbackSchedule: oneOf(FEEDBACK_SCHEDULES),
});
