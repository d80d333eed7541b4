import type { Reason, TicketType } from '../../kernel/ticket-kinds.js';
import { customerSideReasons, keepItemReasons, type ReturnWindows, shopFaultReasons } from './policy.js';

/**
 * Who may claim what, when: the after-sales eligibility of a refund, return, exchange or repair
 * by reason × delivery × age (the table in the README). Pure; the caller supplies the order's
 * facts and the policy in force.
 */
export type EligibilityCode =
  | 'REASON_NOT_ALLOWED'
  | 'ORDER_SHIPPED'
  | 'ORDER_NOT_SHIPPED'
  | 'ORDER_NOT_DELIVERED'
  | 'REFUND_WINDOW_CLOSED'
  | 'RETURN_WINDOW_CLOSED'
  | 'RETURN_REQUIRED'
  | 'ITEM_NOT_RETURNABLE'
  | 'ITEM_FINAL_SALE';

export type Verdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: EligibilityCode;
      readonly message: string;
      /** `order` (a fact of the order or the reason) or `item` (a fact of the line). */
      readonly concerns: 'reason' | 'order' | 'item';
    };

export interface ClaimFacts {
  readonly type: TicketType;
  readonly reason: Reason;
  readonly shippedAt: string | null;
  readonly deliveredAt: string | null;
  readonly line: { readonly noReasonReturn: boolean; readonly finalSale: boolean };
  readonly windows: ReturnWindows;
  readonly now: Date;
}

const DAY = 24 * 60 * 60 * 1000;
const ok: Verdict = { ok: true };
const no = (code: EligibilityCode, concerns: 'reason' | 'order' | 'item', message: string): Verdict => ({
  ok: false,
  code,
  concerns,
  message,
});

/** Whole days (fractional) since the order was delivered; null before delivery. */
export function daysSinceDelivery(deliveredAt: string | null, now: Date): number | null {
  return deliveredAt ? (now.getTime() - Date.parse(deliveredAt)) / DAY : null;
}

/** Reasons a type of ticket may carry at all. */
export function reasonFits(type: TicketType, reason: Reason): boolean {
  if (reason === 'service') return type === 'complaint' || type === 'inquiry';
  if (reason === 'not_shipped' || reason === 'not_received') return type === 'refund';
  if (type === 'repair') return shopFaultReasons.includes(reason) || reason === 'other';
  return true;
}

/** May this line of the order be claimed for this reason now? */
export function claimVerdict(facts: ClaimFacts): Verdict {
  const { type, reason, windows } = facts;
  if (!reasonFits(type, reason)) {
    return no('REASON_NOT_ALLOWED', 'reason', `A ${type} ticket cannot give "${reason}" as its reason.`);
  }
  // Delivered implies shipped, even when the shop sent no shipping date.
  const shippedAt = facts.shippedAt ?? facts.deliveredAt;
  const days = daysSinceDelivery(facts.deliveredAt, facts.now);
  if (reason === 'not_shipped') {
    return shippedAt ? no('ORDER_SHIPPED', 'order', 'The order has already shipped.') : ok;
  }
  if (reason === 'not_received') {
    if (!shippedAt) return no('ORDER_NOT_SHIPPED', 'order', 'The order has not shipped yet.');
    if (days !== null && days > windows.qualityDays) {
      return no(
        'REFUND_WINDOW_CLOSED',
        'order',
        `A parcel that never arrived is claimed within ${windows.qualityDays} days of its delivery date.`,
      );
    }
    return ok;
  }
  if (days === null) return no('ORDER_NOT_DELIVERED', 'order', 'The order has not been delivered yet.');
  if (type === 'repair') {
    if (facts.line.finalSale && customerSideReasons.includes(reason)) {
      return no('ITEM_FINAL_SALE', 'item', 'This item was sold as final sale.');
    }
    return days <= windows.repairDays
      ? ok
      : no(
          'RETURN_WINDOW_CLOSED',
          'order',
          `Repairs are accepted within ${windows.repairDays} days of delivery.`,
        );
  }
  if (shopFaultReasons.includes(reason)) {
    if (days <= windows.qualityDays) return ok;
    return type === 'refund'
      ? no(
          'REFUND_WINDOW_CLOSED',
          'order',
          `Refunds for this reason are accepted within ${windows.qualityDays} days of delivery.`,
        )
      : no(
          'RETURN_WINDOW_CLOSED',
          'order',
          `Returns for this reason are accepted within ${windows.qualityDays} days of delivery.`,
        );
  }
  // Customer-side reasons: the goods come back (return or exchange) within the no-reason window.
  if (facts.line.finalSale) return no('ITEM_FINAL_SALE', 'item', 'This item was sold as final sale.');
  if (type === 'refund') {
    return no('RETURN_REQUIRED', 'reason', 'For this reason the goods come back first: open a return.');
  }
  if (!facts.line.noReasonReturn) {
    return no('ITEM_NOT_RETURNABLE', 'item', 'This item can only go back for a fault of the shop.');
  }
  return days <= windows.noReasonDays
    ? ok
    : no(
        'RETURN_WINDOW_CLOSED',
        'order',
        `No-reason returns are accepted within ${windows.noReasonDays} days of delivery.`,
      );
}

/**
 * A refund that lets the customer keep the goods: within `keepItemMaxAmount` for the currency,
 * counting the order's refunds already approved or paid plus this one. Reasons that leave nothing
 * to send back (missing item, late delivery, not received, not shipped) are exempt.
 */
export function keepItemVerdict(input: {
  type: TicketType;
  reason: Reason;
  currency: string;
  /** This ticket's refund plus the order's refunds already approved or paid. */
  total: number;
  keepItemMaxAmount: Readonly<Record<string, number>>;
}): Verdict {
  if (input.type !== 'refund' || !keepItemReasons.includes(input.reason)) return ok;
  const cap = input.keepItemMaxAmount[input.currency] ?? 0;
  return input.total <= cap
    ? ok
    : no(
        'RETURN_REQUIRED',
        'reason',
        `Refunds without sending the goods back are limited to ${cap} (minor units of ${input.currency}) per order: open a return.`,
      );
}
