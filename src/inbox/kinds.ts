/** What the inbox tells people about: each kind has its text in the catalogues (notice.<kind>). */
export const NOTIFICATION_KINDS = [
  'hazardReported',
  'hazardAssigned',
  'hazardSupport',
  'hazardRejected',
  'hazardRectified',
  'extensionRequested',
  'controlRequested',
  'extensionGranted',
  'extensionRefused',
  'deadlineSoon',
  'deadlineMissed',
  'resolutionAssigned',
  'resolutionReported',
  'resolutionSentBack',
  'orderIssued',
  'orderAnswered',
  'orderFollowUp',
  'agendaPublished',
  'topicProposed',
  'meetingCancelled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
