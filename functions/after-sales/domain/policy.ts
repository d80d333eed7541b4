import type { Reason } from '../../kernel/ticket-kinds.js';

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
  /** At most this many days since delivery (null: any). */
  readonly maxDaysSinceDelivery?: number | null;
  /** The customer's money refunded (approved or paid) in the last 30 days stays below this (null: any). */
  readonly maxRefundedAmount30Days?: number | null;
}

/**
 * The platform timeouts as ISO-8601 durations (defaults from Taobao's and WeChat's published
 * customer-protection rules).
 */
export interface PlatformTimeouts {
  /** A refund or return request nobody answered: approved (within a limit) or escalated. */
  readonly shopResponse: string;
  /** The same while the order has not shipped (refunds for `not_shipped`). */
  readonly shopResponseUnshipped: string;
  /** An approved drop-off return or exchange the customer has not shipped closes. */
  readonly customerShipReturn: string;
  /** How long before that the customer is reminded. */
  readonly customerShipReminder: string;
  /** From the carrier's confirmation of delivery to the shop: inspected, or accepted as is. */
  readonly shopConfirmReceipt: string;
  /** After a rejection: the customer's window to appeal once; then the ticket closes. */
  readonly customerAppeal: string;
}

/** Per-currency approval ceilings of the staff roles; admins have none. */
export interface ApprovalCeiling {
  readonly currency: string;
  readonly agent: number;
  readonly supervisor: number;
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
  /**
   * A refund that lets the customer keep goods they hold (defective, damaged, wrong, not as
   * described) is accepted up to this per currency, counting the order's refunds approved or
   * paid; above it the goods must come back (a return). A currency not listed: always a return.
   */
  readonly keepItemMaxAmount: Readonly<Record<string, number>>;
  /** Who may approve how much; a currency not listed is approved by admins only. */
  readonly approvalCeilings: readonly ApprovalCeiling[];
  readonly timeouts: PlatformTimeouts;
  /**
   * The most the system approves when the shop did not answer in time, per currency (counting
   * the order's refunds approved or paid); above it the request goes to supervisors.
   */
  readonly timeoutApprovalMaxAmount: Readonly<Record<string, number>>;
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

/** Shop faults whose refund lets the customer keep the goods: capped by `keepItemMaxAmount`. */
export const keepItemReasons: readonly Reason[] = [
  'defective',
  'damaged_in_transit',
  'wrong_item',
  'not_as_described',
];

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
  keepItemMaxAmount: { CNY: 20_000, USD: 3_000, EUR: 3_000, GBP: 2_500, HKD: 20_000, JPY: 4_000 },
  approvalCeilings: [
    { currency: 'CNY', agent: 50_000, supervisor: 500_000 },
    { currency: 'USD', agent: 7_000, supervisor: 70_000 },
    { currency: 'EUR', agent: 7_000, supervisor: 70_000 },
  ],
  timeouts: {
    shopResponse: 'PT48H',
    shopResponseUnshipped: 'PT24H',
    customerShipReturn: 'P7D',
    customerShipReminder: 'P2D',
    shopConfirmReceipt: 'P10D',
    customerAppeal: 'P7D',
  },
  timeoutApprovalMaxAmount: { CNY: 50_000, USD: 7_000, EUR: 7_000 },
  version: 0,
  updatedAt: '1970-01-01T00:00:00.000Z',
};

export interface RefundFacts {
  /** This ticket's refund plus the order's refunds already approved or paid: splitting gains nothing. */
  readonly amount: number;
  readonly reason: Reason;
  readonly categories: readonly string[];
  /** Refunds the customer had in the last 30 days, this one excluded. */
  readonly recentRefunds: number;
  /** Money refunded to the customer (approved or paid) in the last 30 days, this one excluded. */
  readonly recentRefundedAmount: number;
  /** Days since the order was delivered; null before delivery. */
  readonly daysSinceDelivery: number | null;
}

/** Reasons a rule never approves: a parcel marked delivered that never arrived needs a person. */
const neverAutomatic: readonly Reason[] = ['not_received'];

/** The first rule that approves this refund, if any. */
export function matchingRule(
  rules: readonly AutoApprovalRule[],
  facts: RefundFacts,
): AutoApprovalRule | undefined {
  if (neverAutomatic.includes(facts.reason)) return undefined;
  return rules.find(
    (rule) =>
      facts.amount <= rule.maxAmount &&
      (rule.reasons.length === 0 || rule.reasons.includes(facts.reason)) &&
      (rule.categories.length === 0 ||
        facts.categories.every((category) => rule.categories.includes(category))) &&
      facts.recentRefunds < rule.maxRecentRefunds &&
      (rule.maxDaysSinceDelivery == null ||
        (facts.daysSinceDelivery !== null && facts.daysSinceDelivery <= rule.maxDaysSinceDelivery)) &&
      (rule.maxRefundedAmount30Days == null || facts.recentRefundedAmount < rule.maxRefundedAmount30Days),
  );
}

/** The customer's last 30 days as the rules count them: refunds opened, money approved or paid. */
export interface RecentRefunds {
  readonly count: number;
  readonly amount: number;
}

/**
 * The rules that approve this refund if the customer's history is clean, in their order. History
 * only ever refuses (a rule caps it from above), so the rule `matchingRule` picks with the history
 * counted is always one of these: without any, the history need not be read.
 */
export function rulesBeforeHistory(
  rules: readonly AutoApprovalRule[],
  facts: Omit<RefundFacts, 'recentRefunds' | 'recentRefundedAmount'>,
): AutoApprovalRule[] {
  return rules.filter(
    (rule) => matchingRule([rule], { ...facts, recentRefunds: 0, recentRefundedAmount: 0 }) !== undefined,
  );
}

/**
 * Whether reading more of the history could still change the verdict: some rule is not yet
 * refused by what has been counted so far. Counts only grow, so once this is false the verdict
 * on the whole history is the same (no rule), and the reading may stop.
 */
export function historyStillMatters(rules: readonly AutoApprovalRule[], recent: RecentRefunds): boolean {
  return rules.some(
    (rule) =>
      recent.count < rule.maxRecentRefunds &&
      (rule.maxRefundedAmount30Days == null || recent.amount < rule.maxRefundedAmount30Days),
  );
}

/** The most the caller's roles may approve in this currency; Infinity for admins, 0 for none. */
export function approvalCeiling(
  ceilings: readonly ApprovalCeiling[],
  roles: ReadonlySet<string>,
  currency: string,
): number {
  if (roles.has('admin')) return Number.POSITIVE_INFINITY;
  const row = ceilings.find((ceiling) => ceiling.currency === currency);
  if (!row) return 0;
  if (roles.has('supervisor')) return row.supervisor;
  if (roles.has('agent')) return row.agent;
  return 0;
}

/** The level an approval of this total needs: the lowest role whose ceiling covers it. */
export function approvalLevelFor(
  ceilings: readonly ApprovalCeiling[],
  currency: string,
  total: number,
): 'agent' | 'supervisor' | 'admin' {
  const row = ceilings.find((ceiling) => ceiling.currency === currency);
  if (row && total <= row.agent) return 'agent';
  if (row && total <= row.supervisor) return 'supervisor';
  return 'admin';
}

/**
 * The refund of an order's items: what the customer paid for the units claimed (after the
 * lines' discounts), plus the original shipping when the shop is at fault.
 */
export function refundAmounts(input: {
  items: readonly { amount: number }[];
  reason: Reason;
  shippingFee: number;
  shippingRefunded: number;
}): { itemsAmount: number; shippingAmount: number; amount: number } {
  const itemsAmount = input.items.reduce((sum, item) => sum + item.amount, 0);
  const shippingAmount = shopFaultReasons.includes(input.reason)
    ? Math.max(0, input.shippingFee - input.shippingRefunded)
    : 0;
  return { itemsAmount, shippingAmount, amount: itemsAmount + shippingAmount };
}

/**
 * What a customer gets back for the postage of a return they sent themselves: their declared
 * postage, only when the shop was at fault, and capped per ORDER: what the order's other returns
 * were already reimbursed counts against the cap.
 */
export function postageReimbursement(input: {
  reason: Reason;
  returnMethod: 'pickup' | 'dropoff' | null;
  declaredPostage: number | null;
  currency: string;
  caps: Readonly<Record<string, number>>;
  /** Postage the order's other returns already got (or were promised). */
  alreadyReimbursed: number;
}): number {
  if (input.returnMethod === 'pickup' || !shopFaultReasons.includes(input.reason)) return 0;
  const room = (input.caps[input.currency] ?? 0) - input.alreadyReimbursed;
  return Math.max(0, Math.min(input.declaredPostage ?? 0, room));
}
