import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems } from '../../shared/batch-get.js';
import { BusinessRuleError, ConflictError, type FieldError } from '../../shared/errors.js';
import {
  type Order,
  type OrderCounter,
  type OrderFacts,
  type OrderLine,
  type OrderSummary,
  orderUpdateViolations,
  summarizeOrder,
} from '../domain/order.js';
import { decodeOrderCursor, encodeOrderCursor, type OrderPosition } from '../domain/order-cursor.js';
import type { OrderPage, OrderRepository, SaveOrderResult } from '../domain/order-repository.js';
import { orderKeys } from './order-keys.js';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

export class DynamoDbOrderRepository implements OrderRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(orderId: string): Promise<Order | undefined> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': orderKeys.partition(orderId) },
        ConsistentRead: true,
      }),
    );
    const items = result.Items ?? [];
    const header = items.find((item) => item.SK === 'ORDER');
    if (!header) return undefined;
    const lines = items
      .filter((item) => typeof item.SK === 'string' && item.SK.startsWith('LINE#'))
      .sort((a, b) => Number(a.position) - Number(b.position))
      .map(
        (item): OrderLine => ({
          sku: item.sku,
          name: item.name,
          quantity: item.quantity,
          unitPrice: item.unitPrice,
          discount: item.discount ?? 0,
          category: item.category,
          noReasonReturn: item.noReasonReturn,
          finalSale: item.finalSale ?? false,
          reservedQuantity: item.reservedQuantity ?? 0,
          refundedQuantity: item.refundedQuantity ?? 0,
          refundedAmount: item.refundedAmount ?? 0,
        }),
      );
    return {
      id: header.orderId,
      customerId: header.customerId,
      customerEmail: header.customerEmail,
      customerName: header.customerName ?? null,
      customerTier: header.customerTier ?? 'standard',
      locale: header.locale,
      timeZone: header.timeZone ?? null,
      currency: header.currency,
      placedAt: header.placedAt,
      shippedAt: header.shippedAt ?? null,
      deliveredAt: header.deliveredAt ?? null,
      shippingFee: header.shippingFee,
      shippingCommitted: header.shippingCommitted ?? 0,
      shippingRefunded: header.shippingRefunded ?? 0,
      approvedAmount: header.approvedAmount ?? 0,
      postageReimbursed: header.postageReimbursed ?? 0,
      ticketCount: header.ticketCount ?? 0,
      items: lines,
      createdAt: header.createdAt,
      updatedAt: header.updatedAt,
    };
  }

  /**
   * The order keys from the customer's index (GSI1 projects nothing of an order's own, so a change
   * of an order or of its counters writes no index entry), then the headers' summary attributes
   * by key, one BatchGetItem a page.
   */
  async listByCustomer(
    customerId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<OrderPage> {
    const after = page.cursor === undefined ? undefined : decodeOrderCursor(page.cursor);
    let startKey: Record<string, unknown> | undefined = after && {
      ...orderKeys.header(after.id),
      ...orderKeys.customerIndex(customerId, after.placedAt, after.id),
    };
    const found: Record<string, unknown>[] = [];
    // One more than the page tells whether another page follows; a 1 MB cut reads on.
    while (found.length <= page.limit) {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI1',
          // The customer's tickets share the partition (`TICKET#…`).
          KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :orders)',
          ExpressionAttributeValues: {
            ':pk': orderKeys.customer(customerId),
            ':orders': 'ORDER#',
          },
          ProjectionExpression: 'PK, SK, GSI1SK',
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
          Limit: page.limit + 1 - found.length,
        }),
      );
      found.push(...(result.Items ?? []));
      if (!result.LastEvaluatedKey) break;
      startKey = result.LastEvaluatedKey;
    }
    const keys = found.slice(0, page.limit).map((item) => ({ PK: item.PK, SK: item.SK }));
    const headers = new Map(
      (await batchGetItems(this.client, this.tableName, keys, { projection: summaryProjection })).map(
        (header) => [String(header.PK), header],
      ),
    );
    // In the index's order; a header that moved to another customer since the index was read is left out.
    const listed = keys.flatMap((key) => {
      const header = headers.get(String(key.PK));
      return header && header.customerId === customerId ? [header] : [];
    });
    const items = await Promise.all(listed.map((header) => this.summaryOf(header)));
    // The page ends at its last index entry, whether or not its header was listed.
    const last = found[page.limit - 1];
    const nextCursor = found.length > page.limit && last ? encodeOrderCursor(positionOf(last)) : null;
    return { items, nextCursor };
  }

  /** From the header's copy of the facts; a header saved before the copy existed is read whole. */
  private async summaryOf(item: Record<string, unknown>): Promise<OrderSummary> {
    if (!Array.isArray(item.summaryItems) || typeof item.summaryTotal !== 'number') {
      const order = await this.get(String(item.orderId));
      if (!order) throw new Error(`Order ${String(item.orderId)} vanished while it was listed`);
      return summarizeOrder(order);
    }
    return {
      id: String(item.orderId),
      customerId: String(item.customerId),
      currency: String(item.currency),
      placedAt: String(item.placedAt),
      shippedAt: typeof item.shippedAt === 'string' ? item.shippedAt : null,
      deliveredAt: typeof item.deliveredAt === 'string' ? item.deliveredAt : null,
      total: item.summaryTotal,
      items: (item.summaryItems as Record<string, unknown>[]).map((line) => ({
        sku: String(line.sku),
        name: String(line.name),
        quantity: Number(line.quantity),
      })),
      ticketCount: typeof item.ticketCount === 'number' ? item.ticketCount : 0,
    };
  }

  async save(orderId: string, facts: OrderFacts, now: string): Promise<SaveOrderResult> {
    const existing = await this.get(orderId);
    const violations = orderUpdateViolations(existing, facts);
    if (violations.length > 0) throw lineCommitted(violations);
    const { items } = facts;
    const transaction: TransactItem[] = [this.headerUpdate(orderId, facts, existing, now)];
    const locked = existing !== undefined && existing.currency !== facts.currency;
    const lockedCustomer = existing !== undefined && existing.customerId !== facts.customerId;
    items.forEach((line, position) => {
      transaction.push(this.lineUpdate(orderId, line, position, locked || lockedCustomer));
    });
    const kept = new Set(items.map((line) => line.sku));
    for (const line of existing?.items ?? []) {
      if (kept.has(line.sku)) continue;
      transaction.push({
        Delete: {
          TableName: this.tableName,
          Key: orderKeys.line(orderId, line.sku),
          ConditionExpression: 'attribute_not_exists(PK) OR committedQuantity = :zero',
          ExpressionAttributeValues: { ':zero': 0 },
        },
      });
    }
    if (transaction.length > 100) {
      throw new BusinessRuleError('ORDER_TOO_LARGE', 'An update may change at most 99 order lines at once.');
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: transaction }));
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed')
      ) {
        // A ticket or another writer changed the order between our read and our write: refuse
        // with the rules as they stand now, or ask for a retry if no rule is broken.
        const current = await this.get(orderId);
        const violated = orderUpdateViolations(current, facts);
        if (violated.length > 0) throw lineCommitted(violated);
        throw new ConflictError(
          'The order changed while it was being saved; send it again.',
          'ORDER_CHANGED_CONCURRENTLY',
        );
      }
      throw error;
    }
    const saved = await this.get(orderId);
    if (!saved) throw new Error(`Order ${orderId} vanished after it was saved`);
    return { order: saved, created: existing === undefined };
  }

  /**
   * Sets only the facts of the header; the counters tickets keep are created at zero and never
   * written again. Conditioned on the order as read (another order write loses cleanly) and on
   * the same rules as `orderUpdateViolations`, so a ticket changing counters meanwhile cannot
   * slip past them.
   */
  private headerUpdate(orderId: string, facts: OrderFacts, existing: Order | undefined, now: string) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':now': now, ':zero': 0 };
    const sets = [
      'entityType = :entityType',
      'orderId = :orderId',
      'updatedAt = :now',
      'GSI1PK = :customerKey',
      'GSI1SK = :customerSort',
      'summaryTotal = :summaryTotal',
      'summaryItems = :summaryItems',
    ];
    values[':entityType'] = 'Order';
    values[':orderId'] = orderId;
    // On the customer's index beside their tickets, so an export or erasure finds every order.
    const customer = orderKeys.customerIndex(facts.customerId, facts.placedAt, orderId);
    values[':customerKey'] = customer.GSI1PK;
    values[':customerSort'] = customer.GSI1SK;
    // The list of the customer's orders reads the header alone: it keeps the summary of the lines.
    const summary = summarizeOrder({ ...facts, id: orderId });
    values[':summaryTotal'] = summary.total;
    values[':summaryItems'] = summary.items;
    headerFactFields.forEach((field, index) => {
      names[`#f${index}`] = field;
      values[`:f${index}`] = facts[field];
      sets.push(`#f${index} = :f${index}`);
    });
    sets.push('createdAt = if_not_exists(createdAt, :now)');
    for (const counter of headerCounters) sets.push(`${counter} = if_not_exists(${counter}, :zero)`);
    const conditions: string[] = [];
    if (!existing) {
      conditions.push('attribute_not_exists(PK)');
    } else {
      conditions.push('attribute_exists(PK)', 'createdAt = :createdAt', 'updatedAt = :updatedAt');
      values[':createdAt'] = existing.createdAt;
      values[':updatedAt'] = existing.updatedAt;
      conditions.push('(attribute_not_exists(shippingCommitted) OR shippingCommitted <= :shippingFee)');
      values[':shippingFee'] = facts.shippingFee;
      const currencyChanges = facts.currency !== existing.currency;
      const customerChanges = facts.customerId !== existing.customerId;
      if (currencyChanges || customerChanges) {
        for (const counter of headerCounters) {
          if (counter === 'ticketCount' && !customerChanges) continue;
          conditions.push(`(attribute_not_exists(${counter}) OR ${counter} = :zero)`);
        }
      }
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: orderKeys.header(orderId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  /**
   * Sets the facts of a line, keeping its counters. A committed line keeps its price and discount
   * and does not shrink below its committed units (a discounted one does not shrink at all); `locked` (the currency or the customer
   * changes) requires nothing of the line to be committed.
   */
  private lineUpdate(orderId: string, line: OrderFacts['items'][number], position: number, locked: boolean) {
    const sameDiscount =
      line.discount === 0
        ? '(attribute_not_exists(discount) OR discount = :discount)'
        : 'discount = :discount';
    const committedRules = locked
      ? 'committedQuantity = :zero'
      : `committedQuantity = :zero OR (committedQuantity <= :quantity AND unitPrice = :unitPrice AND ${sameDiscount} AND (:discount = :zero OR quantity <= :quantity))`;
    return {
      Update: {
        TableName: this.tableName,
        Key: orderKeys.line(orderId, line.sku),
        UpdateExpression:
          'SET entityType = :type, sku = :sku, #name = :name, quantity = :quantity, unitPrice = :unitPrice, ' +
          'discount = :discount, category = :category, noReasonReturn = :noReason, finalSale = :finalSale, ' +
          '#position = :position, ' +
          'reservedQuantity = if_not_exists(reservedQuantity, :zero), refundedQuantity = if_not_exists(refundedQuantity, :zero), ' +
          'refundedAmount = if_not_exists(refundedAmount, :zero), committedQuantity = if_not_exists(committedQuantity, :zero)',
        ConditionExpression: `attribute_not_exists(PK) OR ${committedRules}`,
        ExpressionAttributeNames: { '#name': 'name', '#position': 'position' },
        ExpressionAttributeValues: {
          ':type': 'OrderLine',
          ':sku': line.sku,
          ':name': line.name,
          ':quantity': line.quantity,
          ':unitPrice': line.unitPrice,
          ':discount': line.discount,
          ':category': line.category,
          ':noReason': line.noReasonReturn,
          ':finalSale': line.finalSale,
          ':position': position,
          ':zero': 0,
        },
      },
    };
  }
}

/** Where an order's entry stands on the customer's index: its sort key is `ORDER#<placedAt>#<id>`. */
function positionOf(entry: Record<string, unknown>): OrderPosition {
  const sortKey = String(entry.GSI1SK).slice('ORDER#'.length);
  const split = sortKey.indexOf('#');
  return { placedAt: sortKey.slice(0, split), id: sortKey.slice(split + 1) };
}

/** What the order list reads of a header (`summaryOf`), and its partition key to match it up. */
const summaryAttributes = [
  'PK',
  'orderId',
  'customerId',
  'currency',
  'placedAt',
  'shippedAt',
  'deliveredAt',
  'summaryTotal',
  'summaryItems',
  'ticketCount',
] as const;
const summaryProjection = {
  expression: summaryAttributes.map((_, index) => `#s${index}`).join(', '),
  names: Object.fromEntries(summaryAttributes.map((name, index) => [`#s${index}`, name])),
};

/** The header attributes an order update writes: the facts, never the counters. */
const headerFactFields = [
  'customerId',
  'customerEmail',
  'customerName',
  'customerTier',
  'locale',
  'timeZone',
  'currency',
  'placedAt',
  'shippedAt',
  'deliveredAt',
  'shippingFee',
] as const satisfies readonly (keyof Omit<OrderFacts, 'items'>)[];

/** The header counters tickets keep; an order update only creates them at zero. */
const headerCounters = [
  'shippingCommitted',
  'shippingRefunded',
  'approvedAmount',
  'postageReimbursed',
  'ticketCount',
] as const satisfies readonly OrderCounter[];

function lineCommitted(errors: readonly FieldError[]): BusinessRuleError {
  return new BusinessRuleError(
    'ORDER_LINE_COMMITTED',
    'Tickets hold or refunds cover parts of this order: the fields named cannot change that way.',
    errors,
  );
}
