import { describe, expect, it } from 'vitest';
import { makeListOrders } from '../../../functions/orders/use-cases/list-orders.js';
import { ValidationError } from '../../../functions/shared/errors.js';
import { agent, aLine, anOrder, customer } from '../../fixtures/builders.js';
import { InMemoryOrderRepository } from '../../fixtures/in-memory.js';

function setup() {
  const orders = new InMemoryOrderRepository().seed(
    anOrder({ id: 'o-1', placedAt: '2026-11-01T08:00:00.000Z' }),
    // Placed at 02:00 UTC: earlier than o-1's 08:00 UTC although its text sorts later.
    anOrder({ id: 'o-2', placedAt: '2026-11-01T10:00:00+08:00', ticketCount: 2 }),
    anOrder({
      id: 'o-3',
      placedAt: '2026-11-05T08:00:00.000Z',
      shippingFee: 0,
      items: [aLine({ sku: 'KETTLE-1', name: 'Kettle', quantity: 2, unitPrice: 12900, discount: 900 })],
    }),
    anOrder({ id: 'o-4', customerId: 'c-2', placedAt: '2026-11-06T08:00:00.000Z' }),
  );
  return makeListOrders({ orders });
}

const ids = (page: { items: readonly { id: string }[] }) => page.items.map((item) => item.id);

describe('makeListOrders', () => {
  it('gives a customer their own orders, newest placed first, whatever customerId they name', async () => {
    // Prepare
    const listOrders = setup();

    // Act
    const own = await listOrders(customer('c-1'), { limit: 20 });
    const other = await listOrders(customer('c-1'), { customerId: 'c-2', limit: 20 });

    // Assess
    expect(ids(own)).toEqual(['o-3', 'o-1', 'o-2']);
    expect(ids(other)).toEqual(['o-3', 'o-1', 'o-2']);
    expect(own.nextCursor).toBeNull();
    expect(own.items[0]).toEqual({
      id: 'o-3',
      customerId: 'c-1',
      currency: 'CNY',
      placedAt: '2026-11-05T08:00:00.000Z',
      shippedAt: null,
      deliveredAt: '2026-11-18T10:00:00.000Z',
      total: 2 * 12900 - 900,
      items: [{ sku: 'KETTLE-1', name: 'Kettle', quantity: 2 }],
      ticketCount: 0,
    });
    expect(own.items[2]?.ticketCount).toBe(2);
  });

  it('pages with the cursor it hands out, and ends with no cursor', async () => {
    // Prepare
    const listOrders = setup();

    // Act
    const first = await listOrders(customer('c-1'), { limit: 2 });
    const second = await listOrders(customer('c-1'), { limit: 2, cursor: first.nextCursor ?? 'none' });

    // Assess
    expect(ids(first)).toEqual(['o-3', 'o-1']);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(ids(second)).toEqual(['o-2']);
    expect(second.nextCursor).toBeNull();
  });

  it('lets staff read the orders of the customer they name, and asks them to name one', async () => {
    // Prepare
    const listOrders = setup();

    // Act
    const named = await listOrders(agent(), { customerId: 'c-2', limit: 20 });
    const unnamed = listOrders(agent(), { limit: 20 });

    // Assess
    expect(ids(named)).toEqual(['o-4']);
    await expect(unnamed).rejects.toThrow(ValidationError);
    await expect(unnamed).rejects.toMatchObject({ errors: [{ path: 'query.customerId' }] });
  });

  it('refuses a cursor it did not hand out, naming the field', async () => {
    // Prepare
    const listOrders = setup();

    // Act
    const listed = listOrders(customer('c-1'), { limit: 2, cursor: 'not-a-cursor' });

    // Assess
    await expect(listed).rejects.toMatchObject({ errors: [{ path: 'query.cursor' }] });
  });
});
