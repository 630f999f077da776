/**
 * The joint meeting's words: kinds of meeting, a unit's answer and attendance, what became of an agenda
 * item, the states of a supervision order. The schema stores these as typed columns; views and the
 * catalogues take them from here (resolution states and feedback schedules live in ./resolutions.ts,
 * agenda kinds and reasons in ./agenda.ts).
 */

/** 定期风险研判会议 · 全体会议 · 临时会议 · 专题研判会议 */
export const MEETING_KINDS = ['regular', 'plenary', 'adhoc', 'thematic'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ['scheduled', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** A unit's answer to its invitation: not yet, attending, on leave (请假), sending a stand-in. */
export const RESPONSES = ['pending', 'attending', 'leave', 'standIn'] as const;
export type InvitationResponse = (typeof RESPONSES)[number];

/** Who was actually there: present, on leave, a stand-in (the liaison officer), absent. */
export const ATTENDANCE = ['present', 'leave', 'standIn', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/** What the sitting did with an agenda item ('' while it was not reached). */
export const AGENDA_OUTCOMES = ['discussed', 'decided', 'deferred'] as const;
export type AgendaOutcome = '' | (typeof AGENDA_OUTCOMES)[number];

/** 督办单: open (the unit must answer), answered (the bureau checks), closed. */
export const ORDER_STATUSES = ['open', 'answered', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** What a document is attached to. */
export const ATTACHMENT_OWNERS = ['topic', 'resolutionNote'] as const;
export type AttachmentOwner = (typeof ATTACHMENT_OWNERS)[number];
