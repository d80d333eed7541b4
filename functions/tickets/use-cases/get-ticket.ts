import type { Principal } from '../../shared/principal.js';
import { assertVisible, type TicketDeps } from './deps.js';
import { toTicketView } from './ticket-view.js';

export function makeGetTicket({ tickets, clock }: Pick<TicketDeps, 'tickets' | 'clock'>) {
  return async (principal: Principal, ticketId: string) => {
    const found = await tickets.getWithTimeline(ticketId);
    const ticket = assertVisible(found?.ticket, principal, ticketId);
    return toTicketView(ticket, principal, clock.now(), found?.events ?? []);
  };
}
