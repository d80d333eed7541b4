import type { QueueName } from '../../shared/queue-catalog.js';
import type { TicketEventEnvelope } from '../../tickets/contracts/events.js';

/**
 * A public event: a ticket event, or another context's (the privacy context's `CustomerErased`),
 * each with an id, a name and a time; the whole event is the bus entry's detail.
 */
export type PublicEvent = TicketEventEnvelope | PrivacyPublicEvent;

/** `CustomerErased` as the shop platform receives it. */
export interface PrivacyPublicEvent {
  readonly id: string;
  readonly type: 'CustomerErased';
  readonly version: number;
  readonly at: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Port: the public event bus the shop platform listens to. */
export interface EventBus {
  publish(event: PublicEvent): Promise<void>;
}

/** Port: the workflow queues. */
export interface QueuePublisher {
  send(queue: QueueName, event: TicketEventEnvelope): Promise<void>;
  /** A message that is not a ticket event (e.g. a policy change for the SLA worker). */
  sendMessage(queue: QueueName, type: string, body: Readonly<Record<string, unknown>>): Promise<void>;
}
