import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../../shared/observability.js';
import { queueConsumer } from '../../shared/queue-consumer.js';
import { privacyDeps } from '../compose.js';
import { type ErasureRequestedMessage, erasureRequestedMessageSchema } from '../contracts/erasure.js';
import { makeRunErasure } from '../use-cases/run-erasure.js';

let runErasure: ReturnType<typeof makeRunErasure> | undefined;

/**
 * Consumer of the privacy queue: runs (or resumes) the requested erasure. A run that throws
 * (a Lambda that died, a write that kept losing races) is retried by the queue and resumes
 * where it stopped; one superseded by a newer run, or done already, does nothing.
 */
async function handle(message: ErasureRequestedMessage): Promise<void> {
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

export const handler = queueConsumer({ schema: erasureRequestedMessageSchema, handle });
