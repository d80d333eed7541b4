import type { TicketEventEnvelope } from '../../tickets/contracts/events.js';
import type { EventBus, QueuePublisher } from '../domain/ports.js';
import { destinationsOf, type RoutingRule, routingRules } from '../domain/routing.js';

export interface RouteEventDeps {
  readonly bus: EventBus;
  readonly queues: QueuePublisher;
  readonly rules?: readonly RoutingRule[];
}

/** Delivers one committed event to every destination. Delivery is at least once: consumers dedupe on `id`. */
export function makeRouteEvent({ bus, queues, rules = routingRules }: RouteEventDeps) {
  return async (event: TicketEventEnvelope): Promise<void> => {
    const destinations = destinationsOf(event, rules);
    await Promise.all([
      ...destinations.queues.map((queue) => queues.send(queue, event)),
      ...(destinations.bus ? [bus.publish(event)] : []),
    ]);
  };
}
