import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/observability.js';
import { getSqsClient } from '../../shared/sqs-client.js';
import {
  type TicketEventEnvelope,
  ticketEventCatalog,
  ticketEventEnvelopeSchema,
} from '../../tickets/contracts/events.js';
import { SqsQueuePublisher } from '../adapters/queue-publisher.sqs.js';
import { publicEventBus } from '../compose.js';
import { makeRouteEvent } from '../use-cases/route-event.js';

const processor = new BatchProcessor(EventType.DynamoDBStreams);
let routeEvent: ReturnType<typeof makeRouteEvent> | undefined;

/** The transactional outbox's far end: committed timeline events leave the table here. */
export function envelopeFrom(record: DynamoDBRecord): TicketEventEnvelope | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const image = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  if (image.entityType !== 'TicketEvent') return undefined;
  const version = ticketEventCatalog[image.type as keyof typeof ticketEventCatalog]?.version ?? 1;
  return ticketEventEnvelopeSchema.parse({ ...image, version });
}

/** A stored SLA policy changed: open tickets must move onto it (the SLA worker does that). */
export function policyChangeFrom(record: DynamoDBRecord): { policyId: string; version: number } | undefined {
  if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !record.dynamodb?.NewImage)
    return undefined;
  const image = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  if (image.entityType !== 'SlaPolicy') return undefined;
  return { policyId: String(image.id), version: Number(image.version) };
}

let queues: SqsQueuePublisher | undefined;

async function recordHandler(record: DynamoDBRecord): Promise<void> {
  queues ??= new SqsQueuePublisher(getSqsClient());
  const policyChange = policyChangeFrom(record);
  if (policyChange) {
    await queues.sendMessage('sla-timers', 'SlaPolicyChanged', { kind: 'policy-changed', ...policyChange });
    return;
  }
  const event = envelopeFrom(record);
  if (!event) return;
  routeEvent ??= makeRouteEvent({
    bus: publicEventBus(),
    queues,
  });
  await routeEvent(event);
  logger.debug('Routed event', { eventId: event.id, type: event.type, ticketId: event.ticketId });
}

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
