import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimVerdict, keepItemVerdict } from '../../../functions/after-sales/domain/eligibility.js';
import {
  customerSideReasons,
  defaultAfterSalesPolicy,
  shopFaultReasons,
} from '../../../functions/after-sales/domain/policy.js';
import { type Reason, reasons, type TicketType } from '../../../functions/kernel/ticket-kinds.js';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-11-24T12:00:00Z');
const windows = defaultAfterSalesPolicy.returnWindows;
const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
const claimTypes: TicketType[] = ['refund', 'return', 'exchange', 'repair'];

function verdict(
  type: TicketType,
  reason: Reason,
  order: { shippedAt?: string | null; deliveredAt?: string | null } = {},
  line = { noReasonReturn: true, finalSale: false },
) {
  const result = claimVerdict({
    type,
    reason,
    shippedAt: order.shippedAt === undefined ? ago(5) : order.shippedAt,
    deliveredAt: order.deliveredAt === undefined ? ago(3) : order.deliveredAt,
    line,
    windows,
    now,
  });
  return result.ok ? 'ok' : result.code;
}

describe('claimVerdict: reason × delivery × age', () => {
  it('takes not_shipped and not_received on refunds only', () => {
    expect(verdict('refund', 'not_shipped', { shippedAt: null, deliveredAt: null })).toBe('ok');
    expect(verdict('refund', 'not_shipped', { deliveredAt: null })).toBe('ORDER_SHIPPED');
    expect(verdict('refund', 'not_received', { shippedAt: null, deliveredAt: null })).toBe(
      'ORDER_NOT_SHIPPED',
    );
    expect(verdict('refund', 'not_received', { deliveredAt: null })).toBe('ok');
    // Marked delivered but never arrived: within the quality window only.
    expect(verdict('refund', 'not_received', { deliveredAt: ago(10) })).toBe('ok');
    expect(verdict('refund', 'not_received', { deliveredAt: ago(16) })).toBe('REFUND_WINDOW_CLOSED');
    for (const type of ['return', 'exchange', 'repair'] as const) {
      expect(verdict(type, 'not_shipped')).toBe('REASON_NOT_ALLOWED');
      expect(verdict(type, 'not_received')).toBe('REASON_NOT_ALLOWED');
    }
  });

  it('refuses every other reason before delivery', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...claimTypes),
        fc.constantFrom(...reasons.filter((r) => !['not_shipped', 'not_received', 'service'].includes(r))),
        (type, reason) => {
          const code = verdict(type, reason, { deliveredAt: null });
          expect(['ORDER_NOT_DELIVERED', 'REASON_NOT_ALLOWED']).toContain(code);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('accepts the shop’s faults within the quality window, repairs within theirs', () => {
    for (const reason of shopFaultReasons) {
      expect(verdict('refund', reason, { deliveredAt: ago(15) })).toBe('ok');
      expect(verdict('refund', reason, { deliveredAt: ago(16) })).toBe('REFUND_WINDOW_CLOSED');
      expect(verdict('return', reason, { deliveredAt: ago(16) })).toBe('RETURN_WINDOW_CLOSED');
      expect(verdict('exchange', reason, { deliveredAt: ago(16) })).toBe('RETURN_WINDOW_CLOSED');
      expect(verdict('repair', reason, { deliveredAt: ago(364) })).toBe('ok');
      expect(verdict('repair', reason, { deliveredAt: ago(366) })).toBe('RETURN_WINDOW_CLOSED');
    }
    expect(verdict('refund', 'defective', { deliveredAt: ago(400) })).toBe('REFUND_WINDOW_CLOSED');
  });

  it('sends customer-side reasons through a return or exchange of a no-reason item within 7 days', () => {
    for (const reason of customerSideReasons) {
      expect(verdict('refund', reason)).toBe('RETURN_REQUIRED');
      expect(verdict('return', reason, { deliveredAt: ago(7) })).toBe('ok');
      expect(verdict('exchange', reason, { deliveredAt: ago(8) })).toBe('RETURN_WINDOW_CLOSED');
      expect(verdict('return', reason, {}, { noReasonReturn: false, finalSale: false })).toBe(
        'ITEM_NOT_RETURNABLE',
      );
      expect(verdict('return', reason, {}, { noReasonReturn: true, finalSale: true })).toBe(
        'ITEM_FINAL_SALE',
      );
    }
    expect(verdict('repair', 'size_or_fit')).toBe('REASON_NOT_ALLOWED');
    expect(verdict('repair', 'other', {}, { noReasonReturn: true, finalSale: true })).toBe('ITEM_FINAL_SALE');
  });

  it('keeps `service` for complaints and inquiries', () => {
    for (const type of claimTypes) expect(verdict(type, 'service')).toBe('REASON_NOT_ALLOWED');
  });
});

describe('keepItemVerdict', () => {
  const caps = defaultAfterSalesPolicy.keepItemMaxAmount;
  it('lets a customer keep faulty goods up to the cap, counting the order’s refunds approved or paid', () => {
    const base = {
      type: 'refund' as const,
      reason: 'defective' as const,
      currency: 'CNY',
      keepItemMaxAmount: caps,
    };
    expect(keepItemVerdict({ ...base, total: 20_000 }).ok).toBe(true);
    expect(keepItemVerdict({ ...base, total: 20_001 })).toMatchObject({ ok: false, code: 'RETURN_REQUIRED' });
    expect(keepItemVerdict({ ...base, currency: 'XXX', total: 1 })).toMatchObject({ ok: false });
    expect(keepItemVerdict({ ...base, reason: 'missing_item', total: 10_000_000 }).ok).toBe(true);
    expect(keepItemVerdict({ ...base, type: 'return', total: 10_000_000 }).ok).toBe(true);
  });
});
