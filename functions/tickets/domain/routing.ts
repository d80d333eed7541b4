import type { Channel, Priority, Reason, TicketType } from '../../kernel/ticket-kinds.js';

/** What routing sees of a ticket being opened (its order facts included). */
export interface RoutingFacts {
  readonly type: TicketType;
  readonly reason: Reason;
  readonly channel: Channel;
  readonly language: string;
  readonly customerTier: string;
  /** The order's total after discounts, minor units; null without an order. */
  readonly orderValue: number | null;
  readonly currency: string | null;
  readonly labels: readonly string[];
  /** The priority the ticket would have without routing. */
  readonly priority: Priority;
}

/** Where a new ticket goes: its team and priority, and which rule decided and why (for the timeline). */
export interface Routing {
  readonly team: string;
  readonly priority: Priority;
  readonly rule: { readonly id: string; readonly name: string } | null;
  readonly reason: string;
}

/**
 * Port: the routing rules in force, applied to a ticket before it is written. The staff context
 * implements it (functions/staff/use-cases/route-ticket.ts); the ticket core only records the
 * decision, in the creating transaction.
 */
export type RouteTicket = (facts: RoutingFacts) => Promise<Routing>;
