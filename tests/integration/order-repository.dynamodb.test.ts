import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbOrderRepository } from '../../functions/orders/adapters/order-repository.dynamodb.js';
import type { OrderFacts } from '../../functions/orders/domain/order.js';
import { BusinessRuleError } from '../../functions/shared/errors.js';
import { type LocalTable, startLocalTable } from './support.js';

let table: LocalTable;
let orders: DynamoDbOrderRepository;

beforeAll(async () => {
  table = await startLocalTable();
  orders = new DynamoDbOrderRepository(table.documentClient, table.tableName);
});
afterAll(async () => table?.stop());

const facts = (items: OrderFacts['items']): OrderFacts => ({
  customerId: 'c-1',
  customerEmail: 'ann@example.com',
  customerTier: 'standard',
  locale: 'en',
  currency: 'EUR',
  placedAt: '2026-11-01T08:00:00Z',
  deliveredAt: null,
  shippingFee: 500,
  items,
});
const kettle = {
  sku: 'KETTLE-1',
  name: 'Kettle',
  quantity: 2,
  unitPrice: 4000,
  category: 'home',
  noReasonReturn: true,
};
const mug = {
  sku: 'MUG-1',
  name: 'Mug',
  quantity: 1,
  unitPrice: 900,
  category: 'home',
  noReasonReturn: false,
};

async function commit(orderId: string, sku: string, units: number) {
  await table.documentClient.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: { PK: `ORDER#${orderId}`, SK: `LINE#${sku}` },
      UpdateExpression: 'SET reservedQuantity = :u, committedQuantity = :u',
      ExpressionAttributeValues: { ':u': units },
    }),
  );
}

describe('DynamoDbOrderRepository', () => {
  it('creates an order, then updates it keeping line order and reporting created only once', async () => {
    const first = await orders.save('o-1', facts([kettle, mug]), '2026-11-02T00:00:00.000Z');
    const second = await orders.save(
      'o-1',
      facts([kettle, { ...mug, name: 'Big mug' }]),
      '2026-11-03T00:00:00.000Z',
    );

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.order.items.map((line) => line.sku)).toEqual(['KETTLE-1', 'MUG-1']);
    expect(second.order.items[1]?.name).toBe('Big mug');
    expect(second.order.createdAt).toBe('2026-11-02T00:00:00.000Z');
    expect(second.order.updatedAt).toBe('2026-11-03T00:00:00.000Z');
  });

  it('keeps the refund counters of a line across updates', async () => {
    await orders.save('o-2', facts([kettle]), '2026-11-02T00:00:00.000Z');
    await commit('o-2', 'KETTLE-1', 1);

    const { order } = await orders.save(
      'o-2',
      facts([{ ...kettle, unitPrice: 3900 }]),
      '2026-11-03T00:00:00.000Z',
    );

    expect(order.items[0]).toMatchObject({ reservedQuantity: 1, unitPrice: 3900 });
  });

  it('refuses to shrink a line below the units tickets hold, or to drop it, and changes nothing', async () => {
    await orders.save('o-3', facts([kettle, mug]), '2026-11-02T00:00:00.000Z');
    await commit('o-3', 'KETTLE-1', 2);
    await commit('o-3', 'MUG-1', 1);

    const shrink = await orders
      .save('o-3', facts([{ ...kettle, quantity: 1 }, mug]), 'later')
      .catch((e) => e);
    const drop = await orders.save('o-3', facts([kettle]), 'later').catch((e) => e);

    expect(shrink).toBeInstanceOf(BusinessRuleError);
    expect(shrink.code).toBe('ORDER_LINE_COMMITTED');
    expect(drop.code).toBe('ORDER_LINE_COMMITTED');
    const stored = await orders.get('o-3');
    expect(stored?.items.map((line) => [line.sku, line.quantity])).toEqual([
      ['KETTLE-1', 2],
      ['MUG-1', 1],
    ]);
    expect(stored?.updatedAt).toBe('2026-11-02T00:00:00.000Z');
  });

  it('returns undefined for an unknown order', async () => {
    expect(await orders.get('missing')).toBeUndefined();
  });
});
