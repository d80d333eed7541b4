import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, metrics } from '../../shared/observability.js';
import { ticketEventEnvelopeSchema } from '../../tickets/contracts/events.js';
import { notificationDeps } from '../compose.js';
import { DIGEST_DUE, digestDueMessageSchema } from '../contracts/messages.js';
import { makeFlushDigest } from '../use-cases/flush-digest.js';
import { makeNotifyEvent } from '../use-cases/notify-event.js';

const processor = new BatchProcessor(EventType.SQS);
let notify: ReturnType<typeof makeNotifyEvent> | undefined;
let flush: ReturnType<typeof makeFlushDigest> | undefined;

async function recordHandler(record: SQSRecord): Promise<void> {
  const body = JSON.parse(record.body) as unknown;
  if (record.messageAttributes?.eventType?.stringValue === DIGEST_DUE) {
    flush ??= makeFlushDigest(await notificationDeps());
    const result = await flush(digestDueMessageSchema.parse(body));
    if (result === 'sent') metrics.addMetric('StaffDigestsSent', MetricUnit.Count, 1);
    return;
  }
  const event = ticketEventEnvelopeSchema.parse(body);
  notify ??= makeNotifyEvent(await notificationDeps());
  const outcome = await notify(event);
  if (outcome.sent > 0) metrics.addMetric('EmailsSent', MetricUnit.Count, outcome.sent);
  if (outcome.duplicates > 0)
    metrics.addMetric('EmailDuplicatesSkipped', MetricUnit.Count, outcome.duplicates);
  if (outcome.suppressed > 0) metrics.addMetric('EmailsSuppressed', MetricUnit.Count, outcome.suppressed);
  if (outcome.held > 0) metrics.addMetric('StaffAlertsHeld', MetricUnit.Count, outcome.held);
  logger.debug('Notified', { eventId: event.id, type: event.type, ticketId: event.ticketId, ...outcome });
}

/** Consumer of the notifications queue: customer and staff email, staff digests. Failed records are retried. */
export const handler = async (event: SQSEvent, context: Context) => {
  try {
    return await processPartialResponse(event, recordHandler, processor, { context });
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
