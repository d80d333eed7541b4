import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { kebabCase, pascalCase } from './naming.js';

export interface MonitoredQueue {
  /** Short name used in alarm names and widget labels, e.g. `refunds`. */
  readonly name: string;
  readonly queue: sqs.IQueue;
  /** Alarm when the oldest message has waited longer than this. */
  readonly maxMessageAge: Duration;
}

/** A function to watch: its construct id names its alarms and widget lines. */
export interface MonitoredFunction {
  readonly id: string;
  /** A reference to a function of the same stack, or the physical name of one in another stack. */
  readonly functionName: string;
}

/** One of the metrics Lambda publishes for a function (namespace `AWS/Lambda`, by FunctionName). */
function lambdaMetric(fn: MonitoredFunction, metricName: string, props: cloudwatch.MetricOptions) {
  return new cloudwatch.Metric({
    namespace: 'AWS/Lambda',
    metricName,
    dimensionsMap: { FunctionName: fn.functionName },
    ...props,
  });
}

export interface MonitoredDeadLetterQueue {
  readonly name: string;
  readonly queue: sqs.IQueue;
}

/**
 * The SLA engine's own metrics (namespace `Redress`, Powertools EMF). Each emitting function's
 * metrics carry exactly the dimensions given here (Powertools: `{ service: <service name> }`), and
 * a CloudWatch metric is only found with its exact dimension set.
 */
export interface SlaMonitoring {
  readonly namespace: string;
  /** Dimensions of the timer worker's metrics: SlaWarnings, SlaBreaches, SlaEscalations, EscalationLagSeconds, OperationsEscalations. */
  readonly workerDimensions: Readonly<Record<string, string>>;
  /** Dimensions of the sweeper's metrics: SweeperHeartbeat, SweepDueTimers, SweepItemsRead, SweepDuration. */
  readonly sweeperDimensions: Readonly<Record<string, string>>;
  /** How often the sweeper runs: the heartbeat alarm looks at this period. */
  readonly sweepEvery: Duration;
  /** Alarm when more SLAs breach than this in 5 minutes. */
  readonly breachesPerFiveMinutesThreshold: number;
  /** @default 60 seconds: deadlines must fire within a minute. */
  readonly maxEscalationLag?: Duration;
  /** @default 3: sweeper periods without a heartbeat before the alarm. */
  readonly missedSweeps?: number;
}

export interface AlarmTopicProps {
  /** `redress-<stage>`: the topic is `<prefix>-alarms`. */
  readonly resourcePrefix: string;
  readonly alarmEmail: string | undefined;
}

/**
 * The stage's SNS topic for alarms (TLS only), with an email subscription when configured. Its
 * scope is named `Monitoring` by the stateless stack: the topic keeps the logical id it had when
 * the monitoring construct made it (a new one would need its subscription confirmed again).
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `${props.resourcePrefix}-alarms`,
      displayName: `Redress ${props.resourcePrefix} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    }
  }
}

export interface MonitoringProps {
  /** `redress-<stage>`: prefix of alarm and dashboard names. */
  readonly resourcePrefix: string;
  /** Where every alarm sends ALARM and OK. */
  readonly alarmTopic: sns.ITopic;
  readonly api: HttpApi;
  readonly functions: readonly MonitoredFunction[];
  readonly queues: readonly MonitoredQueue[];
  /** Every DLQ: any message in one is an incident. */
  readonly deadLetterQueues: readonly MonitoredDeadLetterQueue[];
  /** Stream consumers whose IteratorAge is watched (the outbox must not lag). */
  readonly streamConsumers: readonly MonitoredFunction[];
  /** @default 3 seconds */
  readonly apiLatencyP99Threshold?: Duration;
  /** @default 60 seconds */
  readonly maxStreamIteratorAge?: Duration;
  /** SLA alarms and widgets; none when the stage has no SLA engine. */
  readonly sla?: SlaMonitoring;
}

/**
 * Operations basics: one alarm per failure signal that needs a human, each sent to the stage's
 * alarm topic, and one dashboard for the stage.
 */
export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly prefix: string;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.prefix = props.resourcePrefix;

    this.action = new SnsAction(props.alarmTopic);

    const oneMinute = Duration.minutes(1);
    const fiveMinutes = Duration.minutes(5);

    // Dead-letter queues: a single message means work was given up on.
    for (const dlq of props.deadLetterQueues) {
      this.addAlarm(`${pascalCase(dlq.name)}DeadLetters`, {
        alarmName: `${this.prefix}-${dlq.name}-dead-letters`,
        alarmDescription: `Messages are waiting in the DLQ ${dlq.name}. Inspect them, fix the cause, then redrive.`,
        metric: dlq.queue.metricApproximateNumberOfMessagesVisible({
          period: oneMinute,
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }

    // Work queues: messages waiting too long means consumers are failing or too slow.
    for (const queue of props.queues) {
      this.addAlarm(`${pascalCase(queue.name)}OldestMessageAge`, {
        alarmName: `${this.prefix}-${queue.name}-oldest-message-age`,
        alarmDescription: `The oldest message in ${queue.name} is older than ${queue.maxMessageAge.toSeconds()} s.`,
        metric: queue.queue.metricApproximateAgeOfOldestMessage({ period: oneMinute, statistic: 'Maximum' }),
        threshold: queue.maxMessageAge.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
    }

    const api = props.api;
    this.addAlarm('Api5xx', {
      alarmName: `${this.prefix}-api-5xx`,
      alarmDescription: 'The HTTP API answered 5xx in 3 of the last 5 minutes.',
      metric: api.metricServerError({ period: oneMinute, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    const latencyThreshold = props.apiLatencyP99Threshold ?? Duration.seconds(3);
    this.addAlarm('ApiLatencyP99', {
      alarmName: `${this.prefix}-api-latency-p99`,
      alarmDescription: `p99 latency of the HTTP API above ${latencyThreshold.toMilliseconds()} ms for 15 minutes.`,
      metric: api.metricLatency({ period: fiveMinutes, statistic: 'p99' }),
      threshold: latencyThreshold.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });

    for (const fn of props.functions) {
      const name = fn.id;
      this.addAlarm(`${name}Errors`, {
        alarmName: `${this.prefix}-${kebabCase(name)}-errors`,
        alarmDescription: `The function ${fn.id} failed (unhandled error, timeout or crash).`,
        metric: lambdaMetric(fn, 'Errors', { period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
      this.addAlarm(`${name}Throttles`, {
        alarmName: `${this.prefix}-${kebabCase(name)}-throttles`,
        alarmDescription: `The function ${fn.id} was throttled (account or reserved concurrency exhausted).`,
        metric: lambdaMetric(fn, 'Throttles', { period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
    }

    const maxIteratorAge = props.maxStreamIteratorAge ?? Duration.seconds(60);
    for (const consumer of props.streamConsumers) {
      this.addAlarm(`${consumer.id}IteratorAge`, {
        alarmName: `${this.prefix}-${kebabCase(consumer.id)}-iterator-age`,
        alarmDescription: `${consumer.id} lags behind the table stream by more than ${maxIteratorAge.toSeconds()} s; events leave late (records expire after 24 h).`,
        metric: lambdaMetric(consumer, 'IteratorAge', { period: oneMinute, statistic: 'Maximum' }),
        threshold: maxIteratorAge.toMilliseconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
      });
    }

    if (props.sla) this.addSlaAlarms(props.sla);

    this.dashboard = this.createDashboard(props);
  }

  /** A metric of the SLA engine with exactly the dimensions its function emits. */
  private slaMetric(
    sla: SlaMonitoring,
    emitter: 'worker' | 'sweeper',
    metricName: string,
    props: cloudwatch.MetricOptions,
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: sla.namespace,
      metricName,
      dimensionsMap: { ...(emitter === 'worker' ? sla.workerDimensions : sla.sweeperDimensions) },
      ...props,
    });
  }

  private addSlaAlarms(sla: SlaMonitoring): void {
    const oneMinute = Duration.minutes(1);
    const fiveMinutes = Duration.minutes(5);
    this.addAlarm('SlaBreaches', {
      alarmName: `${this.prefix}-sla-breaches`,
      alarmDescription: `More than ${sla.breachesPerFiveMinutesThreshold} SLA deadlines breached in 5 minutes: the desk is falling behind (staffing, a stuck queue of tickets, or a policy that is too tight).`,
      metric: this.slaMetric(sla, 'worker', 'SlaBreaches', { period: fiveMinutes, statistic: 'Sum' }),
      threshold: sla.breachesPerFiveMinutesThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    const maxLag = sla.maxEscalationLag ?? Duration.seconds(60);
    this.addAlarm('SlaEscalationLag', {
      alarmName: `${this.prefix}-sla-escalation-lag`,
      alarmDescription: `p99 of EscalationLagSeconds above ${maxLag.toSeconds()} s in 2 of 3 five-minute periods: warnings, breaches and escalations fire late (sweeper, sla-timers queue or timer worker slow).`,
      metric: this.slaMetric(sla, 'worker', 'EscalationLagSeconds', {
        period: fiveMinutes,
        statistic: 'p99',
      }),
      threshold: maxLag.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.addAlarm('SlaOperationsEscalations', {
      alarmName: `${this.prefix}-sla-operations-escalations`,
      alarmDescription:
        'A ticket reached an escalation level that alerts operations (OperationsEscalations > 0).',
      metric: this.slaMetric(sla, 'worker', 'OperationsEscalations', { period: oneMinute, statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    this.addAlarm('WorkflowsStuck', {
      alarmName: `${this.prefix}-workflows-stuck`,
      alarmDescription:
        'The watchdog re-drove an automated step (auto-approval, payment, pickup booking, acknowledgement) its maximum number of times and the ticket still waits (WorkflowsStuck > 0). Runbook: "Workflow stuck".',
      metric: this.slaMetric(sla, 'worker', 'WorkflowsStuck', { period: oneMinute, statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
    const missedSweeps = sla.missedSweeps ?? 3;
    const sweepPeriod = Duration.seconds(Math.max(60, sla.sweepEvery.toSeconds()));
    this.addAlarm(
      'SlaSweeperHeartbeat',
      {
        alarmName: `${this.prefix}-sla-sweeper-heartbeat`,
        alarmDescription: `No successful SLA sweep in ${missedSweeps} consecutive periods of ${sweepPeriod.toSeconds()} s: no deadline fires until the sweeper runs again.`,
        metric: this.slaMetric(sla, 'sweeper', 'SweeperHeartbeat', { period: sweepPeriod, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: missedSweeps,
        datapointsToAlarm: missedSweeps,
      },
      // No heartbeat at all is exactly the failure this alarm exists for.
      cloudwatch.TreatMissingData.BREACHING,
    );
  }

  private addAlarm(
    id: string,
    props: Omit<cloudwatch.AlarmProps, 'treatMissingData' | 'actionsEnabled'>,
    // No data means no traffic or an empty queue: not an incident (unless the caller says otherwise).
    treatMissingData = cloudwatch.TreatMissingData.NOT_BREACHING,
  ) {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...props,
      treatMissingData,
      actionsEnabled: true,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  private createDashboard(props: MonitoringProps): cloudwatch.Dashboard {
    const api = props.api;
    const period = Duration.minutes(1);
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: this.prefix,
      defaultInterval: Duration.hours(3),
    });

    dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: `# Redress — ${this.prefix}`, width: 24, height: 1 }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );

    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        width: 8,
        left: [
          api.metricCount({ period, statistic: 'Sum', label: 'requests' }),
          api.metricClientError({ period, statistic: 'Sum', label: '4xx' }),
          api.metricServerError({ period, statistic: 'Sum', label: '5xx' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency (ms)',
        width: 8,
        left: [
          api.metricLatency({ period, statistic: 'p50', label: 'p50' }),
          api.metricLatency({ period, statistic: 'p99', label: 'p99' }),
          api.metricIntegrationLatency({ period, statistic: 'p99', label: 'integration p99' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Stream lag (ms)',
        width: 8,
        left: props.streamConsumers.map((consumer) =>
          lambdaMetric(consumer, 'IteratorAge', { period, statistic: 'Maximum', label: consumer.id }),
        ),
      }),
    );

    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Queue depth (visible messages)',
        width: 8,
        left: props.queues.map((q) =>
          q.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: q.name }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'Age of oldest message (s)',
        width: 8,
        left: props.queues.map((q) =>
          q.queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum', label: q.name }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues (visible messages)',
        width: 8,
        left: props.deadLetterQueues.map((q) =>
          q.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: q.name }),
        ),
      }),
    );

    const fnMetric = (pick: (fn: MonitoredFunction) => cloudwatch.IMetric): cloudwatch.IMetric[] =>
      props.functions.map(pick);
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function invocations',
        width: 6,
        left: fnMetric((fn) => lambdaMetric(fn, 'Invocations', { period, statistic: 'Sum', label: fn.id })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        width: 6,
        left: fnMetric((fn) => lambdaMetric(fn, 'Errors', { period, statistic: 'Sum', label: fn.id })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Function throttles',
        width: 6,
        left: fnMetric((fn) => lambdaMetric(fn, 'Throttles', { period, statistic: 'Sum', label: fn.id })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Function duration p99 (ms)',
        width: 6,
        left: fnMetric((fn) => lambdaMetric(fn, 'Duration', { period, statistic: 'p99', label: fn.id })),
      }),
    );

    if (props.sla) this.addSlaWidgets(dashboard, props.sla);
    return dashboard;
  }

  private addSlaWidgets(dashboard: cloudwatch.Dashboard, sla: SlaMonitoring): void {
    const period = Duration.minutes(5);
    const sweepPeriod = Duration.seconds(Math.max(60, sla.sweepEvery.toSeconds()));
    const sum = (emitter: 'worker' | 'sweeper', name: string, label: string, p = period) =>
      this.slaMetric(sla, emitter, name, { period: p, statistic: 'Sum', label });
    dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: '## SLA engine', width: 24, height: 1 }),
      new cloudwatch.GraphWidget({
        title: 'SLA warnings, breaches, escalations (per 5 min)',
        width: 8,
        left: [
          sum('worker', 'SlaWarnings', 'warnings'),
          sum('worker', 'SlaBreaches', 'breaches'),
          sum('worker', 'SlaEscalations', 'escalations'),
          sum('worker', 'OperationsEscalations', 'operations escalations'),
        ],
        leftAnnotations: [
          { value: sla.breachesPerFiveMinutesThreshold, label: 'breach alarm', color: '#d62728' },
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Escalation lag (s)',
        width: 8,
        left: [
          this.slaMetric(sla, 'worker', 'EscalationLagSeconds', { period, statistic: 'p50', label: 'p50' }),
          this.slaMetric(sla, 'worker', 'EscalationLagSeconds', { period, statistic: 'p99', label: 'p99' }),
          this.slaMetric(sla, 'worker', 'EscalationLagSeconds', {
            period,
            statistic: 'Maximum',
            label: 'max',
          }),
        ],
        leftAnnotations: [
          { value: (sla.maxEscalationLag ?? Duration.seconds(60)).toSeconds(), label: 'lag alarm' },
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Sweeps: items read and timers due',
        width: 8,
        left: [
          sum('sweeper', 'SweepItemsRead', 'items read', sweepPeriod),
          sum('sweeper', 'SweepDueTimers', 'due', sweepPeriod),
        ],
        right: [sum('sweeper', 'SweeperHeartbeat', 'heartbeats', sweepPeriod)],
      }),
    );
  }
}
