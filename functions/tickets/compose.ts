import { randomUUID } from 'node:crypto';
import { DynamoDbOrderRepository } from '../orders/adapters/order-repository.dynamodb.js';
import { systemClock } from '../shared/clock.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbTicketRepository } from './adapters/ticket-repository.dynamodb.js';
import type { TicketDeps } from './use-cases/deps.js';

let deps: TicketDeps | undefined;

/** The production wiring of the ticket use cases, built once per process. */
export function ticketDeps(): TicketDeps {
  if (!deps) {
    const { client, tableName } = tableConfig();
    deps = {
      tickets: new DynamoDbTicketRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      clock: systemClock,
      newId: randomUUID,
    };
  }
  return deps;
}
