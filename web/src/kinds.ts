import type { components } from './api/schema.js';

type CreateTicketRequest = components['schemas']['CreateTicketRequest'];
type TicketType = CreateTicketRequest['type'];
type Reason = CreateTicketRequest['reason'];
export type Priority = NonNullable<
  components['schemas']['PutSlaPolicyRequest']['match']['priorities']
>[number];

// Records keyed by the API's enums: a type, reason or priority added to the contract fails the build here.
const typeSet: Record<TicketType, true> = {
  refund: true,
  return: true,
  exchange: true,
  repair: true,
  complaint: true,
  inquiry: true,
};
const reasonSet: Record<Reason, true> = {
  defective: true,
  damaged_in_transit: true,
  wrong_item: true,
  not_as_described: true,
  missing_item: true,
  late_delivery: true,
  size_or_fit: true,
  no_longer_needed: true,
  not_shipped: true,
  not_received: true,
  service: true,
  other: true,
};
const prioritySet: Record<Priority, true> = { low: true, normal: true, high: true, urgent: true };

export const ticketTypes = Object.keys(typeSet) as TicketType[];
export const allReasons = Object.keys(reasonSet) as Reason[];
export const allPriorities = Object.keys(prioritySet) as Priority[];
