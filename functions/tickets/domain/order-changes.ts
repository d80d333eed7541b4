/**
 * What a ticket change does to the order's counters. The repository applies these in the same
 * transaction as the ticket, each guarded by a condition, so that under any concurrency a line
 * never has more units claimed than purchased, never more money refunded than paid, the order's
 * return postage never passes its cap and its approved money never passes the approver's ceiling.
 */
export type LineChange =
  /**
   * Claim units for an open refund, return, exchange or repair, on the line as it was judged:
   * its quantity, price and discount unchanged since (a re-priced line is judged again).
   */
  | {
      readonly kind: 'reserve';
      readonly sku: string;
      readonly quantity: number;
      readonly purchased: number;
      readonly unitPrice: number;
      readonly discount: number;
    }
  /** Give claimed units back (rejected, cancelled, exchanged, repaired). */
  | { readonly kind: 'release'; readonly sku: string; readonly quantity: number }
  /** Claimed units were refunded: move them to refunded and add the money. */
  | {
      readonly kind: 'settle';
      readonly sku: string;
      readonly quantity: number;
      readonly amount: number;
      /** What the whole line cost the customer: refunded money never passes it. */
      readonly paid: number;
    };

export type ShippingChange =
  | { readonly kind: 'reserve'; readonly amount: number; readonly shippingFee: number }
  | { readonly kind: 'release'; readonly amount: number }
  | { readonly kind: 'settle'; readonly amount: number; readonly shippingFee: number };

/** The order's money approved or paid: what every approval ceiling counts. */
export type ApprovalChange =
  /** `ceiling`: the most the order's approved total may reach with this approval. */
  | { readonly kind: 'approve'; readonly amount: number; readonly ceiling: number }
  | { readonly kind: 'release'; readonly amount: number };

/** Return postage promised to the order's returns, capped per order. */
export type PostageChange =
  | { readonly kind: 'reserve'; readonly amount: number; readonly cap: number }
  | { readonly kind: 'release'; readonly amount: number };

export interface OrderChanges {
  readonly orderId: string;
  readonly lines: readonly LineChange[];
  readonly shipping?: ShippingChange | undefined;
  readonly approval?: ApprovalChange | undefined;
  readonly postage?: PostageChange | undefined;
  /** A ticket is opened on the order: counted, and only while the order still has this customer. */
  readonly opened?: { readonly customerId: string } | undefined;
}
