/**
 * The risk register's words (风险分级管控). A risk point's place reuses the hazard register's subject and
 * distance words; its level is the same four colours, scored by the same configured method.
 */
import type { SubjectType } from '../hazards/vocabulary.js';

/** 校内 (a campus area) · 校园周边 (with a distance band): a risk point is never at an institution. */
export const RISK_PLACES = ['campus', 'surroundings'] as const satisfies readonly SubjectType[];
export type RiskPlace = (typeof RISK_PLACES)[number];

/** The four kinds of control measure: 工程技术 · 管理 · 个体防护 · 应急处置. */
export const CONTROL_KINDS = ['engineering', 'management', 'personal', 'emergency'] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];

/** Review status of a point, computed from its next review date and today (Shanghai). */
export const REVIEW_STATUSES = ['overdue', 'due', 'ok'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
