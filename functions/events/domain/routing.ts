import type { QueueName } from '../../../lib/config/queues.js';
import { notifierWants } from '../../notifications/domain/kinds.js';
import type { TicketEventEnvelope } from '../../tickets/contracts/events.js';

/** Which workflow queue wants which events. Each workflow adds its rule when its consumer lands. */
export interface RoutingRule {
  readonly queue: QueueName;
  readonly matches: (event: TicketEventEnvelope) => boolean;
}

export const routingRules: readonly RoutingRule[] = [
  /** Customer email for every customer-visible event; staff email for SLA alerts and escalations. */
  { queue: 'notifications', matches: notifierWants },
  /** Auto-approval, payment start and payment of refunds (and of returns that passed inspection). */
  {
    queue: 'refunds',
    matches: (e) =>
      (e.ticketType === 'refund' &&
        ['TicketCreated', 'TicketApproved', 'RefundRequested'].includes(e.type)) ||
      (e.ticketType === 'return' && ['InspectionCompleted', 'RefundRequested'].includes(e.type)),
  },
  /** Pickup booking or drop-off instructions once a return, exchange or repair is approved. */
  {
    queue: 'returns',
    matches: (e) => ['return', 'exchange', 'repair'].includes(e.ticketType) && e.type === 'TicketApproved',
  },
  /** Immediate acknowledgement into the complaint team's queue. */
  { queue: 'complaints', matches: (e) => e.ticketType === 'complaint' && e.type === 'TicketCreated' },
];

export interface Destinations {
  readonly queues: readonly QueueName[];
  /** Public events also go to the event bus, for the shop platform. */
  readonly bus: boolean;
}

export function destinationsOf(
  event: TicketEventEnvelope,
  rules: readonly RoutingRule[] = routingRules,
): Destinations {
  const queues = [...new Set(rules.filter((rule) => rule.matches(event)).map((rule) => rule.queue))];
  return { queues, bus: event.visibility === 'public' };
}
