import { isDeliverableAddress, normalizeAddress } from '../../notifications/domain/escape.js';
import type { Order } from '../../orders/domain/order.js';
import type { ProgressKind } from './erasure.js';
import type { SentEmail, StoredEvent, StoredTicket } from './ports.js';
import {
  erasedTicketFields,
  eraseEventData,
  eraseOrderContact,
  personalTicketFields,
  sameJson,
  TOMBSTONE,
} from './tombstone.js';

/** What is held about a customer (or about one ticket), as read before a run plans its steps. */
export interface Holdings {
  readonly tickets: readonly { readonly stored: StoredTicket; readonly events: readonly StoredEvent[] }[];
  readonly orders: readonly Order[];
  readonly sentEmails: readonly SentEmail[];
  /** Addresses with a suppression still stored under the address itself. */
  readonly suppressedAddresses: readonly string[];
}

/** One write of an erasure. */
export type ErasureStep =
  | { readonly kind: 'sentEmails'; readonly key: string }
  | { readonly kind: 'suppressions'; readonly address: string }
  | { readonly kind: 'timelineEvents'; readonly stored: StoredEvent }
  | { readonly kind: 'tickets'; readonly stored: StoredTicket }
  | { readonly kind: 'orders'; readonly order: Order };

/** Kinds in the order a run takes them. */
export const stepOrder: readonly ProgressKind[] = [
  'sentEmails',
  'suppressions',
  'timelineEvents',
  'tickets',
  'orders',
];

/** The distinct addresses (normalized) that tickets and orders give for the customer. */
export function addressesOf(holdings: Pick<Holdings, 'tickets' | 'orders'>): string[] {
  const found = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (value && value !== TOMBSTONE && isDeliverableAddress(value.trim()))
      found.add(normalizeAddress(value));
  };
  for (const { stored } of holdings.tickets) add(stored.ticket.customerEmail);
  for (const order of holdings.orders) add(order.customerEmail);
  return [...found].sort();
}

/** The sent-log entries that may exist for these tickets: each event, to the ticket's address. */
export function sentEmailPairs(holdings: Pick<Holdings, 'tickets'>): { eventId: string; address: string }[] {
  return holdings.tickets.flatMap(({ stored, events }) => {
    const address = stored.ticket.customerEmail;
    if (!address || address === TOMBSTONE) return [];
    return events.map(({ event }) => ({ eventId: event.id, address }));
  });
}

function ticketNeedsErasure(stored: StoredTicket): boolean {
  if (!stored.erasedAt) return true;
  const erased = erasedTicketFields(stored.ticket);
  return personalTicketFields.some((field) => !sameJson(erased[field], stored.ticket[field]));
}

/**
 * The steps still to do, in the order they must be done: first everything keyed by an address
 * (sent-log entries, suppressions), while tickets and orders still name the addresses; then the
 * timelines, the tickets and the orders. A crash at any point leaves a state from which the same
 * plan, made again, finishes the work. What is erased already needs no step.
 */
export function planErasure(holdings: Holdings): ErasureStep[] {
  const steps: ErasureStep[] = [];
  for (const email of holdings.sentEmails) steps.push({ kind: 'sentEmails', key: email.key });
  for (const address of holdings.suppressedAddresses) steps.push({ kind: 'suppressions', address });
  for (const { events } of holdings.tickets) {
    for (const stored of events) {
      if (!sameJson(eraseEventData(stored.event.type, stored.event.data), stored.event.data)) {
        steps.push({ kind: 'timelineEvents', stored });
      }
    }
  }
  for (const { stored } of holdings.tickets) {
    if (ticketNeedsErasure(stored)) steps.push({ kind: 'tickets', stored });
  }
  for (const order of holdings.orders) {
    if (
      !sameJson(eraseOrderContact(order), {
        customerEmail: order.customerEmail,
        customerName: order.customerName,
      })
    ) {
      steps.push({ kind: 'orders', order });
    }
  }
  return steps;
}
