import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod/mini';
import { logger, metrics } from '../../shared/observability.js';
import { queueConsumer } from '../../shared/queue-consumer.js';
import { ticketsConfig } from '../../tickets/config.js';
import { type RetentionDueMessage, retentionDueMessageSchema } from '../../tickets/contracts/retention.js';
import { privacyDeps } from '../compose.js';
import { type ErasureRequestedMessage, erasureRequestedMessageSchema } from '../contracts/erasure.js';
import { makeEraseExpiredTicket } from '../use-cases/erase-expired-ticket.js';
import { makeRunErasure } from '../use-cases/run-erasure.js';

let runErasure: ReturnType<typeof makeRunErasure> | undefined;
let eraseExpiredTicket: ReturnType<typeof makeEraseExpiredTicket> | undefined;

/** The privacy queue carries a requested erasure run, or an ended ticket whose retention fell due. */
const privacyMessageSchema = z.union([erasureRequestedMessageSchema, retentionDueMessageSchema]);
type PrivacyMessage = ErasureRequestedMessage | RetentionDueMessage;

/**
 * Retention: the ticket loses its personal data the way an erasure takes it, if it is still due
 * on the fresh ticket (a reopened or already erased one is left alone). Duplicates find nothing due.
 */
async function retain(message: RetentionDueMessage): Promise<void> {
  eraseExpiredTicket ??= makeEraseExpiredTicket(privacyDeps(), {
    retentionDays: ticketsConfig.get().retentionDays,
  });
  const result = await eraseExpiredTicket(message.ticketId);
  if (result.outcome === 'erased') {
    metrics.addMetric('TicketsRetentionErased', MetricUnit.Count, 1);
    metrics.addMetric('ErasureSteps', MetricUnit.Count, result.steps);
  }
  logger.info('Retention', { ticketId: message.ticketId, ...result });
}

/**
 * Consumer of the privacy queue: runs (or resumes) the requested erasure. A run that throws
 * (a Lambda that died, a write that kept losing races) is retried by the queue and resumes
 * where it stopped; one superseded by a newer run, or done already, does nothing.
 */
async function handle(message: PrivacyMessage): Promise<void> {
  if ('kind' in message) return retain(message);
  runErasure ??= makeRunErasure(privacyDeps());
  const result = await runErasure(message.erasureId);
  if (result.outcome === 'done') {
    metrics.addMetric('CustomersErased', MetricUnit.Count, 1);
    metrics.addMetric('ErasureSteps', MetricUnit.Count, result.steps);
    logger.info('Erasure done', { erasureId: message.erasureId, run: result.event.run, steps: result.steps });
    return;
  }
  logger.info('Erasure not run', { erasureId: message.erasureId, run: message.run, outcome: result.outcome });
}

export const handler = queueConsumer({ schema: privacyMessageSchema, handle });
