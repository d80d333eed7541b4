import { type Clock, systemClock } from '../shared/clock.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbSlaPolicyRepository } from './adapters/policy-repository.dynamodb.js';

let deps: { policyRepository: DynamoDbSlaPolicyRepository; clock: Clock } | undefined;

/**
 * The wiring of the SLA policy routes: the stored policies alone. Apart from compose.ts (the
 * engine, with the timer queue), so that these functions load no SQS client.
 */
export function slaPolicyDeps() {
  if (!deps) {
    const { client, tableName } = tableConfig();
    deps = { policyRepository: new DynamoDbSlaPolicyRepository(client, tableName), clock: systemClock };
  }
  return deps;
}
