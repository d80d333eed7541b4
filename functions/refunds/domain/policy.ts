import type { Reason, TicketType } from '../../tickets/domain/ticket.js';

/**
 * After-sales rules an admin can change: the auto-approval ("one-click refund") rules and the
 * return windows. Pure data with defaults from the contract.
 */
export interface AutoApprovalRule {
  readonly id: string;
  readonly name: string;
  /** Largest refund (minor units, any currency) the rule approves. */
  readonly maxAmount: number;
  /** Reasons the rule accepts; empty = any. */
  readonly reasons: readonly Reason[];
  /** Product categories the rule accepts (every refunded item must be in one); empty = any. */
  readonly categories: readonly string[];
  /** The customer must have had fewer than this many refunds in the last 30 days. */
  readonly maxRecentRefunds: number;
}

export interface ReturnWindows {
  /** Customer-side reasons (changed mind, size): only `noReasonReturn` items, within these days. */
  readonly noReasonDays: number;
  /** The shop's fault (defective, damaged, wrong, not as described, missing, late). */
  readonly qualityDays: number;
  /** Repairs under warranty. */
  readonly repairDays: number;
}

export interface AfterSalesPolicy {
  /** Ordered; the first rule that matches approves; none matching leaves the refund to an agent. */
  readonly autoApproval: readonly AutoApprovalRule[];
  readonly returnWindows: ReturnWindows;
  /**
   * The most a customer is reimbursed for posting a return back (drop-off) when the shop is at
   * fault, per ISO currency, minor units. A pickup the shop books costs the customer nothing.
   */
  readonly returnPostageCaps: Readonly<Record<string, number>>;
  readonly version: number;
  readonly updatedAt: string;
}

export const shopFaultReasons: readonly Reason[] = [
  'defective',
  'damaged_in_transit',
  'wrong_item',
  'not_as_described',
  'missing_item',
  'late_delivery',
];

export const customerSideReasons: readonly Reason[] = ['no_longer_needed', 'size_or_fit', 'other'];

export const defaultAfterSalesPolicy: AfterSalesPolicy = {
  autoApproval: [
    {
      id: 'small-shop-fault',
      name: 'Small refunds for the shop’s faults',
      maxAmount: 20_000,
      reasons: ['defective', 'damaged_in_transit', 'wrong_item', 'missing_item', 'not_as_described'],
      categories: [],
      maxRecentRefunds: 3,
    },
  ],
  returnWindows: { noReasonDays: 7, qualityDays: 15, repairDays: 365 },
  returnPostageCaps: { CNY: 2_000, USD: 1_500, EUR: 1_500, GBP: 1_200, HKD: 10_000, JPY: 1_500 },
  version: 0,
  updatedAt: '1970-01-01T00:00:00.000Z',
};

export interface RefundFacts {
  readonly amount: number;
  readonly reason: Reason;
  readonly categories: readonly string[];
  /** Refunds the customer had in the last 30 days, this one excluded. */
  readonly recentRefunds: number;
}

/** The first rule that approves this refund, if any. */
export function matchingRule(
  rules: readonly AutoApprovalRule[],
  facts: RefundFacts,
): AutoApprovalRule | undefined {
  return rules.find(
    (rule) =>
      facts.amount <= rule.maxAmount &&
      (rule.reasons.length === 0 || rule.reasons.includes(facts.reason)) &&
      (rule.categories.length === 0 ||
        facts.categories.every((category) => rule.categories.includes(category))) &&
      facts.recentRefunds < rule.maxRecentRefunds,
  );
}

export type WindowVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: 'ORDER_NOT_DELIVERED' | 'RETURN_WINDOW_CLOSED' | 'ITEM_NOT_RETURNABLE';
      readonly message: string;
    };

const DAY = 24 * 60 * 60 * 1000;

/**
 * May goods of this order still go back? Counted from delivery: customer-side reasons only for
 * items marked `noReasonReturn` and within `noReasonDays`; the shop's faults within `qualityDays`;
 * repairs within `repairDays`.
 */
export function returnWindowVerdict(input: {
  type: TicketType;
  reason: Reason;
  deliveredAt: string | null;
  noReasonReturn: boolean;
  now: Date;
  windows: ReturnWindows;
}): WindowVerdict {
  if (!input.deliveredAt)
    return { ok: false, code: 'ORDER_NOT_DELIVERED', message: 'The order has not been delivered yet.' };
  const days = (input.now.getTime() - Date.parse(input.deliveredAt)) / DAY;
  if (input.type === 'repair') {
    return days <= input.windows.repairDays
      ? { ok: true }
      : {
          ok: false,
          code: 'RETURN_WINDOW_CLOSED',
          message: `Repairs are accepted within ${input.windows.repairDays} days of delivery.`,
        };
  }
  if (shopFaultReasons.includes(input.reason)) {
    return days <= input.windows.qualityDays
      ? { ok: true }
      : {
          ok: false,
          code: 'RETURN_WINDOW_CLOSED',
          message: `Returns for this reason are accepted within ${input.windows.qualityDays} days of delivery.`,
        };
  }
  if (!input.noReasonReturn) {
    return {
      ok: false,
      code: 'ITEM_NOT_RETURNABLE',
      message: 'This item can only go back for a fault of the shop.',
    };
  }
  return days <= input.windows.noReasonDays
    ? { ok: true }
    : {
        ok: false,
        code: 'RETURN_WINDOW_CLOSED',
        message: `No-reason returns are accepted within ${input.windows.noReasonDays} days of delivery.`,
      };
}

/** The refund of an order's items: unit price × quantity, plus the original shipping when the shop is at fault. */
export function refundAmounts(input: {
  items: readonly { quantity: number; unitPrice: number }[];
  reason: Reason;
  shippingFee: number;
  shippingRefunded: number;
}): { itemsAmount: number; shippingAmount: number; amount: number } {
  const itemsAmount = input.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
  const shippingAmount = shopFaultReasons.includes(input.reason)
    ? Math.max(0, input.shippingFee - input.shippingRefunded)
    : 0;
  return { itemsAmount, shippingAmount, amount: itemsAmount + shippingAmount };
}

/**
 * What a customer gets back for the postage of a return they sent themselves: their declared
 * postage, capped by the policy, and only when the shop was at fault.
 */
export function postageReimbursement(input: {
  reason: Reason;
  returnMethod: 'pickup' | 'dropoff' | null;
  declaredPostage: number | null;
  currency: string;
  caps: Readonly<Record<string, number>>;
}): number {
  if (input.returnMethod === 'pickup' || !shopFaultReasons.includes(input.reason)) return 0;
  return Math.max(0, Math.min(input.declaredPostage ?? 0, input.caps[input.currency] ?? 0));
}
