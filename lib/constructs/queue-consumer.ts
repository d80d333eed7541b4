import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ServiceFunction, type ServiceFunctionProps } from './service-function.js';

/**
 * AWS guidance for SQS event sources: the queue's visibility timeout is at least six times the
 * function timeout, so that Lambda can retry a batch when the function is throttled. The batching
 * window is added on top (messages are already received while the window fills).
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** Below this a consumer cannot do useful work; raise the queue's visibility timeout instead. */
export const MIN_CONSUMER_TIMEOUT = Duration.seconds(3);

/** The longest function timeout a queue's visibility timeout allows. */
export function consumerTimeoutFor(visibilityTimeout: Duration, maxBatchingWindow: Duration): Duration {
  const seconds = Math.floor(
    (visibilityTimeout.toSeconds() - maxBatchingWindow.toSeconds()) / VISIBILITY_TIMEOUT_FACTOR,
  );
  return Duration.seconds(seconds);
}

export interface QueueConsumerProps extends Omit<ServiceFunctionProps, 'timeout'> {
  readonly queue: sqs.IQueue;
  /** The queue's visibility timeout as configured (functions/shared/queue-catalog.ts); the queue may live in another stack. */
  readonly visibilityTimeout: Duration;
  readonly batchSize: number;
  readonly maxBatchingWindow: Duration;
  /** Concurrent invocations this queue may drive (2–1000); none means the account's limit. */
  readonly maxConcurrency?: number;
}

/**
 * A ServiceFunction fed by an SQS queue: partial batch failures (the batch processor reports the
 * failed records, the rest are deleted), and a timeout derived from the queue's visibility timeout.
 */
export class QueueConsumer extends ServiceFunction {
  readonly queue: sqs.IQueue;
  readonly eventSource: SqsEventSource;

  constructor(scope: Construct, id: string, props: QueueConsumerProps) {
    const timeout = consumerTimeoutFor(props.visibilityTimeout, props.maxBatchingWindow);
    if (timeout.toSeconds() < MIN_CONSUMER_TIMEOUT.toSeconds()) {
      throw new Error(
        `QueueConsumer ${id}: a visibility timeout of ${props.visibilityTimeout.toSeconds()} s leaves a function timeout of ${timeout.toSeconds()} s ` +
          `(visibility ≥ ${VISIBILITY_TIMEOUT_FACTOR} × timeout + batching window); raise visibilityTimeoutSeconds in functions/shared/queue-catalog.ts`,
      );
    }
    super(scope, id, { ...props, timeout });
    this.queue = props.queue;
    this.eventSource = new SqsEventSource(props.queue, {
      batchSize: props.batchSize,
      maxBatchingWindow: props.maxBatchingWindow,
      reportBatchItemFailures: true,
      ...(props.maxConcurrency === undefined ? {} : { maxConcurrency: props.maxConcurrency }),
    });
    this.function.addEventSource(this.eventSource);
  }
}
