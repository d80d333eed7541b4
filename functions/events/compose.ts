import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { getSqsClient } from '../shared/sqs-client.js';
import { EventBridgeEventBus } from './adapters/event-bus.eventbridge.js';
import { SqsQueuePublisher } from './adapters/queue-publisher.sqs.js';
import { eventsConfig } from './config.js';

let bus: EventBridgeEventBus | undefined;

/** The public bus of the stage (`eventsConfig`), built once per process. */
export function publicEventBus(): EventBridgeEventBus {
  bus ??= new EventBridgeEventBus(new EventBridgeClient({}), eventsConfig.get().eventBusName);
  return bus;
}

let queues: SqsQueuePublisher | undefined;

/** The workers' queues, by name, built once per process. */
export function queuePublisher(): SqsQueuePublisher {
  queues ??= new SqsQueuePublisher(getSqsClient());
  return queues;
}
