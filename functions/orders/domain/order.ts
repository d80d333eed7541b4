/** Order facts pushed by the shop platform. Money is integer minor units in the order's currency. */
export interface OrderLine {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly category: string;
  readonly noReasonReturn: boolean;
  /** Units held by open refund/return tickets. */
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
  /** The shop's customer tier, e.g. `standard` or `vip`; SLA policies may match on it. */
  readonly customerTier: string;
  readonly locale: string;
  readonly currency: string;
  readonly placedAt: string;
  readonly deliveredAt: string | null;
  readonly shippingFee: number;
  /** Shipping promised to open refunds plus shipping already refunded. */
  readonly shippingCommitted: number;
  readonly shippingRefunded: number;
  readonly items: readonly OrderLine[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the shop platform sends; the counters are ours and survive every update. */
export type OrderFacts = Omit<
  Order,
  'id' | 'items' | 'createdAt' | 'updatedAt' | 'shippingCommitted' | 'shippingRefunded'
> & {
  readonly items: readonly Omit<OrderLine, 'reservedQuantity' | 'refundedQuantity' | 'refundedAmount'>[];
};

export function orderTotal(order: Pick<Order, 'items' | 'shippingFee'>): number {
  return order.items.reduce((sum, line) => sum + line.quantity * line.unitPrice, order.shippingFee);
}

/** Units that a new refund or return may still claim. Never negative. */
export function refundableQuantity(line: OrderLine): number {
  return Math.max(0, line.quantity - line.reservedQuantity - line.refundedQuantity);
}

/** Units already promised to tickets or refunded: an update may not shrink a line below this. */
export function committedQuantity(line: Pick<OrderLine, 'reservedQuantity' | 'refundedQuantity'>): number {
  return line.reservedQuantity + line.refundedQuantity;
}
