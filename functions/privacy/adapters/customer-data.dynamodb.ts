import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbOrderRepository } from '../../orders/adapters/order-repository.dynamodb.js';
import type { Order } from '../../orders/domain/order.js';
import { batchGetItems } from '../../shared/batch-get.js';
import { queryPages } from '../../shared/query-pages.js';
import { joined } from '../../tickets/adapters/ticket-items.js';
import type { Ticket, TicketEvent } from '../../tickets/domain/ticket.js';
import type {
  CustomerDataReader,
  SentEmail,
  StoredEvent,
  StoredTicket,
  Suppression,
} from '../domain/ports.js';
import { privacyKeys, ticketOfItem } from './keys.js';

function storedTicket(item: Record<string, unknown>): StoredTicket {
  return {
    ticket: ticketOfItem(item) as unknown as Ticket,
    erasedAt: typeof item.erasedAt === 'string' ? item.erasedAt : null,
  };
}

function eventOf(item: Record<string, unknown>): StoredEvent {
  const { id, ticketId, ticketType, type, at, actor, visibility, data } = item as unknown as TicketEvent;
  return {
    event: { id, ticketId, ticketType, type, at, actor, visibility, data } as TicketEvent,
    ref: String(item.SK),
  };
}

function suppressionOf(item: Record<string, unknown> | undefined, hashed: boolean): Suppression | undefined {
  if (!item) return undefined;
  return { reason: item.reason as Suppression['reason'], at: String(item.at), hashed };
}

/**
 * What is held about a customer, by key: GSI1 (`CUSTOMER#<id>`) for the tickets and the orders,
 * each ticket's partition for its timeline, the order repository for each order, batched gets for sent-log
 * entries, two gets for a suppression. Strongly consistent except the index.
 */
export class DynamoDbCustomerDataReader implements CustomerDataReader {
  private readonly orders: DynamoDbOrderRepository;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.orders = new DynamoDbOrderRepository(client, tableName);
  }

  /**
   * The customer's tickets, newest first: their ids from GSI1, then each ticket's item and detail
   * item (ADR 23) read together by key, strongly consistent; a pair caught at two versions (a
   * write in flight) is read again.
   */
  async tickets(customerId: string): Promise<StoredTicket[]> {
    const ids: string[] = [];
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :tickets)',
      ExpressionAttributeValues: { ':pk': privacyKeys.customerTickets(customerId), ':tickets': 'TICKET#' },
      ProjectionExpression: 'id',
      ScanIndexForward: false,
    })) {
      for (const item of page.Items ?? []) ids.push(String(item.id));
    }
    // Per id: the ticket, or null when it is gone (deleted since the index was read).
    const found = new Map<string, StoredTicket | null>();
    for (let attempt = 0; attempt < 5; attempt++) {
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length === 0) break;
      const items = await this.getAll(
        missing.flatMap((id) => [privacyKeys.ticket(id), privacyKeys.ticketDetail(id)]),
      );
      for (const id of missing) {
        const core = items.get(`${privacyKeys.ticket(id).PK}|TICKET`);
        if (!core) {
          found.set(id, null);
          continue;
        }
        const whole = joined(core, items.get(`${privacyKeys.ticketDetail(id).PK}|TICKET#DETAIL`));
        if (whole) found.set(id, storedTicket(whole));
      }
    }
    return ids.flatMap((id) => {
      if (!found.has(id)) throw new Error(`Ticket ${id} kept changing while it was read.`);
      const stored = found.get(id);
      return stored ? [stored] : [];
    });
  }

  /** Items by key (BatchGetItem, strongly consistent, unprocessed keys asked again), by `PK|SK`. */
  private async getAll(
    keys: readonly Record<string, string>[],
  ): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    for (const item of await batchGetItems(this.client, this.tableName, keys, { consistentRead: true }))
      out.set(`${String(item.PK)}|${String(item.SK)}`, item);
    return out;
  }

  async ticketWithTimeline(
    ticketId: string,
  ): Promise<{ stored: StoredTicket; events: StoredEvent[] } | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const items: Record<string, unknown>[] = [];
      for await (const page of queryPages(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': privacyKeys.ticketPartition(ticketId) },
        ConsistentRead: true,
      })) {
        items.push(...(page.Items ?? []));
      }
      const ticketItem = items.find((item) => item.SK === 'TICKET');
      if (!ticketItem) return undefined;
      // A Query is not isolated from a transaction in flight: the two halves at two versions are read again.
      const whole = joined(
        ticketItem,
        items.find((item) => item.SK === 'TICKET#DETAIL'),
      );
      if (!whole) continue;
      const events = items.filter((item) => item.entityType === 'TicketEvent').map(eventOf);
      return { stored: storedTicket(whole), events };
    }
    throw new Error(`Ticket ${ticketId} kept changing while it was read.`);
  }

  async orderIds(customerId: string): Promise<string[]> {
    const found: string[] = [];
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :orders)',
      ExpressionAttributeValues: { ':pk': privacyKeys.customerTickets(customerId), ':orders': 'ORDER#' },
      ProjectionExpression: 'orderId',
      ScanIndexForward: false,
    })) {
      for (const item of page.Items ?? []) found.push(String(item.orderId));
    }
    return found;
  }

  order(orderId: string): Promise<Order | undefined> {
    return this.orders.get(orderId);
  }

  async sentEmails(pairs: readonly { eventId: string; address: string }[]): Promise<SentEmail[]> {
    const wanted = new Map<string, { eventId: string; address: string }>();
    for (const pair of pairs) {
      wanted.set(privacyKeys.sentEmailKey(pair.eventId, pair.address), pair);
    }
    const keys = [...wanted.keys()];
    const found: SentEmail[] = [];
    const items = await batchGetItems(
      this.client,
      this.tableName,
      keys.map((key) => privacyKeys.sentEmail(key)),
      { consistentRead: true },
    );
    for (const item of items) {
      const key = String(item.PK).slice('EMAIL#'.length);
      const pair = wanted.get(key);
      if (!pair) continue;
      found.push({
        key,
        eventId: pair.eventId,
        address: key.slice(pair.eventId.length + 1),
        status: item.status === 'sent' ? 'sent' : 'sending',
        sentAt: typeof item.sentAt === 'string' ? item.sentAt : null,
        subject: typeof item.subject === 'string' ? item.subject : null,
        kind: typeof item.kind === 'string' ? item.kind : null,
      });
    }
    return found.sort((a, b) => keys.indexOf(a.key) - keys.indexOf(b.key));
  }

  async suppression(address: string, digest: string): Promise<Suppression | undefined> {
    const [plain, hashed] = await Promise.all([
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: privacyKeys.suppression(address),
          ConsistentRead: true,
        }),
      ),
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: privacyKeys.hashedSuppression(digest),
          ConsistentRead: true,
        }),
      ),
    ]);
    return suppressionOf(plain.Item, false) ?? suppressionOf(hashed.Item, true);
  }
}
