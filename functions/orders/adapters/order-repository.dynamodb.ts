import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { BusinessRuleError, ConflictError } from '../../shared/errors.js';
import type { Order, OrderFacts, OrderLine } from '../domain/order.js';
import type { OrderRepository, SaveOrderResult } from '../domain/order-repository.js';
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
          category: item.category,
          noReasonReturn: item.noReasonReturn,
          reservedQuantity: item.reservedQuantity ?? 0,
          refundedQuantity: item.refundedQuantity ?? 0,
          refundedAmount: item.refundedAmount ?? 0,
        }),
      );
    return {
      id: header.orderId,
      customerId: header.customerId,
      customerEmail: header.customerEmail,
      customerTier: header.customerTier ?? 'standard',
      locale: header.locale,
      currency: header.currency,
      placedAt: header.placedAt,
      deliveredAt: header.deliveredAt ?? null,
      shippingFee: header.shippingFee,
      shippingCommitted: header.shippingCommitted ?? 0,
      shippingRefunded: header.shippingRefunded ?? 0,
      items: lines,
      createdAt: header.createdAt,
      updatedAt: header.updatedAt,
    };
  }

  async save(orderId: string, facts: OrderFacts, now: string): Promise<SaveOrderResult> {
    const existing = await this.get(orderId);
    const { items, ...header } = facts;
    const transaction: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...orderKeys.header(orderId),
            entityType: 'Order',
            orderId,
            ...header,
            shippingCommitted: existing?.shippingCommitted ?? 0,
            shippingRefunded: existing?.shippingRefunded ?? 0,
            createdAt: existing?.createdAt ?? now,
            updatedAt: now,
          },
          // Another writer creating the same order, or a ticket moving its shipping counters, at
          // the same moment makes this write lose cleanly instead of overwriting them.
          ConditionExpression: existing
            ? 'attribute_exists(PK) AND createdAt = :createdAt AND shippingCommitted = :committed AND shippingRefunded = :refunded'
            : 'attribute_not_exists(PK)',
          ...(existing
            ? {
                ExpressionAttributeValues: {
                  ':createdAt': existing.createdAt,
                  ':committed': existing.shippingCommitted,
                  ':refunded': existing.shippingRefunded,
                },
              }
            : {}),
        },
      },
    ];
    items.forEach((line, position) => {
      transaction.push({
        Update: {
          TableName: this.tableName,
          Key: orderKeys.line(orderId, line.sku),
          UpdateExpression:
            'SET entityType = :type, sku = :sku, #name = :name, quantity = :quantity, unitPrice = :unitPrice, ' +
            'category = :category, noReasonReturn = :noReason, #position = :position, ' +
            'reservedQuantity = if_not_exists(reservedQuantity, :zero), refundedQuantity = if_not_exists(refundedQuantity, :zero), ' +
            'refundedAmount = if_not_exists(refundedAmount, :zero), committedQuantity = if_not_exists(committedQuantity, :zero)',
          ConditionExpression: 'attribute_not_exists(PK) OR committedQuantity <= :quantity',
          ExpressionAttributeNames: { '#name': 'name', '#position': 'position' },
          ExpressionAttributeValues: {
            ':type': 'OrderLine',
            ':sku': line.sku,
            ':name': line.name,
            ':quantity': line.quantity,
            ':unitPrice': line.unitPrice,
            ':category': line.category,
            ':noReason': line.noReasonReturn,
            ':position': position,
            ':zero': 0,
          },
        },
      });
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
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') {
          throw new ConflictError(
            'The order changed while it was being saved; send it again.',
            'ORDER_CHANGED_CONCURRENTLY',
          );
        }
        if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
          throw new BusinessRuleError(
            'ORDER_LINE_COMMITTED',
            'A line cannot shrink below, or be removed while, tickets hold or refunds cover its units.',
          );
        }
      }
      throw error;
    }
    const saved = await this.get(orderId);
    if (!saved) throw new Error(`Order ${orderId} vanished after it was saved`);
    return { order: saved, created: existing === undefined };
  }
}
