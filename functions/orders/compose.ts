import { type Clock, systemClock } from '../shared/clock.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbOrderRepository } from './adapters/order-repository.dynamodb.js';

let deps: { orders: DynamoDbOrderRepository; clock: Clock } | undefined;

/** The production wiring of the order facts, built once per process. */
export function orderDeps() {
  if (!deps) {
    const { client, tableName } = tableConfig();
    deps = { orders: new DynamoDbOrderRepository(client, tableName), clock: systemClock };
  }
  return deps;
}
