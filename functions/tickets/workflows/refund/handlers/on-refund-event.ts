import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../../../../shared/observability.js';
import { queueDefinitions } from '../../../../shared/queue-catalog.js';
import { queueConsumer } from '../../../../shared/queue-consumer.js';
import { ticketDeps } from '../../../compose.js';
import { ticketEventEnvelopeSchema } from '../../../contracts/events.js';
import { makeApplySystemStep } from '../../../use-cases/apply-system-step.js';
import { paymentGateway, refundHistory } from '../compose.js';
import { makeProcessRefundEvent } from '../use-cases/process-refund-event.js';

const maxReceiveCount = queueDefinitions.find((queue) => queue.name === 'refunds')?.maxReceiveCount ?? 5;
let process: ReturnType<typeof makeProcessRefundEvent> | undefined;

/** Consumer of the refunds queue. */
export const handler = queueConsumer({
  schema: ticketEventEnvelopeSchema,
  handle: async (event, record) => {
    if (!process) {
      const deps = ticketDeps();
      process = makeProcessRefundEvent({
        tickets: deps.tickets,
        orders: deps.orders,
        afterSales: deps.afterSales,
        history: refundHistory(),
        gateway: await paymentGateway(),
        applyStep: makeApplySystemStep(deps),
      });
    }
    // The last delivery before the DLQ (receive count = maxReceiveCount: a failure now moves the
    // message to the DLQ) turns a still-failing gateway into refund_failed, so that only truly
    // poison messages ever reach the DLQ. Every earlier delivery leaves the retry to the queue.
    const finalDelivery = Number(record.attributes.ApproximateReceiveCount ?? 1) >= maxReceiveCount;
    const outcome = await process(event, { finalDelivery });
    if (outcome === 'refunded') metrics.addMetric('RefundsIssued', MetricUnit.Count, 1);
    if (outcome === 'refund failed') metrics.addMetric('RefundsFailed', MetricUnit.Count, 1);
    if (outcome === 'auto-approved') metrics.addMetric('RefundsAutoApproved', MetricUnit.Count, 1);
    logger.info('Refund event processed', {
      eventId: event.id,
      type: event.type,
      ticketId: event.ticketId,
      outcome,
    });
  },
});
