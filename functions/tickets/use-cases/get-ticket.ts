import { isStaff, type Principal } from '../../shared/principal.js';
import type { TicketView } from '../contracts/ticket-views.js';
import { assertVisible, type TicketDeps } from './deps.js';
import { toCustomerTicketView, toStaffTicketView } from './ticket-view.js';

/** Port: the macros that answer a ticket's classification labels, best first (the macros context). */
export interface MacroSuggestions {
  forLabels(labels: readonly string[]): Promise<NonNullable<TicketView['suggestedMacros']>>;
}

export interface GetTicketDeps extends Pick<TicketDeps, 'tickets' | 'clock'> {
  /** Staff see the macros suggested for the ticket's labels, worked out at read time. */
  readonly suggestions?: MacroSuggestions;
}

export function makeGetTicket({ tickets, clock, suggestions }: GetTicketDeps) {
  return async (principal: Principal, ticketId: string) => {
    const found = await tickets.getWithTimeline(ticketId);
    const ticket = assertVisible(found?.ticket, principal, ticketId);
    const events = found?.events ?? [];
    if (!isStaff(principal)) return toCustomerTicketView(ticket, principal, clock.now(), events);
    const view = toStaffTicketView(ticket, principal, clock.now(), events);
    if (!suggestions) return view;
    const labels = ticket.classification?.labels.map((entry) => entry.label) ?? [];
    return { ...view, suggestedMacros: labels.length > 0 ? await suggestions.forLabels(labels) : [] };
  };
}
