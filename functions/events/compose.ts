import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeEventBus } from './adapters/event-bus.eventbridge.js';
import { eventsConfig } from './config.js';

let bus: EventBridgeEventBus | undefined;

/** The public bus of the stage (`eventsConfig`), built once per process. */
export function publicEventBus(): EventBridgeEventBus {
  bus ??= new EventBridgeEventBus(new EventBridgeClient({}), eventsConfig.get().eventBusName);
  return bus;
}
