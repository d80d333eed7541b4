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
  /** Operations on the table itself. */
  readonly operations: readonly TableOperation[];
  /** Indexes it queries. */
  readonly indexes?: readonly IndexName[];
  /**
   * Granted exactly as declared. Without it the stack grants the profile that covers the
   * declaration (read, or read and write, on the table and every index) until per-function
   * rights land (issue 12).
   */
  readonly exact?: boolean;
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

/** Reading and writing tickets: the ticket, its timeline, the order, the policies it settles on. */
export const ticketWrites: TableUse = {
  operations: ['GetItem', 'Query', 'TransactWriteItems', 'PutItem', 'UpdateItem'],
};
