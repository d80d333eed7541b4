import type { Config, SigningSecret } from './config.js';
import type { QueueName } from './queue-catalog.js';
import type { tableDefinition } from './table-catalog.js';

/**
 * The DynamoDB operations a function's code issues. A transaction is authorised item by item, so
 * a function that sends `TransactWriteItems` also names the item actions inside it (`PutItem`,
 * `UpdateItem`, `DeleteItem`, `ConditionCheckItem`).
 */
export type TableOperation =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem'
  | 'TransactWriteItems';

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['name'];

export interface TableUse {
  /** Operations on the table itself (a Query on an index is declared by the index alone). */
  readonly operations: readonly TableOperation[];
  /** Indexes it queries. */
  readonly indexes?: readonly IndexName[];
  /**
   * The partition keys of the table items it reads and writes, as IAM `StringLike` patterns
   * (`SETTINGS`, `ERASURE#*`), where every one of them is known: the stack grants its item
   * actions on those partitions only (`dynamodb:LeadingKeys`). Left out where a function works on
   * partitions of every kind (a ticket's transaction with its order, its counters, its queue).
   */
  readonly keys?: readonly string[];
}

/** Whether a partition key value matches a `keys` pattern (IAM `StringLike`: `*` and `?`). */
export function keyPatternMatches(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

/**
 * Everything the infrastructure must give one function, declared next to its definition (a
 * route in `functions/<context>/routes.ts`, a worker in functions/events/workers.ts). The CDK stacks
 * derive its environment and grants from it; the local runtime its environment.
 */
export interface FunctionManifest {
  /** Module path from the project root; it exports `handler`. */
  readonly handler: string;
  /** The configurations (context `config.ts`) its code reads, beyond the shared ones. */
  readonly config?: readonly Config[];
  /** Signing secrets it reads. */
  readonly secrets?: readonly SigningSecret[];
  /** Queues it sends to. */
  readonly sendTo?: readonly QueueName[];
  /** What it does on the table. */
  readonly table: TableUse;
  /** Sends email through SES (from the stage identity, in its configuration set). */
  readonly sendsEmail?: boolean;
}

/** A function that touches no data. */
export const noTable: TableUse = { operations: [] };

/**
 * Changing a ticket through the ticket repository: it reads the ticket — its item and its detail
 * item in one Query of the ticket's partition (ADR 23), which also serves the timeline — and writes
 * it with its timeline entries in one transaction (PutItem), with the staff effects every ticket
 * write carries (ticket-repository.dynamodb.ts, `staffEffects`): load counters up and down
 * (UpdateItem) and the team queue entry it leaves (DeleteItem); GetItem for the settings and
 * staff records beside it.
 */
export const ticketWrites: TableUse = {
  operations: ['GetItem', 'Query', 'TransactWriteItems', 'PutItem', 'UpdateItem', 'DeleteItem'],
};
