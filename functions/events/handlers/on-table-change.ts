import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import {
  customerErasedEvent,
  type ErasureRequestedMessage,
  erasureRequestedMessageSchema,
} from '../../privacy/contracts/erasure.js';
import { logger, metrics } from '../../shared/observability.js';
import { streamConsumer } from '../../shared/queue-consumer.js';
import {
  type TicketEventEnvelope,
  ticketEventCatalog,
  ticketEventEnvelopeSchema,
  ticketEventHeaderSchema,
} from '../../tickets/contracts/events.js';
import { publicEventBus, queuePublisher } from '../compose.js';
import type { PrivacyPublicEvent } from '../domain/ports.js';
import { makeRouteEvent } from '../use-cases/route-event.js';

let routeEvent: ReturnType<typeof makeRouteEvent> | undefined;

/** A committed event that does not match the catalog: it is never routed, and reaches the DLQ. */
export class MalformedEventError extends Error {
  constructor(
    readonly event: { readonly id: string; readonly type: string; readonly ticketId: string },
    readonly issues: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(`Event ${event.id} (${event.type}) of ticket ${event.ticketId} does not match the event catalog.`);
    this.name = 'MalformedEventError';
  }
}

/**
 * The transactional outbox's far end: committed timeline events leave the table here, checked
 * against the catalog — the envelope, the type, and that type's data. What does not match throws
 * (a failed record: the stream retries it, then its DLQ keeps it); nothing half-valid is routed.
 */
export function envelopeFrom(record: DynamoDBRecord): TicketEventEnvelope | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const image = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  if (image.entityType !== 'TicketEvent') return undefined;
  const version = ticketEventCatalog[image.type as keyof typeof ticketEventCatalog]?.version ?? 1;
  const header = ticketEventHeaderSchema.parse({ ...image, version });
  const parsed = ticketEventEnvelopeSchema.safeParse(header);
  if (!parsed.success) {
    throw new MalformedEventError(
      header,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}

/** A stored SLA policy changed: open tickets must move onto it (the SLA worker does that). */
export function policyChangeFrom(record: DynamoDBRecord): { policyId: string; version: number } | undefined {
  if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !record.dynamodb?.NewImage)
    return undefined;
  const image = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  if (image.entityType !== 'SlaPolicy') return undefined;
  return { policyId: String(image.id), version: Number(image.version) };
}

function imagesOf(record: DynamoDBRecord) {
  const image = (raw: unknown) => (raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined);
  return { next: image(record.dynamodb?.NewImage), previous: image(record.dynamodb?.OldImage) };
}

/**
 * A run of an erasure was requested: the job item written with `status: requested`, new or with
 * a new `run` (a later write of the same run, its progress, is not a request). The privacy worker
 * takes it from its queue (ADR 11): jobs are not ticket events, so no subscription names them.
 */
export function erasureRequestFrom(record: DynamoDBRecord): ErasureRequestedMessage | undefined {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return undefined;
  const { next, previous } = imagesOf(record);
  if (next?.entityType !== 'ErasureJob' || next.status !== 'requested') return undefined;
  if (previous?.run === next.run) return undefined;
  return erasureRequestedMessageSchema.parse({ erasureId: next.id, run: next.run });
}

/** A finished erasure's outbox entry: `CustomerErased`, for the shop platform only (never mailed). */
export function privacyEventFrom(record: DynamoDBRecord): PrivacyPublicEvent | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const { next } = imagesOf(record);
  if (next?.entityType !== 'PrivacyEvent' || next.type !== customerErasedEvent.name) return undefined;
  return {
    id: String(next.id),
    type: customerErasedEvent.name,
    version: customerErasedEvent.version,
    at: String(next.at),
    data: customerErasedEvent.data.parse(next.data),
  };
}

async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const queues = queuePublisher();
  const policyChange = policyChangeFrom(record);
  if (policyChange) {
    await queues.sendMessage('sla-timers', 'SlaPolicyChanged', { kind: 'policy-changed', ...policyChange });
    return;
  }
  const erasure = erasureRequestFrom(record);
  if (erasure) {
    await queues.sendMessage('privacy', 'ErasureRequested', erasure);
    return;
  }
  const privacyEvent = privacyEventFrom(record);
  if (privacyEvent) {
    await publicEventBus().publish(privacyEvent);
    logger.debug('Published event', { eventId: privacyEvent.id, type: privacyEvent.type });
    return;
  }
  const event = malformedReported(() => envelopeFrom(record));
  if (!event) return;
  routeEvent ??= makeRouteEvent({
    bus: publicEventBus(),
    queues,
  });
  await routeEvent(event);
  logger.debug('Routed event', { eventId: event.id, type: event.type, ticketId: event.ticketId });
}

/**
 * Counts an event that does not match the catalog, then fails its record. The batch consumer logs
 * the failure once, with the error's event (id, type, ticket) and the catalog's issues.
 */
function malformedReported<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MalformedEventError) metrics.addMetric('MalformedEvents', MetricUnit.Count, 1);
    throw error;
  }
}

export const handler = streamConsumer({ handle: recordHandler });
