import { type TicketEventEnvelope, ticketEventEnvelopeSchema } from '../../tickets/contracts/events.js';
import type { EventBus, QueuePublisher } from '../domain/ports.js';
import { destinationsOf, type RoutingRule, routingRules } from '../domain/routing.js';

export interface RouteEventDeps {
  readonly bus: EventBus;
  readonly queues: QueuePublisher;
  readonly rules?: readonly RoutingRule[];
}

/**
 * The event a watchdog re-drive carries: the one whose processing stalled. It goes again to its
 * workflow queues only — never to the notifier or the bus, which saw it the first time.
 */
export function redrivenEvent(event: TicketEventEnvelope): TicketEventEnvelope | undefined {
  if (event.type !== 'WorkflowRedriven') return undefined;
  const inner = event.data.event as Record<string, unknown> | undefined;
  const parsed = ticketEventEnvelopeSchema.safeParse({ version: 1, ...inner });
  return parsed.success ? parsed.data : undefined;
}

/** Delivers one committed event to every destination. Delivery is at least once: consumers dedupe on `id`. */
export function makeRouteEvent({ bus, queues, rules = routingRules }: RouteEventDeps) {
  return async (event: TicketEventEnvelope): Promise<void> => {
    const original = redrivenEvent(event);
    const redrive = original
      ? destinationsOf(original, rules)
          .queues.filter((queue) => queue !== 'notifications')
          .map((queue) => queues.send(queue, original))
      : [];
    const destinations = destinationsOf(event, rules);
    await Promise.all([
      ...redrive,
      ...destinations.queues.map((queue) => queues.send(queue, event)),
      ...(destinations.bus ? [bus.publish(event)] : []),
    ]);
  };
}
