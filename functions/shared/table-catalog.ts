/**
 * The one DynamoDB table, described as plain data. The CDK stateful stack and the local
 * runtime both build the table from this description, so the two cannot drift.
 * No CDK import here: the local runtime loads this module without aws-cdk-lib.
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /**
   * What the index copies: every attribute, only the keys, or the keys and `include` (what its
   * queries show). DynamoDB writes an index only when a key or a projected attribute changes.
   */
  readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly include?: readonly string[];
}

export interface TableDefinition {
  readonly logicalName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly timeToLiveAttribute: string;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** Partitions of the due-timer index; the sweeper queries each. */
  readonly dueTimerShards: number;
  /** Shards per creation day of the all-tickets index (GSI3) and of the open-tickets index (GSI6). */
  readonly ticketIndexShards: number;
}

/**
 * What a ticket list shows (functions/tickets/adapters/ticket-indexes.ts builds the list from
 * these): no `version` or `updatedAt`, so a change that moves nothing listed (a note, a reply
 * that settles no clock) writes no index entry.
 */
export const ticketListAttributes = [
  'entityType',
  'id',
  'type',
  'status',
  'priority',
  'customerId',
  'orderId',
  'channel',
  'team',
  'assigneeId',
  'subject',
  'tags',
  'createdAt',
  'escalationLevel',
  'slaDueAt',
  'slaWarnAt',
] as const;

/** What the report's ticket source reads from GSI3 besides the list (functions/reports/adapters). */
const reportAttributes = ['reason', 'sla', 'resolvedAt', 'satisfaction'] as const;

/**
 * What the auto-approval history reads from GSI1 besides the list: the refund's status and amount
 * (functions/tickets/workflows/refund/adapters/refund-history.dynamodb.ts). Orders share GSI1 but
 * project nothing of their own: the order list reads their keys there and the headers by key.
 */
const refundHistoryAttributes = ['refund'] as const;

export const tableDefinition = {
  logicalName: 'redress',
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds. TTL only tidies up: reads always filter expired items themselves. */
  timeToLiveAttribute: 'expiration',
  globalSecondaryIndexes: [
    /**
     * A customer's tickets, newest first: CUSTOMER#<id> / TICKET#<createdAt>#<id>; their orders
     * beside them, ORDER#<placedAt>#<id>, with only what a header shares with the list
     * (`entityType`, `orderId`, `customerId`: they change only where the entry's key does).
     */
    {
      name: 'GSI1',
      partitionKey: 'GSI1PK',
      sortKey: 'GSI1SK',
      projection: 'INCLUDE',
      include: [...ticketListAttributes, ...refundHistoryAttributes],
    },
    /** Work queues by assignee: ASSIGNEE#<id> or ASSIGNEE#none / <deadline>#<id>; open tickets only. */
    {
      name: 'GSI2',
      partitionKey: 'GSI2PK',
      sortKey: 'GSI2SK',
      projection: 'INCLUDE',
      include: ticketListAttributes,
    },
    /** All tickets by creation time, sharded: TICKETS#<yyyy-mm-dd>#<shard> / <createdAt>#<id>. */
    {
      name: 'GSI3',
      partitionKey: 'GSI3PK',
      sortKey: 'GSI3SK',
      projection: 'INCLUDE',
      include: [...ticketListAttributes, ...reportAttributes],
    },
    /** Due timers (sparse, sharded, keys only): DUE#<shard> / <nextDueAt>#<ticketId>. */
    { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK', projection: 'KEYS_ONLY' },
    /** Team queues: TEAM#<team> / <deadline>#<id>; open tickets only. */
    {
      name: 'GSI5',
      partitionKey: 'GSI5PK',
      sortKey: 'GSI5SK',
      projection: 'INCLUDE',
      include: ticketListAttributes,
    },
    /**
     * Open tickets desk-wide by deadline, sharded: OPEN#<active|waiting>#<shard> / <deadline>#<id>
     * (`waiting` = pending_customer). The breaching, breached and pending-customer views.
     */
    {
      name: 'GSI6',
      partitionKey: 'GSI6PK',
      sortKey: 'GSI6SK',
      projection: 'INCLUDE',
      include: ticketListAttributes,
    },
    /** Ticket numbers (written once, keys only): NUMBER#<first 8 hex of the id> / <id>. */
    { name: 'GSI7', partitionKey: 'GSI7PK', sortKey: 'GSI7SK', projection: 'KEYS_ONLY' },
    /** Customer email of a ticket (keys only; erasure removes it): EMAIL#<address> / <createdAt>#<id>. */
    { name: 'GSI8', partitionKey: 'GSI8PK', sortKey: 'GSI8SK', projection: 'KEYS_ONLY' },
  ],
  dueTimerShards: 8,
  ticketIndexShards: 4,
} as const satisfies TableDefinition;
