import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from '../../../lib/config/table.js';
import { orderKeys } from '../../orders/adapters/order-keys.js';
import { BusinessRuleError, ConflictError, ValidationError } from '../../shared/errors.js';
import { queryPages } from '../../shared/query-pages.js';
import { nextDeadlines } from '../../sla/domain/clocks.js';
import type { OrderChanges } from '../domain/order-changes.js';
import type { Ticket, TicketEvent } from '../domain/ticket.js';
import type { TicketPage, TicketQuery, TicketRepository } from '../domain/ticket-repository.js';
import { ticketNextDueAt } from '../domain/timers.js';

/** GSI3's one partition: every ticket, sorted by `<createdAt>#<id>` (read by reports too). */
export const ALL_TICKETS_PARTITION = 'TICKETS';

const ticketKeys = {
  partition: (ticketId: string) => `TICKET#${ticketId}`,
  ticket: (ticketId: string) => ({ PK: `TICKET#${ticketId}`, SK: 'TICKET' }),
  event: (event: TicketEvent, sequence: number) => ({
    PK: `TICKET#${event.ticketId}`,
    SK: `EVENT#${event.at}#${String(sequence).padStart(3, '0')}#${event.id}`,
  }),
  customer: (customerId: string) => `CUSTOMER#${customerId}`,
  assignee: (assigneeId: string | null) => `ASSIGNEE#${assigneeId ?? 'none'}`,
  all: ALL_TICKETS_PARTITION,
};

/** The due-timer shard of a ticket: a stable hash of its id. */
export function dueTimerShard(ticketId: string): number {
  let hash = 2166136261;
  for (let i = 0; i < ticketId.length; i++) hash = Math.imul(hash ^ ticketId.charCodeAt(i), 16777619);
  return (hash >>> 0) % tableDefinition.dueTimerShards;
}

export function dueTimerPartition(ticketId: string): string {
  return `DUE#${dueTimerShard(ticketId)}`;
}

/** Statuses that leave the agents' work queues (GSI2). */
const outOfQueue = new Set(['resolved', 'closed', 'cancelled']);

const ticketFields = [
  'id',
  'type',
  'status',
  'priority',
  'customerId',
  'customerTier',
  'team',
  'autoCloseAt',
  'customerEmail',
  'locale',
  'orderId',
  'channel',
  'reason',
  'subject',
  'description',
  'items',
  'currency',
  'returnMethod',
  'pickup',
  'refund',
  'holds',
  'returnShipment',
  'pickupBooking',
  'inspection',
  'outboundShipment',
  'rejectionReason',
  'assigneeId',
  'escalationLevel',
  'resumeStatus',
  'sla',
  'version',
  'createdAt',
  'updatedAt',
  'resolvedAt',
  'closedAt',
] as const satisfies readonly (keyof Ticket)[];

function toItem(ticket: Ticket): Record<string, unknown> {
  const sortKey = `${ticket.createdAt}#${ticket.id}`;
  const working = !outOfQueue.has(ticket.status);
  const deadlines = working ? nextDeadlines(ticket.sla) : undefined;
  const nextDueAt = ticketNextDueAt(ticket);
  return {
    ...ticketKeys.ticket(ticket.id),
    entityType: 'Ticket',
    ...ticket,
    GSI1PK: ticketKeys.customer(ticket.customerId),
    GSI1SK: `TICKET#${sortKey}`,
    ...(outOfQueue.has(ticket.status)
      ? {}
      : { GSI2PK: ticketKeys.assignee(ticket.assigneeId), GSI2SK: sortKey }),
    GSI3PK: ticketKeys.all,
    GSI3SK: sortKey,
    ...(deadlines ? { slaDueAt: deadlines.dueAt, slaWarnAt: deadlines.warnAt } : {}),
    ...(nextDueAt ? { GSI4PK: dueTimerPartition(ticket.id), GSI4SK: `${nextDueAt}#${ticket.id}` } : {}),
  };
}

/**
 * The order-side half of a ticket change. Conditions cannot add, so each compares the stored
 * counter with the largest value that still leaves room for this change.
 */
function orderChangeItems(tableName: string, changes: OrderChanges) {
  const lines = changes.lines.map((change) => {
    const Key = orderKeys.line(changes.orderId, change.sku);
    switch (change.kind) {
      case 'reserve':
        return {
          Update: {
            TableName: tableName,
            Key,
            UpdateExpression:
              'SET reservedQuantity = reservedQuantity + :q, committedQuantity = committedQuantity + :q',
            ConditionExpression: 'quantity = :purchased AND committedQuantity <= :room',
            ExpressionAttributeValues: {
              ':q': change.quantity,
              ':purchased': change.purchased,
              ':room': change.purchased - change.quantity,
            },
          },
        };
      case 'release':
        return {
          Update: {
            TableName: tableName,
            Key,
            UpdateExpression:
              'SET reservedQuantity = reservedQuantity - :q, committedQuantity = committedQuantity - :q',
            ConditionExpression: 'reservedQuantity >= :q',
            ExpressionAttributeValues: { ':q': change.quantity },
          },
        };
      case 'settle':
        return {
          Update: {
            TableName: tableName,
            Key,
            UpdateExpression:
              'SET reservedQuantity = reservedQuantity - :q, refundedQuantity = refundedQuantity + :q, refundedAmount = refundedAmount + :amount',
            ConditionExpression: 'reservedQuantity >= :q AND refundedAmount <= :room',
            ExpressionAttributeValues: {
              ':q': change.quantity,
              ':amount': change.amount,
              ':room': change.paid - change.amount,
            },
          },
        };
    }
    throw new Error('Unknown order line change');
  });
  const shipping = changes.shipping;
  if (!shipping) return lines;
  const Key = orderKeys.header(changes.orderId);
  switch (shipping.kind) {
    case 'reserve':
      return [
        ...lines,
        {
          Update: {
            TableName: tableName,
            Key,
            UpdateExpression: 'SET shippingCommitted = shippingCommitted + :amount',
            ConditionExpression: 'shippingCommitted = :zero AND shippingFee >= :amount',
            ExpressionAttributeValues: { ':amount': shipping.amount, ':zero': 0 },
          },
        },
      ];
    case 'release':
      return [
        ...lines,
        {
          Update: {
            TableName: tableName,
            Key,
            UpdateExpression: 'SET shippingCommitted = shippingCommitted - :amount',
            ConditionExpression: 'shippingCommitted >= :amount',
            ExpressionAttributeValues: { ':amount': shipping.amount },
          },
        },
      ];
    case 'settle':
      return [
        ...lines,
        {
          Update: {
            TableName: tableName,
            Key,
            UpdateExpression: 'SET shippingRefunded = shippingRefunded + :amount',
            ConditionExpression: 'shippingRefunded <= :room',
            ExpressionAttributeValues: {
              ':amount': shipping.amount,
              ':room': shipping.shippingFee - shipping.amount,
            },
          },
        },
      ];
  }
}

function fromItem(item: Record<string, unknown>): Ticket {
  const ticket: Record<string, unknown> = {};
  for (const field of ticketFields) ticket[field] = item[field] ?? null;
  // Optional: only a rated ticket has it, so unrated tickets read back exactly as written.
  if (item.satisfaction) ticket.satisfaction = item.satisfaction;
  return ticket as unknown as Ticket;
}

function eventItem(event: TicketEvent, sequence: number): Record<string, unknown> {
  return { ...ticketKeys.event(event, sequence), entityType: 'TicketEvent', ...event };
}

function fromEventItem(item: Record<string, unknown>): TicketEvent {
  const { id, ticketId, ticketType, type, at, actor, visibility, data } = item as unknown as TicketEvent;
  return { id, ticketId, ticketType, type, at, actor, visibility, data };
}

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'Not a cursor this API handed out.' }]);
}

export class DynamoDbTicketRepository implements TicketRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(ticketId: string): Promise<Ticket | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: ticketKeys.ticket(ticketId), ConsistentRead: true }),
    );
    return result.Item ? fromItem(result.Item) : undefined;
  }

  async getWithTimeline(ticketId: string): Promise<{ ticket: Ticket; events: TicketEvent[] } | undefined> {
    const items: Record<string, unknown>[] = [];
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': ticketKeys.partition(ticketId) },
      ConsistentRead: true,
    })) {
      items.push(...(page.Items ?? []));
    }
    const ticketItem = items.find((item) => item.SK === 'TICKET');
    if (!ticketItem) return undefined;
    const events = items.filter((item) => item.entityType === 'TicketEvent').map(fromEventItem);
    return { ticket: fromItem(ticketItem), events };
  }

  async create(ticket: Ticket, events: readonly TicketEvent[], orderChanges?: OrderChanges): Promise<void> {
    await this.write(
      {
        Put: {
          TableName: this.tableName,
          Item: toItem(ticket),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      events,
      () => new ConflictError(`Ticket ${ticket.id} already exists.`, 'TICKET_EXISTS'),
      orderChanges,
    );
  }

  async update(
    ticket: Ticket,
    expectedVersion: number,
    events: readonly TicketEvent[],
    orderChanges?: OrderChanges,
  ): Promise<void> {
    await this.write(
      {
        Put: {
          TableName: this.tableName,
          Item: toItem(ticket),
          ConditionExpression: 'attribute_exists(PK) AND version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      events,
      () =>
        new ConflictError(
          `Ticket ${ticket.id} changed since version ${expectedVersion}; read it again and retry.`,
          'STALE_VERSION',
        ),
      orderChanges,
    );
  }

  private async write(
    ticketWrite: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number],
    events: readonly TicketEvent[],
    onConflict: () => Error,
    orderChanges?: OrderChanges,
  ): Promise<void> {
    const transactItems = [
      ticketWrite,
      ...(orderChanges ? orderChangeItems(this.tableName, orderChanges) : []),
      ...events.map((event, sequence) => ({
        Put: {
          TableName: this.tableName,
          Item: eventItem(event, sequence),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      })),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: transactItems }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') throw onConflict();
        if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
          throw new BusinessRuleError(
            'EXCEEDS_REFUNDABLE',
            'Other tickets hold or have refunded these units (or this money) in the meantime.',
          );
        }
        if (reasons.some((reason) => reason.Code === 'TransactionConflict')) {
          throw new ConflictError(
            'Another change to the same order or ticket was in flight; retry.',
            'CONCURRENT_UPDATE',
          );
        }
      }
      throw error;
    }
  }

  async list(query: TicketQuery): Promise<TicketPage> {
    const base = this.baseQuery(query);
    const names: Record<string, string> = { ...base.ExpressionAttributeNames };
    const values: Record<string, unknown> = { ...base.ExpressionAttributeValues };
    const filters: string[] = base.FilterExpression ? [base.FilterExpression] : [];
    if (query.type) {
      names['#type'] = 'type';
      values[':type'] = query.type;
      filters.push('#type = :type');
    }
    if (query.status) {
      names['#status'] = 'status';
      values[':status'] = query.status;
      filters.push('#status = :status');
    }
    const found: Record<string, unknown>[] = [];
    let startKey = query.cursor ? decodeCursor(query.cursor) : undefined;
    let hasMore = false;
    pages: while (true) {
      let page: { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> };
      try {
        page = await this.client.send(
          new QueryCommand({
            ...base,
            ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
            ExpressionAttributeValues: values,
            FilterExpression: filters.length > 0 ? filters.join(' AND ') : undefined,
            ExclusiveStartKey: startKey,
            Limit: Math.max(query.limit * 2, 25),
          }),
        );
      } catch (error) {
        if (startKey && (error as Error).name === 'ValidationException') {
          throw new ValidationError([
            { path: 'query.cursor', message: 'The cursor does not belong to this list.' },
          ]);
        }
        throw error;
      }
      const items = page.Items ?? [];
      for (const [index, item] of items.entries()) {
        found.push(item);
        if (found.length === query.limit) {
          hasMore = index < items.length - 1 || page.LastEvaluatedKey !== undefined;
          break pages;
        }
      }
      if (!page.LastEvaluatedKey) break;
      startKey = page.LastEvaluatedKey;
    }
    const last = found[found.length - 1];
    const nextCursor = hasMore && last ? encodeCursor(this.keyOf(last, base.IndexName)) : null;
    return { items: found.map(fromItem), nextCursor };
  }

  private keyOf(item: Record<string, unknown>, indexName: string | undefined): Record<string, unknown> {
    const key: Record<string, unknown> = { PK: item.PK, SK: item.SK };
    if (indexName) {
      key[`${indexName}PK`] = item[`${indexName}PK`];
      key[`${indexName}SK`] = item[`${indexName}SK`];
    }
    return key;
  }

  private baseQuery(query: TicketQuery): QueryCommandInput {
    const common = { TableName: this.tableName, ScanIndexForward: false };
    const { scope } = query;
    switch (scope.kind) {
      case 'customer':
        return {
          ...common,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': ticketKeys.customer(scope.customerId) },
        };
      case 'assignee':
        return {
          ...common,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': ticketKeys.assignee(scope.assigneeId) },
        };
      case 'all':
        return {
          ...common,
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk',
          ExpressionAttributeValues: { ':pk': ticketKeys.all },
        };
      case 'breaching':
      case 'breached':
        return {
          ...common,
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk',
          FilterExpression: scope.kind === 'breaching' ? 'slaWarnAt <= :now' : 'slaDueAt < :now',
          ExpressionAttributeValues: { ':pk': ticketKeys.all, ':now': scope.now.toISOString() },
        };
    }
  }
}
