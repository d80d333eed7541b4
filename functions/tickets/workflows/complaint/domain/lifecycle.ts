import { ticketStatuses } from '../../../../kernel/ticket-kinds.js';
import { defineLifecycle, type Transition } from '../../../domain/lifecycle.js';
import type { Ticket } from '../../../domain/ticket.js';
import { refuse, step } from '../../steps.js';

/**
 * A complaint is acknowledged at once, in the team routing gave it (the complaints team unless a
 * rule sent it elsewhere, e.g. a VIP customer's to the vip team).
 */
export function acknowledgeComplaint(ticket: Ticket, now: Date): Transition {
  if (ticket.type !== 'complaint' || ticket.status !== 'open') refuse(ticket, 'acknowledge');
  return {
    ticket: step(ticket, 'acknowledged', now),
    events: [{ type: 'ComplaintAcknowledged', visibility: 'public', data: { team: ticket.team } }],
  };
}

/**
 * Complaint: open → acknowledged (at once, by the complaints worker, in its routed team's
 * queue) → resolved (with a summary the customer sees) → closed.
 */
export const complaintLifecycle = defineLifecycle({
  type: 'complaint',
  initialStatus: 'open',
  statuses: ticketStatuses.complaint,
  workingStatuses: ['open', 'acknowledged'],
  cancellableFrom: ['open', 'acknowledged'],
  closableFrom: [],
  requireResolutionSummary: true,
});
