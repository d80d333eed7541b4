/**
 * Which ticket events become email. What reaches the notifier at all is its subscription in
 * functions/events/workers.ts (every public event, and these staff alerts).
 */

/** The events a customer gets an email for (a staff reply is a public `MessageAdded`). */
export const customerMailKinds = [
  'TicketCreated',
  'TicketApproved',
  'TicketRejected',
  'PickupBooked',
  'ReturnShipped',
  'ReturnReceived',
  'InspectionCompleted',
  'RefundIssued',
  'RefundFailed',
  'InfoRequested',
  'MessageAdded',
  'TicketResolved',
  'SurveyRequested',
  'TicketReopened',
  'TicketCancelled',
  'TicketClosed',
  'ComplaintAcknowledged',
  'ReturnAuthorized',
  'OutboundShipped',
  'RepairStarted',
  'RepairCompleted',
  'ReturnShipmentReminder',
  'TicketAppealed',
  'TicketMergedIn',
] as const;
export type CustomerMailKind = (typeof customerMailKinds)[number];

/** The events staff get an email for. */
export const staffMailKinds = [
  'SlaWarning',
  'SlaBreached',
  'TicketEscalated',
  'RefundAttentionNeeded',
  'ApprovalEscalated',
  'WorkflowStuck',
] as const;
export type StaffMailKind = (typeof staffMailKinds)[number];
