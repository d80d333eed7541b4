import { normalizeAddress } from '../../notifications/domain/escape.js';

/**
 * The single-table keys this context reads and rewrites. Items of other contexts are read by the
 * keys their own adapters write (named beside each); the integration tests write those items
 * through the owners' adapters and read them back here, so a change of keys there fails here.
 */
export const privacyKeys = {
  /** functions/tickets/adapters/ticket-repository.dynamodb.ts: the ticket and its timeline. */
  ticketPartition: (ticketId: string) => `TICKET#${ticketId}`,
  ticket: (ticketId: string) => ({ PK: `TICKET#${ticketId}`, SK: 'TICKET' }),
  /** The ticket's detail item (description, pickup, inspection, rejection reason…; ADR 23). */
  ticketDetail: (ticketId: string) => ({ PK: `TICKET#${ticketId}`, SK: 'TICKET#DETAIL' }),
  /**
   * GSI1: a customer's tickets, `TICKET#<createdAt>#<id>`, and orders, `ORDER#<placedAt>#<id>`
   * (functions/orders/adapters/order-keys.ts).
   */
  customerTickets: (customerId: string) => `CUSTOMER#${customerId}`,
  /** functions/notifications/adapters/sent-log.dynamodb.ts: `EMAIL#<eventId>#<address>`. */
  sentEmail: (key: string) => ({ PK: `EMAIL#${key}`, SK: 'EMAIL' }),
  sentEmailKey: (eventId: string, address: string) => `${eventId}#${normalizeAddress(address)}`,
  /** functions/notifications/adapters/suppression-list.dynamodb.ts: by address. */
  suppression: (address: string) => ({ PK: `SUPPRESSION#${normalizeAddress(address)}`, SK: 'SUPPRESSION' }),
  /**
   * A suppression kept as the address's HMAC (notifications/domain/address-digest.ts). Addresses are stored lower
   * case, so no address key begins with the upper-case `HMAC#`: the two forms cannot collide.
   */
  hashedSuppression: (digest: string) => ({ PK: `SUPPRESSION#HMAC#${digest}`, SK: 'SUPPRESSION' }),
  /** Owned here: an erasure job, and the outbox entry of its `CustomerErased` event. */
  erasure: (erasureId: string) => ({ PK: `ERASURE#${erasureId}`, SK: 'ERASURE' }),
  erasureEvent: (erasureId: string, run: number) => ({
    PK: `ERASURE#${erasureId}`,
    SK: `EVENT#${String(run).padStart(4, '0')}`,
  }),
  /** Owned here: the customer is erased; the notifier mails them nothing. */
  erased: (customerId: string) => ({ PK: `ERASED#${customerId}`, SK: 'ERASED' }),
};

/** Attributes of a stored ticket that are storage, not ticket: keys, index keys, derived copies. */
const ticketStorageAttributes = new Set([
  'PK',
  'SK',
  'entityType',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'GSI4PK',
  'GSI4SK',
  'GSI5PK',
  'GSI5SK',
  'GSI6PK',
  'GSI6SK',
  'GSI7PK',
  'GSI7SK',
  'GSI8PK',
  'GSI8SK',
  'slaDueAt',
  'slaWarnAt',
  'erasedAt',
  'detailVersion',
]);

export function ticketOfItem(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !ticketStorageAttributes.has(key)));
}
