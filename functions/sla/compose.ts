import { systemClock } from '../shared/clock.js';
import { queueUrl } from '../shared/queues.js';
import { getSqsClient } from '../shared/sqs-client.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbDueTimerIndex } from './adapters/due-timer-index.dynamodb.js';
import { DynamoDbSlaPolicyRepository } from './adapters/policy-repository.dynamodb.js';
import { SqsTimerQueue } from './adapters/timer-queue.sqs.js';

/** The production wiring of the SLA engine, built once per process. */
export function slaDeps() {
  const { client, tableName } = tableConfig();
  return {
    index: new DynamoDbDueTimerIndex(client, tableName),
    queue: new SqsTimerQueue(getSqsClient(), queueUrl('sla-timers')),
    policyRepository: new DynamoDbSlaPolicyRepository(client, tableName),
    clock: systemClock,
  };
}
