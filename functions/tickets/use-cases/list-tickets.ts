import { isStaff, type Principal } from '../../shared/principal.js';
import type { ListTicketsQuery } from '../contracts/ticket.js';
import type { TicketScope } from '../domain/ticket-repository.js';
import type { TicketDeps } from './deps.js';
import { toTicketView } from './ticket-view.js';

export function makeListTickets({ tickets, clock }: Pick<TicketDeps, 'tickets' | 'clock'>) {
  return async (principal: Principal, query: ListTicketsQuery) => {
    const now = clock.now();
    const scope = scopeFor(principal, query.view, now);
    const page = await tickets.list({
      scope,
      type: query.type,
      status: query.status,
      limit: query.limit,
      cursor: query.cursor,
    });
    return {
      items: page.items.map((ticket) => toTicketView(ticket, principal, now)),
      nextCursor: page.nextCursor,
    };
  };
}

/** Customers always get their own tickets, whatever view they ask for. */
function scopeFor(principal: Principal, view: ListTicketsQuery['view'], now: Date): TicketScope {
  if (!isStaff(principal)) return { kind: 'customer', customerId: principal.id };
  switch (view) {
    case 'unassigned':
      return { kind: 'assignee', assigneeId: null };
    case 'mine':
      return { kind: 'assignee', assigneeId: principal.id };
    case 'breaching':
      return { kind: 'breaching', now };
    case 'breached':
      return { kind: 'breached', now };
    default:
      return { kind: 'all' };
  }
}
