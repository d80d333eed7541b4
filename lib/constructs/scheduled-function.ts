import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ServiceFunction, type ServiceFunctionProps } from './service-function.js';
import { DEAD_LETTER_RETENTION } from './workflow-queue.js';

/** EventBridge keeps retrying delivery for at least a minute (its minimum event age). */
const MIN_EVENT_AGE = Duration.minutes(1);

export interface ScheduledFunctionProps extends ServiceFunctionProps {
  /** The period; EventBridge rules run at most once a minute, in whole minutes. */
  readonly every: Duration;
  /** Physical name of the rule, e.g. `redress-dev-sla-sweeper`. */
  readonly ruleName: string;
  /** Physical name of the queue that keeps invocations EventBridge could not deliver. */
  readonly deadLetterQueueName: string;
}

/** `rate(...)` for a period in whole minutes; anything else is refused with the reason. */
export function scheduleRateFor(every: Duration, name: string): events.Schedule {
  const seconds = every.toSeconds();
  if (seconds < 60 || seconds % 60 !== 0) {
    throw new Error(
      `Schedule ${name}: every ${seconds} s cannot run on EventBridge, which takes whole minutes (at least 60 s)`,
    );
  }
  return events.Schedule.rate(Duration.minutes(seconds / 60));
}

/**
 * A ServiceFunction run by an EventBridge rule at a fixed rate. EventBridge retries delivery for
 * one period and then parks the event in a dead-letter queue. The function's own asynchronous
 * retries are off: the next run comes within one period and does the same work with fresher data.
 */
export class ScheduledFunction extends ServiceFunction {
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ScheduledFunctionProps) {
    const schedule = scheduleRateFor(props.every, id);
    super(scope, id, props);
    const maxEventAge = Duration.seconds(Math.max(MIN_EVENT_AGE.toSeconds(), props.every.toSeconds()));

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: props.deadLetterQueueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue: scheduled invocations of ${props.functionName} that EventBridge could not deliver.`,
    });

    this.rule = new events.Rule(this, 'Schedule', {
      ruleName: props.ruleName,
      description: `Runs ${props.functionName} at ${schedule.expressionString}.`,
      schedule,
      targets: [
        new targets.LambdaFunction(this.function, {
          retryAttempts: 3,
          maxEventAge,
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    this.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge });
  }
}
