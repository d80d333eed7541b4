import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../../functions/shared/queue-catalog.js';

/** How long a dead-lettered message waits for someone to look at it (the SQS maximum). */
export const DEAD_LETTER_RETENTION = Duration.days(14);

export interface WorkflowQueueProps {
  readonly definition: QueueDefinition;
  /** `redress-<stage>`; the queue becomes `<prefix>-<name>`, its DLQ `<prefix>-<name>-dlq`. */
  readonly resourcePrefix: string;
  readonly removalPolicy: RemovalPolicy;
}

/** One workflow queue from functions/shared/queue-catalog.ts and its dead-letter queue. */
export class WorkflowQueue extends Construct {
  readonly definition: QueueDefinition;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkflowQueueProps) {
    super(scope, id);
    const { definition, resourcePrefix, removalPolicy } = props;
    this.definition = definition;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: `${resourcePrefix}-${definition.name}-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      removalPolicy,
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: `${resourcePrefix}-${definition.name}`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
      removalPolicy,
    });
  }
}
