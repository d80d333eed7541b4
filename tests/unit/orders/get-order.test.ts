import { describe, expect, it } from 'vitest';
import { makeGetOrder } from '../../../functions/orders/use-cases/get-order.js';
import { NotFoundError } from '../../../functions/shared/errors.js';
import { agent, aLine, anOrder, customer, integration } from '../../fixtures/builders.js';
import { InMemoryOrderRepository } from '../../fixtures/in-memory.js';

function setup() {
  const orders = new InMemoryOrderRepository().seed(
    anOrder({
      customerName: 'Ann',
      timeZone: 'Asia/Shanghai',
      shippedAt: '2026-11-02T08:00:00.000Z',
      items: [
        aLine({
          quantity: 3,
          discount: 900,
          finalSale: true,
          reservedQuantity: 1,
          refundedQuantity: 1,
          refundedAmount: 12900,
        }),
      ],
    }),
  );
  return makeGetOrder({ orders });
}

describe('makeGetOrder', () => {
  it("reports another customer's order exactly like a missing one", async () => {
    // Prepare
    const getOrder = setup();

    // Act
    const other = getOrder(customer('c-2'), 'o-1');
    const missing = getOrder(customer('c-2'), 'o-404');

    // Assess
    await expect(other).rejects.toThrow(NotFoundError);
    await expect(other).rejects.toThrow('Order o-1 was not found.');
    await expect(missing).rejects.toThrow(NotFoundError);
  });

  it('shows the order to its customer, staff and integrations, with the total after discounts, what is claimed and what is left to refund', async () => {
    // Prepare
    const getOrder = setup();

    for (const who of [customer('c-1'), agent(), integration()]) {
      // Act
      const view = await getOrder(who, 'o-1');

      // Assess
      expect(view.total).toBe(3 * 12900 - 900 + 1000);
      expect(view).toMatchObject({
        customerName: 'Ann',
        timeZone: 'Asia/Shanghai',
        shippedAt: '2026-11-02T08:00:00.000Z',
      });
      expect(view.items[0]).toMatchObject({
        discount: 900,
        finalSale: true,
        claimedQuantity: 1,
        refundableQuantity: 1,
        refundedQuantity: 1,
        refundedAmount: 12900,
      });
      expect(view.items[0]).not.toHaveProperty('reservedQuantity');
    }
  });
});
