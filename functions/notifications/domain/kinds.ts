/** Which ticket events become email. Plain data: the event router reads it too. */

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

/** Whether the notifier wants an event: every customer-visible one, and the staff alerts. */
export function notifierWants(event: { readonly type: string; readonly visibility: string }): boolean {
  return event.visibility === 'public' || (staffMailKinds as readonly string[]).includes(event.type);
}
