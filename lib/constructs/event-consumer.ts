import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ServiceFunction, type ServiceFunctionProps } from './service-function.js';
import { DEAD_LETTER_RETENTION } from './workflow-queue.js';

/** EventBridge's maximum: delivery is retried for a day (throttling, a missing permission). */
export const EVENT_DELIVERY_RETRY_ATTEMPTS = 185;
export const EVENT_DELIVERY_MAX_AGE = Duration.hours(24);
/** Lambda's maximum for asynchronous invocations: two more tries after a failed one, within 6 h. */
export const ASYNC_RETRY_ATTEMPTS = 2;
export const ASYNC_MAX_EVENT_AGE = Duration.hours(6);

export interface EventConsumerProps extends ServiceFunctionProps {
  /** What the rule matches on the account's default bus. */
  readonly eventPattern: events.EventPattern;
  /** Physical name of the rule, e.g. `redress-dev-ses-feedback`. */
  readonly ruleName: string;
  /** Physical name of the queue that keeps events that were not handled. */
  readonly deadLetterQueueName: string;
}

/**
 * A ServiceFunction fed by a rule on the default EventBridge bus (AWS service events). Nothing is
 * dropped silently: events EventBridge could not deliver (after a day of retries) and events the
 * function failed on (after Lambda's two asynchronous retries) both land in one dead-letter queue.
 * The handler must be idempotent: each event may be handled more than once.
 */
export class EventConsumer extends ServiceFunction {
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventConsumerProps) {
    super(scope, id, props);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: props.deadLetterQueueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue: events for ${props.functionName} that EventBridge could not deliver or the function failed on.`,
    });

    // No eventBus: the rule lives on the default bus, the only one AWS services publish to.
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: props.ruleName,
      description: `Sends matching AWS service events to ${props.functionName}.`,
      eventPattern: props.eventPattern,
      targets: [
        new targets.LambdaFunction(this.function, {
          retryAttempts: EVENT_DELIVERY_RETRY_ATTEMPTS,
          maxEventAge: EVENT_DELIVERY_MAX_AGE,
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    // EventBridge invokes asynchronously: a thrown error is retried by Lambda, then kept here.
    this.function.configureAsyncInvoke({
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      maxEventAge: ASYNC_MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
  }
}
