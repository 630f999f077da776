/**
 * Every kind of history event (the `action` of an events row), by the record it is about. The history is
 * evidence: a kind is named here before any code may write it, and the hazard timeline has a text for
 * each hazard kind in the catalogues (event.<kind>).
 */
export const HAZARD_EVENTS = [
  'reported', 'verified', 'dismissed', 'withdrawn', 'fixedOnSpot', 'assigned', 'planUpdated', 'rectificationStarted',
  'progress', 'supportReported', 'controlled', 'controlRequested', 'resumed',
  'extensionRequested', 'extensionGranted', 'extensionRefused', 'completed', 'accepted', 'rejected', 'closed',
  'listed', 'unlisted', 'unlistedAtClose', 'linkedDuplicate', 'deferred', 'orderIssued',
] as const;

export const MEETING_EVENTS = [
  'scheduled', 'updated', 'cancelled', 'responded', 'attendanceRecorded', 'opened', 'closed', 'topicProposed',
  'agendaProposed', 'agendaPublished', 'agendaChanged', 'agendaItemAdded', 'agendaNoted', 'itemOutcome',
  'minutesDrafted', 'minutesEdited', 'minutesIssued', 'minutesAddendum',
] as const;

export const RESOLUTION_EVENTS = ['created', 'feedback', 'reportDone', 'confirm', 'sendBack', 'cancel', 'meetingReport', 'meetingDone', 'meetingContinued'] as const;

export const ORDER_EVENTS = ['issued', 'answered', 'satisfied', 'followUp'] as const;

export const ACCOUNT_EVENTS = [
  'created', 'updated', 'activated', 'deactivated', 'roleChanged', 'passwordChanged', 'passwordReset', 'signedOutEverywhere', 'calendarFeedIssued',
  'signedIn', 'signInFailed', 'lockedOut', 'recoveryCodeUsed', 'twoFactorEnabled', 'twoFactorDisabled', 'twoFactorReset', 'recoveryCodesRenewed',
] as const;

/** A risk point's history (entity 'riskPoint'); each has a text in the catalogues (event.<kind>). */
export const RISK_EVENTS = ['riskRecorded', 'riskEdited', 'riskAssessed', 'riskRetired'] as const;

/** A request the policy refused (403), for the security log. */
export const REQUEST_EVENTS = ['forbidden'] as const;

export const EVENT_KINDS = [...new Set([...HAZARD_EVENTS, ...MEETING_EVENTS, ...RESOLUTION_EVENTS, ...ORDER_EVENTS, ...RISK_EVENTS, ...ACCOUNT_EVENTS, ...REQUEST_EVENTS])];
export type EventKind =
  | (typeof HAZARD_EVENTS)[number]
  | (typeof MEETING_EVENTS)[number]
  | (typeof RESOLUTION_EVENTS)[number]
  | (typeof ORDER_EVENTS)[number]
  | (typeof RISK_EVENTS)[number]
  | (typeof ACCOUNT_EVENTS)[number]
  | (typeof REQUEST_EVENTS)[number];
