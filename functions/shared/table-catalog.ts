/**
 * The one DynamoDB table, described as plain data. The CDK stateful stack and the local
 * runtime both build the table from this description, so the two cannot drift.
 * No CDK import here: the local runtime loads this module without aws-cdk-lib.
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** What the index copies: every attribute, or only the keys. */
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  readonly logicalName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly timeToLiveAttribute: string;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** Partitions of the due-timer index; the sweeper queries each. */
  readonly dueTimerShards: number;
}

export const tableDefinition = {
  logicalName: 'redress',
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds. TTL only tidies up: reads always filter expired items themselves. */
  timeToLiveAttribute: 'expiration',
  globalSecondaryIndexes: [
    /** A customer's tickets, newest first: CUSTOMER#<id> / TICKET#<createdAt>#<id>. */
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projection: 'ALL' },
    /** Work queues by assignee: ASSIGNEE#<id> or ASSIGNEE#none / <createdAt>#<id>; open tickets only. */
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK', projection: 'ALL' },
    /** All tickets by creation time (views, reports, policy re-application): TICKETS / <createdAt>#<id>. */
    { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK', projection: 'ALL' },
    /** Due timers (sparse, sharded, keys only): DUE#<shard> / <nextDueAt>#<ticketId>. */
    { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK', projection: 'KEYS_ONLY' },
  ],
  dueTimerShards: 8,
} as const satisfies TableDefinition;
