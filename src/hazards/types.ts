/**
 * The shapes the hazard pages receive: views import their types from here (and words from
 * ./vocabulary.ts), never from the database schema or a service.
 */
export type { HazardDetail, TimelineEntry } from './detail.js';
export type { RegisterOptions, ReportOptions } from './options.js';
export type { RegisterFilter, RegisterPage, RegisterRow } from './register.js';
export type { PhotoRow } from '../photos/service.js';
