import type { QueueName } from '../../../lib/config/queues.js';
import type { TicketEventEnvelope } from '../../tickets/contracts/events.js';

/** Port: the public event bus the shop platform listens to. */
export interface EventBus {
  publish(event: TicketEventEnvelope): Promise<void>;
}

/** Port: the workflow queues. */
export interface QueuePublisher {
  send(queue: QueueName, event: TicketEventEnvelope): Promise<void>;
}
