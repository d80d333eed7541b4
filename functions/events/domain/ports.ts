import type { QueueName } from '../../shared/queue-catalog.js';
import type { TicketEventEnvelope } from '../../tickets/contracts/events.js';

/** Port: the public event bus the shop platform listens to. */
export interface EventBus {
  publish(event: TicketEventEnvelope): Promise<void>;
}

/** Port: the workflow queues. */
export interface QueuePublisher {
  send(queue: QueueName, event: TicketEventEnvelope): Promise<void>;
  /** A message that is not a ticket event (e.g. a policy change for the SLA worker). */
  sendMessage(queue: QueueName, type: string, body: Readonly<Record<string, unknown>>): Promise<void>;
}
