import type { TicketType } from '../../kernel/ticket-kinds.js';
import type { QueueName } from '../../shared/queue-catalog.js';
import type { TicketEventEnvelope, TicketEventName } from '../../tickets/contracts/events.js';
import { queueConsumers } from '../workers.js';

/** A subscription with its names checked against the event catalog and the ticket types. */
export interface CheckedSubscription {
  readonly events?: readonly TicketEventName[];
  readonly ticketTypes?: readonly TicketType[];
  readonly visibility?: 'public' | 'internal';
}

/** Which workflow queue wants which events. */
export interface RoutingRule {
  readonly queue: QueueName;
  readonly subscriptions: readonly CheckedSubscription[];
}

/** The queue consumers as the router reads them: names checked against the catalog. */
interface Subscriber {
  readonly queue: QueueName;
  readonly subscriptions?: readonly CheckedSubscription[];
}

function rulesOf(consumers: readonly Subscriber[]): RoutingRule[] {
  return consumers.flatMap(({ queue, subscriptions }) => (subscriptions ? [{ queue, subscriptions }] : []));
}

/**
 * The rules, read from each queue consumer's `subscriptions` (functions/events/workers.ts): the one
 * place where a worker says what it takes. Passing the list through `rulesOf` makes the compiler
 * refuse an event or ticket type the catalog does not know.
 */
export const routingRules: readonly RoutingRule[] = rulesOf(queueConsumers);

/** Whether one subscription takes the event. */
export function takes(
  subscription: CheckedSubscription,
  event: Pick<TicketEventEnvelope, 'type' | 'ticketType' | 'visibility'>,
): boolean {
  return (
    (subscription.events?.includes(event.type) ?? true) &&
    (subscription.ticketTypes?.includes(event.ticketType) ?? true) &&
    (subscription.visibility === undefined || subscription.visibility === event.visibility)
  );
}

export interface Destinations {
  readonly queues: readonly QueueName[];
  /** Public events also go to the event bus, for the shop platform. */
  readonly bus: boolean;
}

export function destinationsOf(
  event: TicketEventEnvelope,
  rules: readonly RoutingRule[] = routingRules,
): Destinations {
  const queues = [
    ...new Set(
      rules
        .filter((rule) => rule.subscriptions.some((subscription) => takes(subscription, event)))
        .map((rule) => rule.queue),
    ),
  ];
  return { queues, bus: event.visibility === 'public' };
}
