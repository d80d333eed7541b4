import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod/mini';
import { logger, metrics } from '../../shared/observability.js';
import { queueConsumer } from '../../shared/queue-consumer.js';
import { ticketEventEnvelopeSchema } from '../../tickets/contracts/events.js';
import { notificationDeps } from '../compose.js';
import { digestDueMessageSchema } from '../contracts/messages.js';
import { makeFlushDigest } from '../use-cases/flush-digest.js';
import { makeNotifyEvent } from '../use-cases/notify-event.js';

let notify: ReturnType<typeof makeNotifyEvent> | undefined;
let flush: ReturnType<typeof makeFlushDigest> | undefined;

/** The notifier's queue carries ticket events and its own digest wake-ups. */
const notificationMessageSchema = z.union([digestDueMessageSchema, ticketEventEnvelopeSchema]);

async function handle(message: z.output<typeof notificationMessageSchema>): Promise<void> {
  if ('kind' in message) {
    flush ??= makeFlushDigest(await notificationDeps());
    const result = await flush(message);
    if (result === 'sent') metrics.addMetric('StaffDigestsSent', MetricUnit.Count, 1);
    return;
  }
  const event = message;
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
export const handler = queueConsumer({ schema: notificationMessageSchema, handle });
