import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  claimedQuantity,
  committedQuantity,
  linePaid,
  type Order,
  type OrderFacts,
  orderTotal,
  orderUpdateViolations,
  paidFor,
  refundableQuantity,
} from '../../../functions/orders/domain/order.js';
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

describe('linePaid', () => {
  it('is quantity × unitPrice less the discount of the whole line', () => {
    expect(linePaid(aLine({ quantity: 3, unitPrice: 1000, discount: 250 }))).toBe(2750);
  });
});

describe('orderTotal with discounts', () => {
  it('counts what each line was paid, not its list price', () => {
    // Prepare
    const order = anOrder({
      items: [
        aLine({ quantity: 2, unitPrice: 12900, discount: 900 }),
        aLine({ sku: 'MUG-1', unitPrice: 1500 }),
      ],
    });

    // Act
    const total = orderTotal(order);

    // Assess
    expect(total).toBe(2 * 12900 - 900 + 2 * 1500 + 1000);
  });
});

describe('paidFor', () => {
  it('pays back what the units were actually paid, rounding down', () => {
    const line = aLine({ quantity: 3, unitPrice: 1000, discount: 100 });

    expect(paidFor(line, 1)).toBe(966);
    expect(paidFor(line, 2)).toBe(1933);
    expect(paidFor(line, 3)).toBe(2900);
    expect(paidFor(line, 0)).toBe(0);
  });

  it('stays exact where units × paid passes 2^53', () => {
    // 9999 units × ~10^13 paid is about 10^17, far beyond 2^53.
    const line = aLine({ quantity: 10_000, unitPrice: 1_000_000_000, discount: 1 });

    const paid = paidFor(line, 9_999);

    expect(paid).toBe(Number((9_999n * (10_000n * 1_000_000_000n - 1n)) / 10_000n));
    expect(paid).toBe(9_998_999_999_999);
  });

  it('never pays more than the line, adds up over the units and never decreases', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 10_000 }),
        (quantity, unitPrice, discountShare, rawUnits) => {
          // Prepare
          const discount = Math.floor(quantity * unitPrice * discountShare);
          const line = aLine({ quantity, unitPrice, discount });
          const units = rawUnits % (quantity + 1);

          // Act
          const some = paidFor(line, units);
          const rest = paidFor(line, quantity - units);

          // Assess
          expect(Number.isSafeInteger(some)).toBe(true);
          expect(some).toBeGreaterThanOrEqual(0);
          expect(some + rest).toBeLessThanOrEqual(linePaid(line));
          expect(some + rest).toBeGreaterThanOrEqual(linePaid(line) - 1);
          expect(paidFor(line, quantity)).toBe(linePaid(line));
          if (units > 0) expect(some).toBeGreaterThanOrEqual(paidFor(line, units - 1));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('claimedQuantity', () => {
  it('is the units in open claims, next to what is still refundable', () => {
    const line = aLine({ quantity: 5, reservedQuantity: 2, refundedQuantity: 1 });

    expect(claimedQuantity(line)).toBe(2);
    expect(refundableQuantity(line)).toBe(2);
  });
});

describe('orderUpdateViolations', () => {
  const facts = (order: Order): OrderFacts => {
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      shippingCommitted: _sc,
      shippingRefunded: _sr,
      approvedAmount: _a,
      postageReimbursed: _p,
      ticketCount: _t,
      items,
      ...header
    } = order;
    return {
      ...header,
      items: items.map(({ reservedQuantity: _r, refundedQuantity: _q, refundedAmount: _m, ...line }) => line),
    };
  };
  const committed = anOrder({
    shippingCommitted: 1000,
    ticketCount: 1,
    items: [
      aLine({ quantity: 2, reservedQuantity: 1, refundedQuantity: 1, refundedAmount: 12900 }),
      aLine({ sku: 'MUG-1', quantity: 4, unitPrice: 1500 }),
    ],
  });

  it('allows anything on a new order, and an update of an order nothing holds', () => {
    const free = anOrder();
    const changed = { ...facts(free), currency: 'EUR', customerId: 'c-9', shippingFee: 0, items: [] };

    expect(orderUpdateViolations(undefined, facts(committed))).toEqual([]);
    expect(orderUpdateViolations(free, changed)).toEqual([]);
    expect(orderUpdateViolations(committed, facts(committed))).toEqual([]);
  });

  it('allows what leaves the commitments whole: more units, a new name, an uncommitted line repriced', () => {
    const base = facts(committed);
    const [kettle, mug] = base.items;
    if (!kettle || !mug) throw new Error('fixture');

    const violations = orderUpdateViolations(committed, {
      ...base,
      shippingFee: 2000,
      items: [
        { ...kettle, quantity: 5, name: 'Kettle 2', finalSale: true },
        { ...mug, unitPrice: 1 },
      ],
    });

    expect(violations).toEqual([]);
  });

  it('names every field the update may not change', () => {
    const base = facts(committed);
    const [kettle] = base.items;
    if (!kettle) throw new Error('fixture');

    const violations = orderUpdateViolations(committed, {
      ...base,
      currency: 'EUR',
      customerId: 'c-2',
      shippingFee: 999,
      items: [{ ...kettle, quantity: 1, unitPrice: 100, discount: 5 }],
    });

    expect(violations.map((v) => v.path)).toEqual([
      'items.0.quantity',
      'items.0.unitPrice',
      'items.0.discount',
      'shippingFee',
      'currency',
      'customerId',
    ]);
    expect(violations).toHaveLength(6);
  });

  it('keeps a discounted line from shrinking under its refunds: what a unit was paid would change', () => {
    // Prepare: 3 × 100 less 90 = 210 paid, so a unit was paid 70; one unit was refunded 70.
    const order = anOrder({
      items: [aLine({ quantity: 3, unitPrice: 100, discount: 90, refundedQuantity: 1, refundedAmount: 70 })],
    });
    const [line] = facts(order).items;
    if (!line) throw new Error('fixture');

    // Act: 1 unit left ≥ 1 committed, same price and discount: the line is now paid 10.
    const shrunk = orderUpdateViolations(order, { ...facts(order), items: [{ ...line, quantity: 1 }] });
    const grown = orderUpdateViolations(order, { ...facts(order), items: [{ ...line, quantity: 4 }] });

    // Assess: 70 refunded on a line paid 10 is refused; more units leave the refunds covered.
    expect(shrunk.map((v) => v.path)).toEqual(['items.0.quantity']);
    expect(grown).toEqual([]);
  });

  it('names the sku of a committed line that the update drops', () => {
    const base = facts(committed);

    const violations = orderUpdateViolations(committed, { ...base, items: base.items.slice(1) });

    expect(violations).toEqual([{ path: 'items', message: expect.stringContaining('KETTLE-1') }]);
  });

  it('keeps the customer of an order with tickets even when nothing is committed', () => {
    const order = anOrder({ ticketCount: 1 });

    const violations = orderUpdateViolations(order, { ...facts(order), customerId: 'c-2', currency: 'EUR' });

    expect(violations.map((v) => v.path)).toEqual(['customerId']);
  });
});
