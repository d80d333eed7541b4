import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import {
  type EventConsumerDefinition,
  eventConsumers,
  inboundEmail,
  queueConsumers,
  schedules,
  streamAggregator,
  streamRouter,
} from '../../../functions/events/workers.js';
import type { QueueName } from '../../../functions/shared/queue-catalog.js';
import type { StageConfig } from '../../config/stage.js';
import { EventConsumer } from '../../constructs/event-consumer.js';
import { InboundMailReceiver } from '../../constructs/inbound-mail-receiver.js';
import { pascalCase } from '../../constructs/naming.js';
import { QueueConsumer } from '../../constructs/queue-consumer.js';
import { ScheduledFunction } from '../../constructs/scheduled-function.js';
import { ServiceFunction } from '../../constructs/service-function.js';
import { inboundMailBucketName, type StatefulResources } from '../stateful-stack.js';
import { accessOf, type FunctionAccessGrants } from './function-access.js';
import { type FunctionDefaults, serviceNameOf } from './http-api.js';

/** The module that carries committed events from the table stream to the queues and the bus. */
export const TABLE_STREAM_ROUTER_ENTRY = streamRouter.handler;

/** The module that adds each ticket change from the table stream to the report aggregates. */
export const TABLE_STREAM_AGGREGATOR_ENTRY = streamAggregator.handler;

/** The event consumer of functions/events/workers.ts that records SES bounces and complaints. */
export const SES_FEEDBACK_CONSUMER = 'ses-feedback';

/**
 * Regions where SES receives mail, as AWS lists them at the time of writing (see README, Deploy:
 * the email channel). Synth warns for any other: the receipt rule would never get mail there.
 */
export const SES_RECEIVING_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** Tuning of a queue's consumer (event source mapping); queues not listed use the defaults. */
export interface ConsumerTuning {
  /** How long Lambda gathers messages before invoking; counts against the visibility timeout. */
  readonly maxBatchingWindow: Duration;
  /** Concurrent invocations the queue may drive; none means the account's limit. */
  readonly maxConcurrency?: number;
}

export const defaultConsumerTuning: ConsumerTuning = { maxBatchingWindow: Duration.seconds(2) };

export const consumerTuning: Partial<Record<QueueName, Partial<ConsumerTuning>>> = {
  // Deadlines fire within a minute: no batching window. A burst (business hours opening) fans out
  // to at most 10 workers, each firing 10 timers per batch.
  'sla-timers': { maxBatchingWindow: Duration.seconds(0), maxConcurrency: 10 },
  // Downstream rate limits: the payment gateway, and SES's sending rate.
  refunds: { maxConcurrency: 5 },
  notifications: { maxConcurrency: 5 },
};

export interface WorkersProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  readonly grants: FunctionAccessGrants;
  readonly functionDefaults: FunctionDefaults;
}

export interface Workers {
  readonly tableStreamRouter: ServiceFunction;
  readonly tableStreamAggregator: ServiceFunction;
  readonly queueConsumers: Map<string, QueueConsumer>;
  readonly scheduledFunctions: Map<string, ScheduledFunction>;
  readonly eventConsumers: Map<string, EventConsumer>;
  /** The email channel's receiving function, where the stage has a reply domain. */
  readonly inboundEmail: InboundMailReceiver | undefined;
}

/**
 * The functions of functions/events/workers.ts, each with the environment and grants of its entry:
 * the table-stream router, the queue consumers, the schedules and the consumers of AWS service
 * events. Built in the stack's own scope, so construct ids stay as they were.
 */
export function addWorkers(scope: Construct, props: WorkersProps): Workers {
  const { config, stateful, grants, functionDefaults } = props;
  const prefix = config.resourcePrefix;
  const { table, eventBus, workflowQueues } = stateful;

  // ---- Table stream → queues and bus (the far end of the transactional outbox) ------------
  const routerAccess = accessOf(streamRouter);
  const tableStreamRouter = new ServiceFunction(scope, 'OnTableChange', {
    ...functionDefaults,
    environment: grants.environmentFor(routerAccess),
    entry: streamRouter.handler,
    functionName: `${prefix}-on-table-change`,
    description:
      'Routes committed ticket events from the table stream to the workflow queues and the public bus.',
    serviceName: serviceNameOf(streamRouter.handler),
    timeout: Duration.seconds(60),
  });
  grants.grant(tableStreamRouter, routerAccess);
  eventBus.grantPutEventsTo(tableStreamRouter.function);
  tableStreamRouter.function.addEventSource(
    new DynamoEventSource(table, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 5,
      // One batch at a time per shard keeps a ticket's events in commit order.
      parallelizationFactor: 1,
      onFailure: new SqsDlq(stateful.streamDeadLetterQueue),
    }),
  );

  // ---- Table stream → report aggregates (Ticket items only) --------------------------------
  const aggregatorAccess = accessOf(streamAggregator);
  const tableStreamAggregator = new ServiceFunction(scope, pascalCase(streamAggregator.name), {
    ...functionDefaults,
    environment: grants.environmentFor(aggregatorAccess),
    entry: streamAggregator.handler,
    functionName: `${prefix}-${streamAggregator.name}`,
    description: 'Adds each committed ticket change from the table stream to the report aggregates.',
    serviceName: serviceNameOf(streamAggregator.handler),
    timeout: Duration.seconds(60),
  });
  grants.grant(tableStreamAggregator, aggregatorAccess);
  const isEntity = lambda.FilterRule.isEqual(streamAggregator.entityType);
  tableStreamAggregator.function.addEventSource(
    new DynamoEventSource(table, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: streamAggregator.batchSize,
      // A batch's changes are written in one transaction, the rows they share once: waiting up to
      // this long for a batch to fill makes a report a few seconds later and its writes fewer.
      maxBatchingWindow: Duration.seconds(streamAggregator.batchingWindowSeconds),
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 5,
      parallelizationFactor: 1,
      // Filters are alternatives: a created or changed ticket has a new image, a deleted one an old one.
      filters: [
        lambda.FilterCriteria.filter({ dynamodb: { NewImage: { entityType: { S: isEntity } } } }),
        lambda.FilterCriteria.filter({ dynamodb: { OldImage: { entityType: { S: isEntity } } } }),
      ],
      onFailure: new SqsDlq(stateful.streamDeadLetterQueue),
    }),
  );

  // ---- Queue consumers ----------------------------------------------------------------------
  const consumers = new Map<string, QueueConsumer>();
  for (const definition of queueConsumers) {
    const workflowQueue = workflowQueues.find((candidate) => candidate.definition.name === definition.queue);
    if (!workflowQueue) throw new Error(`Queue consumer ${definition.name}: no queue ${definition.queue}`);
    const access = accessOf(definition);
    const tuning = { ...defaultConsumerTuning, ...consumerTuning[definition.queue] };
    const consumer = new QueueConsumer(scope, pascalCase(definition.name), {
      ...functionDefaults,
      environment: grants.environmentFor(access),
      entry: definition.handler,
      functionName: `${prefix}-${definition.name}`,
      description: `Consumes ${definition.queue}: ${workflowQueue.definition.purpose}.`,
      serviceName: serviceNameOf(definition.handler),
      queue: workflowQueue.queue,
      visibilityTimeout: Duration.seconds(workflowQueue.definition.visibilityTimeoutSeconds),
      batchSize: definition.batchSize,
      maxBatchingWindow: tuning.maxBatchingWindow,
      ...(tuning.maxConcurrency === undefined ? {} : { maxConcurrency: tuning.maxConcurrency }),
    });
    grants.grant(consumer, access);
    consumers.set(definition.name, consumer);
  }

  // ---- Schedules ----------------------------------------------------------------------------
  const scheduled = new Map<string, ScheduledFunction>();
  for (const definition of schedules) {
    const access = accessOf(definition);
    const fn = new ScheduledFunction(scope, pascalCase(definition.name), {
      ...functionDefaults,
      environment: grants.environmentFor(access),
      entry: definition.handler,
      functionName: `${prefix}-${definition.name}`,
      description: `Runs every ${definition.everySeconds} s: ${definition.handler}`.slice(0, 256),
      serviceName: serviceNameOf(definition.handler),
      every: Duration.seconds(definition.everySeconds),
      ruleName: `${prefix}-${definition.name}`,
      deadLetterQueueName: `${prefix}-${definition.name}-dlq`,
      timeout: Duration.seconds(30),
    });
    grants.grant(fn, access);
    scheduled.set(definition.name, fn);
  }

  // ---- AWS service events on the default bus ----------------------------------------------
  const eventFunctions = new Map<string, EventConsumer>();
  for (const definition of eventConsumers) {
    const access = accessOf(definition);
    const fn = new EventConsumer(scope, pascalCase(definition.name), {
      ...functionDefaults,
      environment: grants.environmentFor(access),
      entry: definition.handler,
      functionName: `${prefix}-${definition.name}`,
      description: `Handles ${definition.source} events (${definition.detailTypes.join(', ')}).`.slice(
        0,
        256,
      ),
      serviceName: serviceNameOf(definition.handler),
      eventPattern: eventPatternFor(definition, stateful),
      ruleName: `${prefix}-${definition.name}`,
      deadLetterQueueName: `${prefix}-${definition.name}-dlq`,
    });
    grants.grant(fn, access);
    eventFunctions.set(definition.name, fn);
  }

  return {
    tableStreamRouter,
    tableStreamAggregator,
    queueConsumers: consumers,
    scheduledFunctions: scheduled,
    eventConsumers: eventFunctions,
    inboundEmail: addInboundEmail(scope, props),
  };
}

/** SES receiving → S3 → the inbound-email function, for the stage's reply domain (ADR 16). */
function addInboundEmail(scope: Construct, props: WorkersProps): InboundMailReceiver | undefined {
  const { config, stateful, grants, functionDefaults } = props;
  const bucket = stateful.inboundMailBucket;
  if (!config.replyDomain || !bucket) return undefined;
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region) && !SES_RECEIVING_REGIONS.includes(region)) {
    Annotations.of(scope).addWarningV2(
      'redress:ses-receiving-region',
      `SES may not receive mail in ${region} (it does in ${SES_RECEIVING_REGIONS.join(', ')}): replies to ${config.replyDomain} would never arrive.`,
    );
  }
  const supportElsewhere =
    config.supportAddress !== undefined && !config.supportAddress.endsWith(`@${config.replyDomain}`);
  const access = accessOf(inboundEmail);
  const fn = new InboundMailReceiver(scope, pascalCase(inboundEmail.name), {
    ...functionDefaults,
    environment: grants.environmentFor(access),
    entry: inboundEmail.handler,
    functionName: `${config.resourcePrefix}-${inboundEmail.name}`,
    description:
      `Adds mail received for ${config.replyDomain} to tickets (replies) or opens inquiries.`.slice(0, 256),
    serviceName: serviceNameOf(inboundEmail.handler),
    timeout: Duration.seconds(30),
    memorySize: 1024,
    bucket,
    bucketName: inboundMailBucketName(config.resourcePrefix),
    recipients: [
      config.replyDomain,
      ...(supportElsewhere && config.supportAddress ? [config.supportAddress] : []),
    ],
    ruleSetName: `${config.resourcePrefix}-inbound`,
    deadLetterQueueName: `${config.resourcePrefix}-${inboundEmail.name}-dlq`,
  });
  grants.grant(fn, access);
  return fn;
}

/**
 * The rule's pattern, scoped to this stage: SES events of the stage's configuration set only
 * (every stage of an account shares the default bus).
 */
function eventPatternFor(
  definition: EventConsumerDefinition,
  stateful: StatefulResources,
): events.EventPattern {
  switch (definition.source) {
    case 'aws.ses':
      return {
        source: ['aws.ses'],
        detailType: [...definition.detailTypes],
        detail: {
          mail: {
            tags: {
              'ses:configuration-set': [stateful.emailConfigurationSet.configurationSetName],
            },
          },
        },
      };
  }
}
