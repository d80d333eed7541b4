import type { RoutingRuleRepository } from '../domain/ports.js';
import { type RoutingDecision, route, type TicketFacts } from '../domain/routing.js';

/**
 * Routes a new ticket with the rules in force (one read). The ticket core calls it before it
 * writes the ticket: the decision sets `team` and `priority` and becomes the `TicketRouted`
 * timeline event in the creating transaction.
 */
export function makeRouteTicket({ rules }: { readonly rules: RoutingRuleRepository }) {
  return async (facts: TicketFacts): Promise<RoutingDecision> => route(facts, (await rules.current()).rules);
}
