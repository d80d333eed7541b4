import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  customerSideReasons,
  defaultAfterSalesPolicy,
  matchingRule,
  postageReimbursement,
  refundAmounts,
  returnWindowVerdict,
  shopFaultReasons,
} from '../../../functions/refunds/domain/policy.js';
import { reasons } from '../../../functions/tickets/domain/ticket.js';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-11-24T12:00:00Z');
const windows = defaultAfterSalesPolicy.returnWindows;
const reason = fc.constantFrom(...reasons);

describe('refundAmounts', () => {
  it('is the sum of quantity × unit price, plus the unrefunded shipping only for the shop’s faults', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 50 }),
            unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
          }),
          {
            minLength: 1,
            maxLength: 10,
          },
        ),
        reason,
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (items, why, shippingFee, alreadyRefunded) => {
          const shippingRefunded = Math.min(alreadyRefunded, shippingFee);
          const result = refundAmounts({ items, reason: why, shippingFee, shippingRefunded });
          const itemsTotal = items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);

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

describe('returnWindowVerdict', () => {
  it('refuses an order not yet delivered, whatever the reason', () => {
    fc.assert(
      fc.property(
        reason,
        fc.boolean(),
        fc.constantFrom('return' as const, 'exchange' as const),
        (why, eligible, type) => {
          const verdict = returnWindowVerdict({
            type,
            reason: why,
            deliveredAt: null,
            noReasonReturn: eligible,
            now,
            windows,
          });
          expect(verdict).toMatchObject({ ok: false, code: 'ORDER_NOT_DELIVERED' });
        },
      ),
    );
  });

  it('accepts the shop’s faults within the quality window and refuses them after', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...shopFaultReasons),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        (why, days, eligible) => {
          const deliveredAt = new Date(now.getTime() - days * DAY).toISOString();
          const verdict = returnWindowVerdict({
            type: 'return',
            reason: why,
            deliveredAt,
            noReasonReturn: eligible,
            now,
            windows,
          });
          expect(verdict.ok).toBe(days <= windows.qualityDays);
          if (!verdict.ok) expect(verdict.code).toBe('RETURN_WINDOW_CLOSED');
        },
      ),
    );
  });

  it('accepts customer-side reasons only for eligible items within the no-reason window', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...customerSideReasons),
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        (why, days, eligible) => {
          const deliveredAt = new Date(now.getTime() - days * DAY).toISOString();
          const verdict = returnWindowVerdict({
            type: 'return',
            reason: why,
            deliveredAt,
            noReasonReturn: eligible,
            now,
            windows,
          });
          if (!eligible) expect(verdict).toMatchObject({ ok: false, code: 'ITEM_NOT_RETURNABLE' });
          else expect(verdict.ok).toBe(days <= windows.noReasonDays);
        },
      ),
    );
  });

  it('gives repairs their own, longer window', () => {
    const deliveredAt = new Date(now.getTime() - 200 * DAY).toISOString();
    expect(
      returnWindowVerdict({
        type: 'repair',
        reason: 'defective',
        deliveredAt,
        noReasonReturn: false,
        now,
        windows,
      }).ok,
    ).toBe(true);
  });
});

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
            matchingRule(rules, { amount, reason: why, categories: ['home'], recentRefunds: recent }) !==
            undefined;
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

  it('takes the first rule that matches, in order', () => {
    const ordered = [
      { id: 'a', name: 'A', maxAmount: 100, reasons: [], categories: ['toys'], maxRecentRefunds: 10 },
      { id: 'b', name: 'B', maxAmount: 1000, reasons: [], categories: [], maxRecentRefunds: 10 },
    ];
    expect(
      matchingRule(ordered, { amount: 50, reason: 'other', categories: ['toys'], recentRefunds: 0 })?.id,
    ).toBe('a');
    expect(
      matchingRule(ordered, { amount: 50, reason: 'other', categories: ['toys', 'home'], recentRefunds: 0 })
        ?.id,
    ).toBe('b');
    expect(
      matchingRule(ordered, { amount: 5000, reason: 'other', categories: [], recentRefunds: 0 }),
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
        (why, method, declared, currency) => {
          const caps = defaultAfterSalesPolicy.returnPostageCaps;
          const paid = postageReimbursement({
            reason: why,
            returnMethod: method,
            declaredPostage: declared,
            currency,
            caps,
          });

          expect(paid).toBeGreaterThanOrEqual(0);
          expect(paid).toBeLessThanOrEqual(caps[currency] ?? 0);
          expect(paid).toBeLessThanOrEqual(declared ?? 0);
          if (method === 'pickup' || !shopFaultReasons.includes(why)) expect(paid).toBe(0);
        },
      ),
    );
  });
});
