/**
 * What a ticket change does to the order's counters. The repository applies these in the same
 * transaction as the ticket, each guarded by a condition, so that under any concurrency a line
 * never has more units promised than purchased and never more money refunded than paid.
 */
export type LineChange =
  /** Hold units for an open refund or return. */
  | { readonly kind: 'reserve'; readonly sku: string; readonly quantity: number; readonly purchased: number }
  /** Give held units back (rejected, cancelled). */
  | { readonly kind: 'release'; readonly sku: string; readonly quantity: number }
  /** Held units were refunded: move them to refunded and add the money. */
  | {
      readonly kind: 'settle';
      readonly sku: string;
      readonly quantity: number;
      readonly amount: number;
      readonly paid: number;
    };

export type ShippingChange =
  | { readonly kind: 'reserve'; readonly amount: number }
  | { readonly kind: 'release'; readonly amount: number }
  | { readonly kind: 'settle'; readonly amount: number; readonly shippingFee: number };

export interface OrderChanges {
  readonly orderId: string;
  readonly lines: readonly LineChange[];
  readonly shipping?: ShippingChange | undefined;
}
