import { randomUUID } from 'node:crypto';
import { DynamoDbAfterSalesPolicyRepository } from '../after-sales/adapters/after-sales-policy.dynamodb.js';
import { DynamoDbOrderRepository } from '../orders/adapters/order-repository.dynamodb.js';
import { systemClock } from '../shared/clock.js';
import { tableConfig } from '../shared/table.js';
import {
  DynamoDbSlaPolicyRepository,
  StoredPolicySource,
} from '../sla/adapters/policy-repository.dynamodb.js';
import { DynamoDbTicketRepository } from './adapters/ticket-repository.dynamodb.js';
import type { TicketDeps } from './use-cases/deps.js';

let deps: TicketDeps | undefined;

/** `AUTO_CLOSE_DAYS` (default 7): days after which a resolved ticket closes by itself. */
function autoCloseDays(): number {
  const days = Number(process.env.AUTO_CLOSE_DAYS ?? 7);
  if (!Number.isFinite(days) || days <= 0)
    throw new Error(`AUTO_CLOSE_DAYS must be a positive number, not ${process.env.AUTO_CLOSE_DAYS}`);
  return days;
}

/** `WATCHDOG_SECONDS` (default 600): how long an automated step may take before it is re-driven. */
function watchdogSeconds(): number {
  const seconds = Number(process.env.WATCHDOG_SECONDS ?? 600);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`WATCHDOG_SECONDS must be a positive number, not ${process.env.WATCHDOG_SECONDS}`);
  return seconds;
}

/** The production wiring of the ticket use cases, built once per process. */
export function ticketDeps(): TicketDeps {
  if (!deps) {
    const { client, tableName } = tableConfig();
    deps = {
      tickets: new DynamoDbTicketRepository(client, tableName),
      orders: new DynamoDbOrderRepository(client, tableName),
      clock: systemClock,
      newId: randomUUID,
      policies: new StoredPolicySource(new DynamoDbSlaPolicyRepository(client, tableName)),
      afterSales: new DynamoDbAfterSalesPolicyRepository(client, tableName),
      settings: { autoCloseDays: autoCloseDays(), watchdogSeconds: watchdogSeconds() },
    };
  }
  return deps;
}
