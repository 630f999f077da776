/**
 * The shapes the meeting pages receive: views import their types from here (and words from
 * ./vocabulary.ts), never from the database schema or a service.
 */
import type { agendaItems, meetingMinutes, meetings, minutesAddenda } from '../db/schema/index.js';

export type { MeetingDetail } from './service.js';
export type { OrderDetail } from './order-service.js';
export type { ResolutionDetail } from './resolution-service.js';
export type MeetingRow = typeof meetings.$inferSelect;
export type AgendaItemRow = typeof agendaItems.$inferSelect;
export type MinutesRow = typeof meetingMinutes.$inferSelect;
export type MinutesAddendumRow = typeof minutesAddenda.$inferSelect;
