import type { FieldError } from '../../shared/errors.js';

/** Every amount and every computed total stays an exact integer at or below this (10^13 minor units). */
export const MAX_MINOR_UNITS = 10_000_000_000_000;

/** Order facts pushed by the shop platform. Money is integer minor units in the order's currency. */
export interface OrderLine {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
  /** Minor units taken off the whole line (not per unit); at most quantity × unitPrice. */
  readonly discount: number;
  readonly category: string;
  readonly noReasonReturn: boolean;
  /** Sold as final: the shop's own return rules decide what this means for returns. */
  readonly finalSale: boolean;
  /** Units held by open refund, return, exchange or repair tickets. */
  readonly reservedQuantity: number;
  /** Units already refunded. */
  readonly refundedQuantity: number;
  /** Minor units already refunded against this line. */
  readonly refundedAmount: number;
}

export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly customerEmail: string;
  readonly customerName: string | null;
  /** The shop's customer tier, e.g. `standard` or `vip`; SLA policies may match on it. */
  readonly customerTier: string;
  readonly locale: string;
  /** IANA zone of the customer (e.g. `Asia/Shanghai`), when the shop knows it. */
  readonly timeZone: string | null;
  readonly currency: string;
  readonly placedAt: string;
  readonly shippedAt: string | null;
  readonly deliveredAt: string | null;
  readonly shippingFee: number;
  /** Shipping promised to open refunds plus shipping already refunded. */
  readonly shippingCommitted: number;
  readonly shippingRefunded: number;
  /** Money of the order's refunds approved or paid (kept by the ticket side). */
  readonly approvedAmount: number;
  /** Return postage paid back to the customer (kept by the ticket side). */
  readonly postageReimbursed: number;
  /** Tickets opened on the order (kept by the ticket side). */
  readonly ticketCount: number;
  readonly items: readonly OrderLine[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Counters that tickets keep on the order header; an order update never writes them. */
export type OrderCounter =
  | 'shippingCommitted'
  | 'shippingRefunded'
  | 'approvedAmount'
  | 'postageReimbursed'
  | 'ticketCount';

/** Counters that tickets keep on an order line. */
export type OrderLineCounter = 'reservedQuantity' | 'refundedQuantity' | 'refundedAmount';

/** What the shop platform sends; the counters are ours and survive every update. */
export type OrderFacts = Omit<Order, 'id' | 'items' | 'createdAt' | 'updatedAt' | OrderCounter> & {
  readonly items: readonly Omit<OrderLine, OrderLineCounter>[];
};

type Priced = Pick<OrderLine, 'quantity' | 'unitPrice' | 'discount'>;

/** What the customer paid for the whole line: quantity × unitPrice − discount. */
export function linePaid(line: Priced): number {
  return line.quantity * line.unitPrice - line.discount;
}

/**
 * What `units` units of the line were paid: floor(units × linePaid / quantity), exact (the
 * product may pass 2^53). Refunds pay back this, never the list price.
 */
export function paidFor(line: Priced, units: number): number {
  if (line.quantity <= 0) return 0;
  const paid = BigInt(line.quantity) * BigInt(line.unitPrice) - BigInt(line.discount);
  return Number((BigInt(units) * paid) / BigInt(line.quantity));
}

/** What the order cost: every line after its discount, plus the shipping fee. */
export function orderTotal(order: {
  readonly items: readonly Priced[];
  readonly shippingFee: number;
}): number {
  return order.items.reduce((sum, line) => sum + linePaid(line), order.shippingFee);
}

/**
 * An order as a list shows it: the facts a customer knows it by, from its header alone. Every
 * field but `ticketCount` comes from the order's facts, so the order update that writes the
 * facts writes the summary's copy of them too.
 */
export interface OrderSummary {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly placedAt: string;
  readonly shippedAt: string | null;
  readonly deliveredAt: string | null;
  /** Every line after its discount, plus the shipping fee. */
  readonly total: number;
  readonly items: readonly Pick<OrderLine, 'sku' | 'name' | 'quantity'>[];
  readonly ticketCount: number;
}

/** The summary of a whole order (or of the facts about to be saved, with no tickets yet). */
export function summarizeOrder(
  order: Pick<
    Order,
    'id' | 'customerId' | 'currency' | 'placedAt' | 'shippedAt' | 'deliveredAt' | 'shippingFee'
  > & {
    readonly items: readonly (Priced & Pick<OrderLine, 'sku' | 'name'>)[];
    readonly ticketCount?: number;
  },
): OrderSummary {
  return {
    id: order.id,
    customerId: order.customerId,
    currency: order.currency,
    placedAt: order.placedAt,
    shippedAt: order.shippedAt,
    deliveredAt: order.deliveredAt,
    total: orderTotal(order),
    items: order.items.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
    ticketCount: order.ticketCount ?? 0,
  };
}

/** Newest first: by the instant `placedAt` names, then by id, both descending (the customer's index). */
export function newestOrderFirst(
  a: Pick<Order, 'placedAt' | 'id'>,
  b: Pick<Order, 'placedAt' | 'id'>,
): number {
  const byTime = Date.parse(b.placedAt) - Date.parse(a.placedAt);
  if (byTime !== 0) return byTime;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** Units in open claims (refund, return, exchange or repair tickets). */
export function claimedQuantity(line: Pick<OrderLine, 'reservedQuantity'>): number {
  return line.reservedQuantity;
}

/** Units that a new refund or return may still claim. Never negative. */
export function refundableQuantity(line: OrderLine): number {
  return Math.max(0, line.quantity - line.reservedQuantity - line.refundedQuantity);
}

/** Units already promised to tickets or refunded: an update may not shrink a line below this. */
export function committedQuantity(line: Pick<OrderLine, 'reservedQuantity' | 'refundedQuantity'>): number {
  return line.reservedQuantity + line.refundedQuantity;
}

/** Whether tickets hold or refunds cover anything of the order: its money is then settled. */
export function hasCommitments(order: Order): boolean {
  return (
    order.shippingCommitted > 0 ||
    order.shippingRefunded > 0 ||
    order.approvedAmount > 0 ||
    order.postageReimbursed > 0 ||
    order.items.some((line) => committedQuantity(line) > 0 || line.refundedAmount > 0)
  );
}

/**
 * Whether the order has tickets. A commitment implies a ticket, so orders whose tickets predate
 * `ticketCount` count too.
 */
export function hasTickets(order: Order): boolean {
  return order.ticketCount > 0 || hasCommitments(order);
}

/**
 * Every field an update may not change given what tickets hold or refunds cover (empty: the
 * update may go ahead). Refused as 422 `ORDER_LINE_COMMITTED`.
 */
export function orderUpdateViolations(existing: Order | undefined, facts: OrderFacts): FieldError[] {
  if (!existing) return [];
  const errors: FieldError[] = [];
  const before = new Map(existing.items.map((line) => [line.sku, line]));
  facts.items.forEach((line, index) => {
    const old = before.get(line.sku);
    if (!old) return;
    const committed = committedQuantity(old);
    if (committed === 0) return;
    if (line.quantity < committed) {
      errors.push({
        path: `items.${index}.quantity`,
        message: `${committed} units of ${line.sku} are held by tickets or refunded; the quantity cannot go below that.`,
      });
    } else if (old.discount > 0 && line.quantity < old.quantity) {
      // The discount is off the whole line: fewer units would change what each unit was paid,
      // and the refunds already paid or held at the old price could pass what the line is paid.
      errors.push({
        path: `items.${index}.quantity`,
        message: `Units of ${line.sku} are held by tickets or refunded and its discount is off the whole line; the quantity cannot drop below ${old.quantity}.`,
      });
    }
    if (line.unitPrice !== old.unitPrice) {
      errors.push({
        path: `items.${index}.unitPrice`,
        message: `Tickets hold or refunds cover units of ${line.sku}; its unit price stays ${old.unitPrice}.`,
      });
    }
    if (line.discount !== old.discount) {
      errors.push({
        path: `items.${index}.discount`,
        message: `Tickets hold or refunds cover units of ${line.sku}; its discount stays ${old.discount}.`,
      });
    }
  });
  const kept = new Set(facts.items.map((line) => line.sku));
  for (const old of existing.items) {
    if (!kept.has(old.sku) && committedQuantity(old) > 0) {
      errors.push({
        path: 'items',
        message: `Tickets hold or refunds cover units of ${old.sku}; the line cannot be removed.`,
      });
    }
  }
  if (facts.shippingFee < existing.shippingCommitted) {
    errors.push({
      path: 'shippingFee',
      message: `${existing.shippingCommitted} of the shipping fee is held by tickets or refunded; the fee cannot go below that.`,
    });
  }
  if (facts.currency !== existing.currency && hasCommitments(existing)) {
    errors.push({
      path: 'currency',
      message: `Tickets hold or refunds cover parts of the order; its currency stays ${existing.currency}.`,
    });
  }
  if (facts.customerId !== existing.customerId && hasTickets(existing)) {
    errors.push({
      path: 'customerId',
      message: 'The order has tickets; its customer cannot change.',
    });
  }
  return errors;
}
