import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, EventBridgeEvent, SNSEvent } from 'aws-lambda';
import { logger, metrics } from '../../shared/observability.js';
import { sesEventSchema } from '../contracts/ses-events.js';
import { feedbackDeps } from '../feedback-compose.js';
import { makeRecordFeedback } from '../use-cases/record-feedback.js';

let recordFeedback: ReturnType<typeof makeRecordFeedback> | undefined;

type Incoming = SNSEvent | EventBridgeEvent<string, unknown>;

/** SES configuration-set events, by SNS (message bodies) or EventBridge (`detail`). */
function bodiesOf(event: Incoming): unknown[] {
  if ('Records' in event) return event.Records.map((record) => JSON.parse(record.Sns.Message) as unknown);
  return [event.detail];
}

/**
 * Bounce and complaint feedback from SES: suppresses the address so that nothing more is sent
 * to it. Throws on failure: SNS and EventBridge retry the invocation.
 */
export const handler = async (event: Incoming, _context: Context) => {
  // Only `suppress` is called here: the address HMAC key is never read (nor granted).
  recordFeedback ??= makeRecordFeedback(feedbackDeps());
  try {
    for (const body of bodiesOf(event)) {
      const parsed = sesEventSchema.safeParse(body);
      if (!parsed.success) {
        logger.warn('Ignored an SES event we do not understand', { issues: parsed.error.issues.length });
        continue;
      }
      const suppressed = await recordFeedback(parsed.data);
      if (suppressed.length > 0) {
        metrics.addMetric('EmailAddressesSuppressed', MetricUnit.Count, suppressed.length);
        logger.info('Suppressed addresses after SES feedback', {
          eventType: parsed.data.eventType,
          count: suppressed.length,
        });
      }
    }
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
