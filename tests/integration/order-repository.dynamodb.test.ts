import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
  customerName: null,
  customerTier: 'standard',
  locale: 'en',
  timeZone: null,
  currency: 'EUR',
  placedAt: '2026-11-01T08:00:00Z',
  shippedAt: null,
  deliveredAt: null,
  shippingFee: 500,
  items,
});
const kettle = {
  sku: 'KETTLE-1',
  name: 'Kettle',
  quantity: 2,
  unitPrice: 4000,
  discount: 0,
  category: 'home',
  noReasonReturn: true,
  finalSale: false,
};
const mug = {
  sku: 'MUG-1',
  name: 'Mug',
  quantity: 1,
  unitPrice: 900,
  discount: 0,
  category: 'home',
  noReasonReturn: false,
  finalSale: false,
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
      facts([{ ...kettle, quantity: 3, name: 'Steel kettle', finalSale: true }]),
      '2026-11-03T00:00:00.000Z',
    );

    expect(order.items[0]).toMatchObject({
      reservedQuantity: 1,
      quantity: 3,
      name: 'Steel kettle',
      finalSale: true,
    });
  });

  it('never overwrites the header counters tickets keep, and reads them as zero when missing', async () => {
    await orders.save('o-5', facts([kettle]), '2026-11-02T00:00:00.000Z');
    const fresh = await orders.get('o-5');
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { PK: 'ORDER#o-5', SK: 'ORDER' },
        UpdateExpression:
          'SET approvedAmount = :a, postageReimbursed = :p, ticketCount = :t REMOVE customerName',
        ExpressionAttributeValues: { ':a': 4000, ':p': 1200, ':t': 2 },
      }),
    );

    const { order } = await orders.save(
      'o-5',
      { ...facts([{ ...kettle, discount: 500 }]), customerName: 'Ann', timeZone: 'Europe/Berlin' },
      '2026-11-03T00:00:00.000Z',
    );

    expect(fresh).toMatchObject({
      approvedAmount: 0,
      postageReimbursed: 0,
      ticketCount: 0,
      customerName: null,
    });
    expect(order).toMatchObject({
      approvedAmount: 4000,
      postageReimbursed: 1200,
      ticketCount: 2,
      customerName: 'Ann',
      timeZone: 'Europe/Berlin',
      shippedAt: null,
    });
    expect(order.items[0]).toMatchObject({ discount: 500, finalSale: false });
  });

  it('refuses to reprice a committed line, lower shipping below what is committed, or move the order, naming each field', async () => {
    await orders.save('o-6', facts([kettle, mug]), '2026-11-02T00:00:00.000Z');
    await commit('o-6', 'KETTLE-1', 1);
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { PK: 'ORDER#o-6', SK: 'ORDER' },
        UpdateExpression: 'SET shippingCommitted = :s, ticketCount = :t',
        ExpressionAttributeValues: { ':s': 500, ':t': 1 },
      }),
    );

    const refused = await orders
      .save(
        'o-6',
        {
          ...facts([
            { ...kettle, unitPrice: 1, discount: 10 },
            { ...mug, unitPrice: 1 },
          ]),
          shippingFee: 400,
          currency: 'USD',
          customerId: 'c-2',
        },
        'later',
      )
      .catch((e) => e);

    expect(refused).toBeInstanceOf(BusinessRuleError);
    expect(refused.code).toBe('ORDER_LINE_COMMITTED');
    expect(refused.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'currency',
      'customerId',
      'items.0.discount',
      'items.0.unitPrice',
      'shippingFee',
    ]);
    const stored = await orders.get('o-6');
    expect(stored).toMatchObject({ customerId: 'c-1', currency: 'EUR', shippingFee: 500 });
    expect(stored?.items.map((line) => line.unitPrice)).toEqual([4000, 900]);
  });

  it('refuses in the transaction what a ticket committed after the order was read', async () => {
    await orders.save('o-7', facts([kettle]), '2026-11-02T00:00:00.000Z');
    // The ticket commits between the repository's read and its write.
    const racing = new DynamoDbOrderRepository(table.documentClient, table.tableName);
    const read = racing.get.bind(racing);
    let first = true;
    racing.get = async (orderId: string) => {
      const order = await read(orderId);
      if (first) {
        first = false;
        await commit('o-7', 'KETTLE-1', 1);
      }
      return order;
    };

    const refused = await racing.save('o-7', facts([{ ...kettle, unitPrice: 1 }]), 'later').catch((e) => e);

    expect(refused).toBeInstanceOf(BusinessRuleError);
    expect(refused.errors).toEqual([expect.objectContaining({ path: 'items.0.unitPrice' })]);
    expect((await orders.get('o-7'))?.items[0]?.unitPrice).toBe(4000);
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

  it("lists a customer's orders newest placed first from their index, past their tickets, page by page", async () => {
    // Prepare: o-l2 is placed at 02:00 UTC, before o-l1 although its text sorts after it
    const mine = (placedAt: string) => ({ ...facts([kettle, mug]), customerId: 'lister', placedAt });
    await orders.save('o-l1', mine('2026-11-01T08:00:00Z'), '2026-11-02T00:00:00.000Z');
    await orders.save('o-l2', mine('2026-11-01T10:00:00+08:00'), '2026-11-02T00:00:00.000Z');
    await orders.save('o-l3', mine('2026-11-03T08:00:00Z'), '2026-11-03T00:00:00.000Z');
    await orders.save(
      'o-l4',
      { ...mine('2026-11-04T08:00:00Z'), customerId: 'someone-else' },
      '2026-11-04T00:00:00.000Z',
    );
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          PK: 'TICKET#t-l',
          SK: 'TICKET',
          GSI1PK: 'CUSTOMER#lister',
          GSI1SK: 'TICKET#2026-11-05T00:00:00.000Z#t-l',
        },
      }),
    );

    // Act
    const first = await orders.listByCustomer('lister', { limit: 2 });
    const second = await orders.listByCustomer('lister', { limit: 2, cursor: first.nextCursor ?? 'none' });

    // Assess
    expect(first.items.map((order) => order.id)).toEqual(['o-l3', 'o-l1']);
    expect(second.items.map((order) => order.id)).toEqual(['o-l2']);
    expect(second.nextCursor).toBeNull();
    expect(first.items[0]).toEqual({
      id: 'o-l3',
      customerId: 'lister',
      currency: 'EUR',
      placedAt: '2026-11-03T08:00:00Z',
      shippedAt: null,
      deliveredAt: null,
      total: 2 * 4000 + 900 + 500,
      items: [
        { sku: 'KETTLE-1', name: 'Kettle', quantity: 2 },
        { sku: 'MUG-1', name: 'Mug', quantity: 1 },
      ],
      ticketCount: 0,
    });
  });

  it('keeps the list true when an order moves in time or to another customer, and reads an order saved before its summary whole', async () => {
    // Prepare
    const theirs = (customerId: string, placedAt: string) => ({ ...facts([kettle]), customerId, placedAt });
    await orders.save('o-m1', theirs('mover', '2026-11-01T08:00:00Z'), '2026-11-02T00:00:00.000Z');
    await orders.save('o-m2', theirs('mover', '2026-11-02T08:00:00Z'), '2026-11-02T00:00:00.000Z');
    await orders.save('o-m3', theirs('mover', '2026-11-03T08:00:00Z'), '2026-11-03T00:00:00.000Z');
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { PK: 'ORDER#o-m2', SK: 'ORDER' },
        UpdateExpression: 'REMOVE summaryItems, summaryTotal',
      }),
    );

    // Act
    await orders.save('o-m1', theirs('mover', '2026-11-04T08:00:00Z'), '2026-11-05T00:00:00.000Z');
    await orders.save('o-m3', theirs('other-mover', '2026-11-03T08:00:00Z'), '2026-11-05T00:00:00.000Z');
    const moved = await orders.listByCustomer('mover', { limit: 10 });
    const other = await orders.listByCustomer('other-mover', { limit: 10 });

    // Assess
    expect(moved.items.map((order) => order.id)).toEqual(['o-m1', 'o-m2']);
    expect(moved.items[1]).toMatchObject({
      total: 2 * 4000 + 500,
      items: [{ sku: 'KETTLE-1', quantity: 2 }],
    });
    expect(other.items.map((order) => order.id)).toEqual(['o-m3']);
  });

  it('leaves out an order whose header names another customer than the index entry it was found by', async () => {
    // Prepare: the index still files o-s1 under `stale-owner` (as it may for a moment after the
    // order moved); its header, read by key, already names `new-owner`
    await orders.save('o-s2', { ...facts([kettle]), customerId: 'stale-owner' }, '2026-11-02T00:00:00.000Z');
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          PK: 'ORDER#o-s1',
          SK: 'ORDER',
          entityType: 'Order',
          orderId: 'o-s1',
          customerId: 'new-owner',
          currency: 'EUR',
          placedAt: '2026-11-03T08:00:00Z',
          summaryTotal: 500,
          summaryItems: [],
          GSI1PK: 'CUSTOMER#stale-owner',
          GSI1SK: 'ORDER#2026-11-03T08:00:00.000Z#o-s1',
        },
      }),
    );

    // Act
    const listed = await orders.listByCustomer('stale-owner', { limit: 10 });
    const first = await orders.listByCustomer('stale-owner', { limit: 1 });
    const second = await orders.listByCustomer('stale-owner', {
      limit: 1,
      cursor: first.nextCursor ?? 'none',
    });

    // Assess: a page whose only entry was left out still leads on to the next
    expect(listed.items.map((order) => order.id)).toEqual(['o-s2']);
    expect(first.items).toEqual([]);
    expect(second.items.map((order) => order.id)).toEqual(['o-s2']);
    expect(second.nextCursor).toBeNull();
  });

  it("writes no customer index entry when a ticket moves an order header's counters", async () => {
    // Prepare
    await orders.save('o-c1', { ...facts([kettle]), customerId: 'counted' }, '2026-11-02T00:00:00.000Z');

    // Act: what a ticket's transaction does to the header when it opens or approves a refund
    const result = await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { PK: 'ORDER#o-c1', SK: 'ORDER' },
        UpdateExpression: 'SET ticketCount = ticketCount + :one, approvedAmount = approvedAmount + :amount',
        ExpressionAttributeValues: { ':one': 1, ':amount': 4000 },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );

    // Assess: the table alone (GSI1 projects nothing of an order's own); the list still counts it
    expect(Object.keys(result.ConsumedCapacity?.GlobalSecondaryIndexes ?? {})).toEqual([]);
    const listed = await orders.listByCustomer('counted', { limit: 10 });
    expect(listed.items).toEqual([expect.objectContaining({ id: 'o-c1', ticketCount: 1 })]);
  });

  it('refuses a cursor it did not hand out, naming the field', async () => {
    await expect(orders.listByCustomer('lister', { limit: 2, cursor: 'bm9wZQ' })).rejects.toMatchObject({
      errors: [{ path: 'query.cursor' }],
    });
  });
});
