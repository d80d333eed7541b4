import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { committedQuantity, orderTotal, refundableQuantity } from '../../../functions/orders/domain/order.js';
import { aLine, anOrder } from '../../fixtures/builders.js';

describe('orderTotal', () => {
  it('adds every line and the shipping fee', () => {
    // Act
    const total = orderTotal(anOrder());

    // Assess
    expect(total).toBe(2 * 12900 + 4 * 1500 + 1000);
  });
});

describe('refundableQuantity', () => {
  it('is what is neither reserved nor refunded, never negative and never above the quantity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        (quantity, reservedQuantity, refundedQuantity) => {
          // Prepare
          const line = aLine({ quantity, reservedQuantity, refundedQuantity });

          // Act
          const left = refundableQuantity(line);

          // Assess
          expect(left).toBeGreaterThanOrEqual(0);
          expect(left).toBeLessThanOrEqual(quantity);
          expect(left).toBe(Math.max(0, quantity - committedQuantity(line)));
        },
      ),
    );
  });
});
