import type { Order } from '../../orders/domain/order.js';
import type { Ticket, TicketEvent } from '../../tickets/domain/ticket.js';

/**
 * What personal text reads after an erasure. Amounts, dates, SKUs, product names, statuses,
 * SLA clocks and ids stay: accounting and reports still add up, and nobody can be told apart by
 * what is left. Text that held nothing (null, '') stays as it was.
 */
export const TOMBSTONE = '[erased]';

export function tombstone<T extends string | null | undefined>(value: T): T | typeof TOMBSTONE {
  return typeof value === 'string' && value !== '' ? TOMBSTONE : value;
}

/**
 * The ticket's personal fields: the customer's address and everything written in words by the
 * customer or by staff about them (subject, description, pickup address, rejection reason,
 * inspection note, survey comment). Every other field is kept as it is.
 */
export const personalTicketFields = [
  'customerEmail',
  'subject',
  'description',
  'pickup',
  'rejectionReason',
  'inspection',
  'satisfaction',
] as const satisfies readonly (keyof Ticket)[];
export type PersonalTicketField = (typeof personalTicketFields)[number];

/** The ticket with its personal text replaced by tombstones. Idempotent. */
export function eraseTicket(ticket: Ticket): Ticket {
  return { ...ticket, ...erasedTicketFields(ticket) };
}

/** Only the personal fields of {@link eraseTicket}'s result: what an adapter writes back. */
export function erasedTicketFields(ticket: Ticket): Pick<Ticket, PersonalTicketField> {
  return {
    customerEmail: tombstone(ticket.customerEmail),
    subject: tombstone(ticket.subject),
    description: tombstone(ticket.description),
    pickup: ticket.pickup && { ...ticket.pickup, address: tombstone(ticket.pickup.address) },
    rejectionReason: tombstone(ticket.rejectionReason),
    inspection: ticket.inspection && { ...ticket.inspection, note: tombstone(ticket.inspection.note) },
    // An unrated ticket has no `satisfaction` at all (undefined): it stays without one.
    satisfaction: ticket.satisfaction && {
      ...ticket.satisfaction,
      comment: tombstone(ticket.satisfaction.comment),
    },
  };
}

/**
 * Per event type, the `data` fields that hold free text (messages, notes, reasons written by a
 * person, the payment provider's words, survey comments). A type listed with `[]` holds none.
 * Every type of the ticket event catalog is listed here (a unit test holds it to that); a type
 * that is not, is erased wholesale: each of its string values becomes a tombstone.
 */
export const personalEventData: Readonly<Record<string, readonly string[]>> = {
  TicketCreated: [],
  MessageAdded: ['body'],
  // Label names, scores and the config's own terms: nothing the customer wrote.
  TicketClassified: [],
  TicketAssigned: [],
  InfoRequested: ['message'],
  TicketResumed: [],
  TicketResolved: ['summary'],
  TicketReopened: ['reason'],
  TicketClosed: [],
  TicketCancelled: ['reason'],
  // Merges: ids and counts; a copied message is the words it copies.
  TicketMerged: [],
  TicketMergedIn: [],
  MessageCopied: ['body'],
  // Staff's tags: slugs of the desk's vocabulary, no one's words.
  TagAdded: [],
  TagRemoved: [],
  PriorityChanged: [],
  // Routing and assignment reasons name rules, tiers, order values and teams: no one's words.
  TicketRouted: [],
  TicketAutoAssigned: [],
  TicketQueued: [],
  TicketEscalated: ['note'],
  SlaWarning: [],
  SlaBreached: [],
  TicketApproved: ['note'],
  ReturnAuthorized: [],
  RefundRequested: [],
  TicketRejected: ['reason'],
  PickupBooked: [],
  ReturnShipped: [],
  ReturnReceived: ['note'],
  InspectionCompleted: ['note'],
  ReturnDelivered: [],
  ReturnShipmentReminder: [],
  TicketAppealed: ['reason'],
  AutoApprovalDeclined: [],
  // Carries the stalled event whole: erased by that event's own rule (below).
  WorkflowRedriven: [],
  WorkflowStuck: [],
  RefundIssued: [],
  RefundAttentionNeeded: ['reason'],
  RefundFailed: [],
  ApprovalEscalated: [],
  ComplaintAcknowledged: [],
  OutboundShipped: [],
  RepairStarted: ['note'],
  RepairCompleted: ['note'],
  SurveyRequested: [],
  SatisfactionRated: ['comment'],
};

type EventData = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An event's `data` with its personal text replaced by tombstones. Idempotent. */
export function eraseEventData(type: string, data: EventData): EventData {
  const fields = personalEventData[type];
  if (fields === undefined) {
    return Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? tombstone(value) : value]),
    );
  }
  const erased: Record<string, unknown> = { ...data };
  for (const field of fields) {
    const value = erased[field];
    if (typeof value === 'string') erased[field] = tombstone(value);
  }
  if (type === 'WorkflowRedriven' && isRecord(data.event)) {
    const carried = data.event;
    const carriedType = typeof carried.type === 'string' ? carried.type : '';
    erased.event = {
      ...carried,
      ...(isRecord(carried.data) ? { data: eraseEventData(carriedType, carried.data) } : {}),
    };
  }
  return erased;
}

/**
 * The timeline entry with its personal text replaced by tombstones. Idempotent. A tombstone is a
 * string where a string was, so the event keeps its type's shape.
 */
export function eraseEvent(event: TicketEvent): TicketEvent {
  return { ...event, data: eraseEventData(event.type, event.data) } as TicketEvent;
}

/** The order's contact facts (address, name) as tombstones; lines, money and dates stay. */
export function eraseOrderContact(
  order: Pick<Order, 'customerEmail' | 'customerName'>,
): Pick<Order, 'customerEmail' | 'customerName'> {
  return { customerEmail: tombstone(order.customerEmail), customerName: tombstone(order.customerName) };
}

/** Whether two JSON-shaped values are equal (erasure writes only what it changes). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((value, index) => sameJson(value, b[index]))
    );
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set(
    [...Object.keys(a), ...Object.keys(b)].filter((key) => a[key] !== undefined || b[key] !== undefined),
  );
  return [...keys].every((key) => sameJson(a[key], b[key]));
}
