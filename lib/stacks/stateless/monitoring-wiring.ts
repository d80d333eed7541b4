import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queueConsumers, schedules } from '../../../functions/events/workers.js';
import type { QueueName } from '../../../functions/shared/queue-catalog.js';
import type { StageConfig } from '../../config/stage.js';
import {
  type MonitoredDeadLetterQueue,
  type MonitoredFunction,
  Monitoring,
  type SlaMonitoring,
} from '../../constructs/monitoring.js';
import { METRICS_NAMESPACE, type ServiceFunction } from '../../constructs/service-function.js';
import type { StatefulResources } from '../stateful-stack.js';
import type { Workers } from './workers.js';

/** How long a workflow message may wait before someone is told; SLA timers must fire within a minute. */
const defaultMaxMessageAge = Duration.minutes(15);
const maxMessageAge: Partial<Record<QueueName, Duration>> = { 'sla-timers': Duration.minutes(2) };

/** The queue the SLA sweeper fills and the timer worker drains; its consumer's metrics feed the SLA alarms. */
export const SLA_TIMER_QUEUE: QueueName = 'sla-timers';
/** The schedule of functions/events/workers.ts that sweeps due timers; its heartbeat is watched. */
export const SLA_SWEEPER_SCHEDULE = 'sla-sweeper';

export interface MonitoringWiringProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  readonly api: HttpApi;
  /** The stateless stack's functions, watched by their names (ADR 24). */
  readonly httpFunctions: ReadonlyMap<string, ServiceFunction>;
  /** The workers stack's functions, watched by their names (ADR 24). */
  readonly workers: Workers;
  /** The stage's alarm topic (the stateless stack's). */
  readonly alarmTopic: sns.ITopic;
}

/**
 * Alarms and the dashboard over every function, queue, dead-letter queue and the SLA engine, in a
 * stack of their own (ADR 24). Functions and the workers' dead-letter queues are watched by their
 * physical names, not by references: the code stacks export nothing per function, so a route or
 * a worker can be removed in one deploy. Only the API (its id) and the alarm topic are imported.
 */
export function addMonitoring(scope: Construct, props: MonitoringWiringProps): Monitoring {
  const { config, stateful, api, httpFunctions, workers, alarmTopic } = props;
  const { workflowQueues } = stateful;
  const watched = new Construct(scope, 'WatchedWorkers');
  const byName = (fn: ServiceFunction): MonitoredFunction => ({
    id: fn.node.id,
    functionName: fn.functionName,
  });
  const dlqByName = (name: string, queue: sqs.Queue): MonitoredDeadLetterQueue => {
    const queueName = (queue.node.defaultChild as sqs.CfnQueue).queueName;
    if (queueName === undefined) throw new Error(`${queue.node.path} has no explicit queue name to watch`);
    const queueArn = Stack.of(scope).formatArn({ service: 'sqs', resource: queueName });
    return { name, queue: sqs.Queue.fromQueueAttributes(watched, `${name}-dlq`, { queueArn, queueName }) };
  };
  const streamConsumers = [byName(workers.tableStreamRouter), byName(workers.tableStreamAggregator)];
  return new Monitoring(scope, 'Monitoring', {
    resourcePrefix: config.resourcePrefix,
    alarmTopic,
    api,
    functions: [
      ...[...httpFunctions.values()].map(byName),
      ...streamConsumers,
      ...[
        ...workers.queueConsumers.values(),
        ...workers.scheduledFunctions.values(),
        ...workers.eventConsumers.values(),
        ...(workers.inboundEmail ? [workers.inboundEmail] : []),
      ].map(byName),
    ],
    queues: workflowQueues.map(({ definition, queue }) => ({
      name: definition.name,
      queue,
      maxMessageAge: maxMessageAge[definition.name] ?? defaultMaxMessageAge,
    })),
    deadLetterQueues: [
      ...workflowQueues.map(({ definition, deadLetterQueue }) => ({
        name: `${definition.name}-dlq`,
        queue: deadLetterQueue,
      })),
      { name: 'table-stream-dlq', queue: stateful.streamDeadLetterQueue },
      ...[...workers.scheduledFunctions].map(([name, fn]) => dlqByName(`${name}-dlq`, fn.deadLetterQueue)),
      ...[...workers.eventConsumers].map(([name, fn]) => dlqByName(`${name}-dlq`, fn.deadLetterQueue)),
      ...(workers.inboundEmail ? [dlqByName('inbound-email-dlq', workers.inboundEmail.deadLetterQueue)] : []),
    ],
    streamConsumers,
    sla: slaMonitoring(config, workers),
  });
}

/** SLA alarms watch the metrics of the sla-timers consumer and the sweeper, with their service dimension. */
function slaMonitoring(config: StageConfig, workers: Workers): SlaMonitoring | undefined {
  const worker = [...workers.queueConsumers.entries()].find(
    ([name]) => queueConsumers.find((definition) => definition.name === name)?.queue === SLA_TIMER_QUEUE,
  )?.[1];
  const sweeper = workers.scheduledFunctions.get(SLA_SWEEPER_SCHEDULE);
  const sweepEvery = schedules.find((definition) => definition.name === SLA_SWEEPER_SCHEDULE)?.everySeconds;
  if (!worker || !sweeper || sweepEvery === undefined) return undefined;
  return {
    namespace: METRICS_NAMESPACE,
    // Powertools Metrics adds one default dimension, `service` (the function's service name).
    workerDimensions: { service: worker.serviceName },
    sweeperDimensions: { service: sweeper.serviceName },
    sweepEvery: Duration.seconds(sweepEvery),
    breachesPerFiveMinutesThreshold: config.slaBreachAlarmThreshold,
  };
}
