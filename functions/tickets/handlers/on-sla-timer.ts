import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../../shared/observability.js';
import { queueConsumer } from '../../shared/queue-consumer.js';
import { queueUrl } from '../../shared/queues.js';
import { getSqsClient } from '../../shared/sqs-client.js';
import { slaDeps } from '../../sla/compose.js';
import { type TimerMessage, timerMessageSchema } from '../../sla/contracts/policy.js';
import { SqsRetentionQueue } from '../adapters/retention-queue.sqs.js';
import { ticketDeps } from '../compose.js';
import { makeFireDueTimers } from '../use-cases/fire-due-timers.js';
import { makeReapplyPolicies } from '../use-cases/reapply-sla-policies.js';

let fire: ReturnType<typeof makeFireDueTimers> | undefined;
let reapply: ReturnType<typeof makeReapplyPolicies> | undefined;
let retention: SqsRetentionQueue | undefined;

const metricNames = { warning: 'SlaWarnings', breach: 'SlaBreaches' } as const;

async function handle(message: TimerMessage): Promise<void> {
  const deps = { ...ticketDeps(), queue: slaDeps().queue };
  if (message.kind === 'policy-changed') {
    reapply ??= makeReapplyPolicies(deps);
    const result = await reapply(message);
    logger.info('Re-applied SLA policies', { policyId: message.policyId, ...result });
    return;
  }
  fire ??= makeFireDueTimers(deps);
  const { fired, closed, timeout, watchdog, retentionDue } = await fire(message.ticketId);
  if (retentionDue) {
    retention ??= new SqsRetentionQueue(getSqsClient(), queueUrl('privacy'));
    await retention.retentionDue(message.ticketId);
    metrics.addMetric('RetentionsDue', MetricUnit.Count, 1);
    logger.info('Retention due', { ticketId: message.ticketId });
  }
  if (watchdog === 'redriven') metrics.addMetric('WorkflowRedrives', MetricUnit.Count, 1);
  if (watchdog === 'stuck') {
    // The operations alarm watches this metric (runbook: "Workflow stuck").
    metrics.addMetric('WorkflowsStuck', MetricUnit.Count, 1);
    logger.error('Workflow stuck after re-drives', { ticketId: message.ticketId });
  }
  if (timeout) {
    metrics.addMetric('PlatformTimeoutsFired', MetricUnit.Count, 1);
    logger.info('Platform timeout fired', { ticketId: message.ticketId, rule: timeout });
  }
  for (const point of fired) {
    const name =
      point.kind === 'warning' || point.kind === 'breach' ? metricNames[point.kind] : 'SlaEscalations';
    metrics.addMetric(name, MetricUnit.Count, 1);
    metrics.addMetric('EscalationLagSeconds', MetricUnit.Seconds, point.lagMs / 1000);
    if (point.alertOperations) metrics.addMetric('OperationsEscalations', MetricUnit.Count, 1);
  }
  if (closed) metrics.addMetric('TicketsAutoClosed', MetricUnit.Count, 1);
}

/** Consumer of the sla-timers queue: fires due timers and re-applies changed policies. */
export const handler = queueConsumer({ schema: timerMessageSchema(), handle });
