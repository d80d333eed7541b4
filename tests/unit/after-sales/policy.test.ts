import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultAfterSalesPolicy,
  matchingRule,
  postageReimbursement,
  refundAmounts,
  shopFaultReasons,
} from '../../../functions/after-sales/domain/policy.js';
import { reasons } from '../../../functions/kernel/ticket-kinds.js';

const reason = fc.constantFrom(...reasons);

describe('refundAmounts', () => {
  it('is the sum of what was paid for the units, plus the unrefunded shipping only for the shop’s faults', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: 0, max: 50_000_000 }) }), {
          minLength: 1,
          maxLength: 10,
        }),
        reason,
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (items, why, shippingFee, alreadyRefunded) => {
          const shippingRefunded = Math.min(alreadyRefunded, shippingFee);
          const result = refundAmounts({ items, reason: why, shippingFee, shippingRefunded });
          const itemsTotal = items.reduce((sum, item) => sum + item.amount, 0);

          expect(result.itemsAmount).toBe(itemsTotal);
          expect(result.amount).toBe(result.itemsAmount + result.shippingAmount);
          expect(result.shippingAmount).toBeGreaterThanOrEqual(0);
          // Never more shipping back than was paid for shipping.
          expect(result.shippingAmount + shippingRefunded).toBeLessThanOrEqual(shippingFee);
          if (!shopFaultReasons.includes(why)) expect(result.shippingAmount).toBe(0);
        },
      ),
    );
  });
});

const noHistory = { recentRefundedAmount: 0, daysSinceDelivery: 2 };

describe('matchingRule', () => {
  const rules = defaultAfterSalesPolicy.autoApproval;

  it('approves exactly the refunds the default rule describes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60_000 }),
        reason,
        fc.integer({ min: 0, max: 6 }),
        (amount, why, recent) => {
          const approved =
            matchingRule(rules, {
              amount,
              reason: why,
              categories: ['home'],
              recentRefunds: recent,
              ...noHistory,
            }) !== undefined;
          const expected =
            amount <= 20_000 &&
            ['defective', 'damaged_in_transit', 'wrong_item', 'missing_item', 'not_as_described'].includes(
              why,
            ) &&
            recent < 3;
          expect(approved).toBe(expected);
        },
      ),
    );
  });

  it('never approves a parcel marked delivered that never arrived; honours days and 30-day money', () => {
    const open = { id: 'x', name: 'X', maxAmount: 1000, reasons: [], categories: [], maxRecentRefunds: 10 };
    const facts = { amount: 50, reason: 'defective' as const, categories: [], recentRefunds: 0 };
    expect(matchingRule([open], { ...facts, ...noHistory, reason: 'not_received' })).toBeUndefined();
    expect(
      matchingRule([{ ...open, maxDaysSinceDelivery: 3 }], {
        ...facts,
        recentRefundedAmount: 0,
        daysSinceDelivery: 4,
      }),
    ).toBeUndefined();
    expect(
      matchingRule([{ ...open, maxDaysSinceDelivery: 3 }], {
        ...facts,
        recentRefundedAmount: 0,
        daysSinceDelivery: 2,
      })?.id,
    ).toBe('x');
    expect(
      matchingRule([{ ...open, maxRefundedAmount30Days: 500 }], {
        ...facts,
        recentRefundedAmount: 500,
        daysSinceDelivery: 1,
      }),
    ).toBeUndefined();
  });

  it('takes the first rule that matches, in order', () => {
    const ordered = [
      { id: 'a', name: 'A', maxAmount: 100, reasons: [], categories: ['toys'], maxRecentRefunds: 10 },
      { id: 'b', name: 'B', maxAmount: 1000, reasons: [], categories: [], maxRecentRefunds: 10 },
    ];
    expect(
      matchingRule(ordered, {
        amount: 50,
        reason: 'other',
        categories: ['toys'],
        recentRefunds: 0,
        ...noHistory,
      })?.id,
    ).toBe('a');
    expect(
      matchingRule(ordered, {
        amount: 50,
        reason: 'other',
        categories: ['toys', 'home'],
        recentRefunds: 0,
        ...noHistory,
      })?.id,
    ).toBe('b');
    expect(
      matchingRule(ordered, {
        amount: 5000,
        reason: 'other',
        categories: [],
        recentRefunds: 0,
        ...noHistory,
      }),
    ).toBeUndefined();
  });
});

describe('postageReimbursement', () => {
  it('pays back declared postage up to the cap, only for drop-offs the shop caused', () => {
    fc.assert(
      fc.property(
        reason,
        fc.constantFrom('pickup' as const, 'dropoff' as const, null),
        fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
        fc.constantFrom('CNY', 'EUR', 'XXX'),
        fc.integer({ min: 0, max: 3_000 }),
        (why, method, declared, currency, alreadyReimbursed) => {
          const caps = defaultAfterSalesPolicy.returnPostageCaps;
          const paid = postageReimbursement({
            reason: why,
            returnMethod: method,
            declaredPostage: declared,
            currency,
            caps,
            alreadyReimbursed,
          });

          expect(paid).toBeGreaterThanOrEqual(0);
          // Capped per order: with what the order's other returns got, never past the cap.
          if (paid > 0) expect(paid + alreadyReimbursed).toBeLessThanOrEqual(caps[currency] ?? 0);
          expect(paid).toBeLessThanOrEqual(declared ?? 0);
          if (method === 'pickup' || !shopFaultReasons.includes(why)) expect(paid).toBe(0);
        },
      ),
    );
  });
});
