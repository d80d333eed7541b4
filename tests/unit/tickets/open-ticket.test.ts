import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reason, TicketType } from '../../../functions/kernel/ticket-kinds.js';
import type { Order, OrderLine } from '../../../functions/orders/domain/order.js';
import { orderTotal, refundableQuantity } from '../../../functions/orders/domain/order.js';
import { BusinessRuleError } from '../../../functions/shared/errors.js';
import { openTicket } from '../../../functions/tickets/domain/open-ticket.js';
import { aLine, anOrder, iso, openInput, T0 } from '../../fixtures/builders.js';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function open(
  type: TicketType,
  order: Order | null,
  items: { sku: string; quantity: number }[] | undefined,
  reason: Reason = 'defective',
  now: Date = T0,
) {
  return openTicket(openInput({ type, order, items, reason }), now);
}

describe('openTicket', () => {
  it('takes item names and prices from the order, not from the request', () => {
    // Prepare: a request that tries to name its own price
    const items = [{ sku: 'KETTLE-1', quantity: 1, name: 'Gold bar', unitPrice: 1 }];

    // Act
    const { ticket } = open('refund', anOrder(), items);

    // Assess
    expect(ticket.items).toEqual([
      { sku: 'KETTLE-1', name: 'Electric kettle', quantity: 1, unitPrice: 12900 },
    ]);
  });

  it('asks for what was paid for the units (Σ quantity × unitPrice, less discounts) as the refund, in the order currency, pending', () => {
    // Act: a no-reason return pays back the items, not the shipping
    const { ticket } = open(
      'return',
      anOrder({ items: [aLine(), aLine({ sku: 'MUG-1', name: 'Mug', quantity: 4, unitPrice: 1500 })] }),
      [
        { sku: 'KETTLE-1', quantity: 2 },
        { sku: 'MUG-1', quantity: 3 },
      ],
      'no_longer_needed',
    );
    const discounted = open(
      'return',
      anOrder({ items: [aLine({ quantity: 3, unitPrice: 1000, discount: 100 })] }),
      [{ sku: 'KETTLE-1', quantity: 2 }],
      'defective',
    ).ticket;

    // Assess
    expect(discounted.refund).toMatchObject({ itemsAmount: Math.floor((2 * 2900) / 3) });

    // Assess
    expect(ticket.refund).toMatchObject({
      itemsAmount: 2 * 12900 + 3 * 1500,
      shippingAmount: 0,
      amount: 2 * 12900 + 3 * 1500,
      currency: 'CNY',
      status: 'pending',
    });
  });

  it('adds the shipping fee when the shop is at fault, once per order', () => {
    // Act
    const first = open('refund', anOrder(), [{ sku: 'MUG-1', quantity: 1 }], 'damaged_in_transit').ticket;
    const second = open('refund', anOrder({ shippingCommitted: 1000 }), [
      { sku: 'MUG-1', quantity: 1 },
    ]).ticket;

    // Assess
    expect(first.refund).toMatchObject({ itemsAmount: 1500, shippingAmount: 1000, amount: 2500 });
    expect(second.refund).toMatchObject({ itemsAmount: 1500, shippingAmount: 0, amount: 1500 });
  });

  it('holds the claimed units (and shipping) on the order for a refund', () => {
    // Act
    const { ticket, orderChanges } = open(
      'refund',
      anOrder(),
      [{ sku: 'KETTLE-1', quantity: 2 }],
      'missing_item',
    );

    // Assess
    expect(orderChanges).toEqual({
      orderId: 'o-1',
      lines: [{ kind: 'reserve', sku: 'KETTLE-1', quantity: 2, purchased: 2, unitPrice: 12900, discount: 0 }],
      shipping: { kind: 'reserve', amount: 1000, shippingFee: 1000 },
      opened: { customerId: 'c-1' },
    });
    expect(ticket.holds).toMatchObject({
      orderId: 'o-1',
      lines: [{ sku: 'KETTLE-1', quantity: 2, purchased: 2, amount: 25800, paid: 25800 }],
      shipping: 1000,
    });
  });

  it('claims the units of exchanges and repairs too, asking no refund', () => {
    for (const type of ['exchange', 'repair'] as const) {
      // Act
      const { ticket, orderChanges } = open(type, anOrder(), [{ sku: 'KETTLE-1', quantity: 1 }]);

      // Assess
      expect(ticket.refund, type).toBeNull();
      expect(ticket.holds?.lines, type).toEqual([
        { sku: 'KETTLE-1', quantity: 1, purchased: 2, amount: 12900, paid: 25800 },
      ]);
      expect(orderChanges?.lines, type).toEqual([
        { kind: 'reserve', sku: 'KETTLE-1', quantity: 1, purchased: 2, unitPrice: 12900, discount: 0 },
      ]);
      expect(orderChanges?.shipping, type).toBeUndefined();
    }
  });

  it('starts in the lifecycle initial status with the order facts and a first event', () => {
    // Act
    const { ticket, events } = open('return', anOrder({ customerTier: 'vip' }), [
      { sku: 'MUG-1', quantity: 1 },
    ]);

    // Assess
    expect(ticket).toMatchObject({
      status: 'requested',
      orderId: 'o-1',
      currency: 'CNY',
      locale: 'zh-CN',
      customerTier: 'vip',
      version: 1,
      createdAt: iso(T0),
      assigneeId: null,
      escalationLevel: 0,
    });
    expect(ticket.sla.policyId).toBe('vip');
    expect(events).toEqual([
      {
        type: 'TicketCreated',
        visibility: 'public',
        data: expect.objectContaining({ type: 'return', status: 'requested', orderId: 'o-1' }),
      },
      {
        type: 'TicketRouted',
        visibility: 'internal',
        data: { team: 'support', priority: 'normal', rule: null, reason: 'no rule matched' },
      },
    ]);
  });

  it('refuses a claim on an order not yet delivered, except a refund because it did not ship', () => {
    // Prepare
    const order = anOrder({ deliveredAt: null });

    // Act
    const error = caught(() => open('return', order, [{ sku: 'KETTLE-1', quantity: 1 }]));
    const refundError = caught(() => open('refund', order, [{ sku: 'KETTLE-1', quantity: 1 }]));
    const refund = open('refund', order, [{ sku: 'KETTLE-1', quantity: 1 }], 'not_shipped').ticket;

    // Assess
    expect(error).toMatchObject({ code: 'ORDER_NOT_DELIVERED' });
    expect(refundError).toMatchObject({ code: 'ORDER_NOT_DELIVERED' });
    expect(refund.status).toBe('requested');
  });

  it('lets a customer keep faulty goods only up to keepItemMaxAmount, counting the order’s approved refunds', () => {
    const items = [{ sku: 'KETTLE-1', quantity: 1 }];
    const fits = open('refund', anOrder(), items).ticket;
    const over = caught(() => open('refund', anOrder({ approvedAmount: 7_000 }), items));
    const missing = open('refund', anOrder({ approvedAmount: 7_000 }), items, 'missing_item').ticket;

    expect(fits.refund?.amount).toBe(13_900);
    expect(over).toMatchObject({ code: 'RETURN_REQUIRED' });
    expect(missing.status).toBe('requested');
  });

  it("refuses a return outside its window: 15 days for the shop's faults, 7 without a reason", () => {
    // Prepare: delivered on 18 November
    const order = anOrder();
    const items = [{ sku: 'KETTLE-1', quantity: 1 }];

    // Act
    const defectiveDay15 = open('return', order, items, 'defective', new Date('2026-12-03T09:00:00Z'));
    const defectiveDay16 = caught(() =>
      open('return', order, items, 'defective', new Date('2026-12-04T11:00:00Z')),
    );
    const noReasonDay7 = open('return', order, items, 'no_longer_needed', new Date('2026-11-25T09:00:00Z'));
    const noReasonDay8 = caught(() =>
      open('return', order, items, 'no_longer_needed', new Date('2026-11-26T11:00:00Z')),
    );

    // Assess
    expect(defectiveDay15.ticket.status).toBe('requested');
    expect(defectiveDay16).toMatchObject({ code: 'RETURN_WINDOW_CLOSED' });
    expect(noReasonDay7.ticket.status).toBe('requested');
    expect(noReasonDay8).toMatchObject({ code: 'RETURN_WINDOW_CLOSED' });
  });

  it('refuses a no-reason return of an item not marked for it, naming the item', () => {
    // Act: MUG-1 has no noReasonReturn
    const error = caught(() =>
      open(
        'return',
        anOrder(),
        [
          { sku: 'KETTLE-1', quantity: 1 },
          { sku: 'MUG-1', quantity: 1 },
        ],
        'size_or_fit',
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(BusinessRuleError);
    expect(error).toMatchObject({ code: 'ITEM_NOT_RETURNABLE' });
    expect((error as BusinessRuleError).errors.map((e) => e.path)).toEqual(['items.1.sku']);
  });

  it('routes complaints to the complaints team and everything else to support', () => {
    // Act
    const complaint = open('complaint', null, undefined).ticket;
    const inquiry = open('inquiry', null, undefined).ticket;

    // Assess
    expect(complaint.team).toBe('complaints');
    expect(inquiry.team).toBe('support');
  });

  it('refuses an item the order does not hold with ITEM_NOT_IN_ORDER naming items.N.sku', () => {
    // Act
    const error = caught(() =>
      open('refund', anOrder(), [
        { sku: 'KETTLE-1', quantity: 1 },
        { sku: 'TOASTER-9', quantity: 1 },
        { sku: 'SPOON-2', quantity: 1 },
      ]),
    );

    // Assess
    expect(error).toBeInstanceOf(BusinessRuleError);
    expect(error).toMatchObject({ code: 'ITEM_NOT_IN_ORDER' });
    expect((error as BusinessRuleError).errors.map((e) => e.path)).toEqual(['items.1.sku', 'items.2.sku']);
  });

  it('refuses quantities beyond what is left with EXCEEDS_REFUNDABLE naming items.N.quantity', () => {
    // Prepare: one kettle already refunded, one held by another ticket
    const order = anOrder({
      items: [
        aLine({ quantity: 2, refundedQuantity: 1, reservedQuantity: 1 }),
        aLine({ sku: 'MUG-1', quantity: 4 }),
      ],
    });

    // Act
    const error = caught(() =>
      open('refund', order, [
        { sku: 'KETTLE-1', quantity: 1 },
        { sku: 'MUG-1', quantity: 5 },
      ]),
    );

    // Assess
    expect(error).toBeInstanceOf(BusinessRuleError);
    expect(error).toMatchObject({ code: 'EXCEEDS_REFUNDABLE' });
    expect((error as BusinessRuleError).errors).toEqual([
      { path: 'items.0.quantity', message: expect.stringContaining('At most 0') },
      { path: 'items.1.quantity', message: expect.stringContaining('At most 4') },
    ]);
  });

  it('names every offending field when unknown items and excess quantities come together', () => {
    // Act
    const error = caught(() =>
      open('return', anOrder(), [
        { sku: 'KETTLE-1', quantity: 3 },
        { sku: 'NOPE', quantity: 1 },
      ]),
    );

    // Assess
    expect((error as BusinessRuleError).errors.map((e) => e.path)).toEqual([
      'items.0.quantity',
      'items.1.sku',
    ]);
  });

  it('names no items and asks no refund for complaints and inquiries', () => {
    // Act
    const { ticket } = openTicket(openInput({ type: 'complaint', order: anOrder(), items: undefined }), T0);

    // Assess
    expect(ticket.items).toEqual([]);
    expect(ticket.refund).toBeNull();
    expect(ticket.orderId).toBe('o-1');
  });
});

// Property tests --------------------------------------------------------------------------

const lineArb = (sku: string): fc.Arbitrary<OrderLine> =>
  fc
    .record({
      quantity: fc.integer({ min: 1, max: 50 }),
      unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
      reserved: fc.integer({ min: 0, max: 50 }),
      refunded: fc.integer({ min: 0, max: 50 }),
    })
    .map(({ quantity, unitPrice, reserved, refunded }) => {
      const reservedQuantity = Math.min(reserved, quantity);
      const refundedQuantity = Math.min(refunded, quantity - reservedQuantity);
      return aLine({ sku, name: `Item ${sku}`, quantity, unitPrice, reservedQuantity, refundedQuantity });
    });

const orderArb: fc.Arbitrary<Order> = fc
  .record({
    skus: fc.uniqueArray(fc.stringMatching(/^[A-Z]{2,6}-[0-9]$/), { minLength: 1, maxLength: 6 }),
    shippingFee: fc.integer({ min: 0, max: 5000 }),
    shippingCommittedShare: fc.constantFrom(0, 1),
  })
  .chain(({ skus, shippingFee, shippingCommittedShare }) =>
    fc
      .tuple(...skus.map(lineArb))
      .map((items) =>
        anOrder({ items, shippingFee, shippingCommitted: shippingFee * shippingCommittedShare }),
      ),
  );

/** A claim on distinct lines of the order, each with a quantity from 1 to `limit(line)` (a valid claim). */
const claimArb = (order: Order, limit: (line: OrderLine) => number) =>
  fc
    .subarray(
      order.items.filter((line) => limit(line) > 0),
      { minLength: 0 },
    )
    .chain((lines) =>
      fc.tuple(
        ...lines.map((line) =>
          fc.integer({ min: 1, max: limit(line) }).map((quantity) => ({ sku: line.sku, quantity })),
        ),
      ),
    );

describe('openTicket (properties)', () => {
  it('never asks a refund above the order item total (plus unclaimed shipping) for any valid claim', () => {
    fc.assert(
      fc.property(
        orderArb.chain((order) => fc.tuple(fc.constant(order), claimArb(order, refundableQuantity))),
        // Reasons a refund takes on a delivered order whatever its amount (nothing to send back).
        fc.constantFrom<Reason>('missing_item', 'late_delivery'),
        ([order, claim], reason) => {
          // Act
          const { ticket } = open('refund', order, claim, reason);

          // Assess
          const refund = ticket.refund;
          if (!refund) throw new Error('a refund ticket asks a refund');
          const itemTotal = order.items.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
          const claimed = claim.reduce(
            (sum, c) => sum + c.quantity * (order.items.find((l) => l.sku === c.sku)?.unitPrice ?? 0),
            0,
          );
          expect(refund.itemsAmount).toBe(claimed);
          expect(refund.itemsAmount).toBeLessThanOrEqual(itemTotal);
          expect(refund.shippingAmount).toBeLessThanOrEqual(order.shippingFee - order.shippingCommitted);
          expect(refund.amount).toBe(refund.itemsAmount + refund.shippingAmount);
          expect(refund.amount).toBeLessThanOrEqual(orderTotal(order));
        },
      ),
    );
  });

  it('refuses refund and return claims above refundableQuantity with EXCEEDS_REFUNDABLE', () => {
    fc.assert(
      fc.property(
        orderArb,
        fc.constantFrom<TicketType>('refund', 'return'),
        fc.nat(),
        fc.integer({ min: 1, max: 20 }),
        (order, type, pick, excess) => {
          // Prepare
          const line = order.items[pick % order.items.length] as OrderLine;
          const quantity = refundableQuantity(line) + excess;

          // Act
          const error = caught(() => open(type, order, [{ sku: line.sku, quantity }]));

          // Assess
          expect(error).toBeInstanceOf(BusinessRuleError);
          expect(error).toMatchObject({
            code: 'EXCEEDS_REFUNDABLE',
            errors: [{ path: 'items.0.quantity', message: expect.any(String) }],
          });
        },
      ),
    );
  });

  it('allows exchange and repair claims up to the units no other claim holds and nobody was refunded', () => {
    fc.assert(
      fc.property(
        orderArb.chain((order) => fc.tuple(fc.constant(order), claimArb(order, refundableQuantity))),
        fc.constantFrom<TicketType>('exchange', 'repair'),
        ([order, claim], type) => {
          // Act
          const { ticket } = open(type, order, claim);

          // Assess
          expect(ticket.items.map(({ sku, quantity }) => ({ sku, quantity }))).toEqual(claim);
          expect(ticket.refund).toBeNull();
        },
      ),
    );
  });

  it('refuses exchange and repair claims above the purchased quantity', () => {
    fc.assert(
      fc.property(
        orderArb,
        fc.constantFrom<TicketType>('exchange', 'repair'),
        fc.nat(),
        fc.integer({ min: 1, max: 20 }),
        (order, type, pick, excess) => {
          // Prepare
          const line = order.items[pick % order.items.length] as OrderLine;

          // Act
          const error = caught(() =>
            open(type, order, [{ sku: line.sku, quantity: line.quantity + excess }]),
          );

          // Assess
          expect(error).toMatchObject({ code: 'EXCEEDS_REFUNDABLE' });
        },
      ),
    );
  });
});
