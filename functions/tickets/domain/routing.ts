import type { RoutingDecision, TicketFacts } from '../../staff/domain/routing.js';

/** Where a new ticket goes: its team and priority, and which rule decided and why (for the timeline). */
export type Routing = RoutingDecision;

/**
 * Port: the routing rules in force, applied to a ticket before it is written. The staff context
 * (below the ticket core) owns the rules and the facts they read and implements it
 * (functions/staff/use-cases/route-ticket.ts); the ticket core only records the decision, in the
 * creating transaction.
 */
export type RouteTicket = (facts: TicketFacts) => Promise<RoutingDecision>;
