import { queueUrlEnvName } from '../../lib/config/queues.js';
import { systemClock } from '../shared/clock.js';
import { requireEnv } from '../shared/env.js';
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
    queue: new SqsTimerQueue(getSqsClient(), requireEnv(queueUrlEnvName('sla-timers'))),
    policyRepository: new DynamoDbSlaPolicyRepository(client, tableName),
    clock: systemClock,
  };
}
