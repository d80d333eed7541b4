import type { OrderChanges } from './order-changes.js';
import type { Holds } from './ticket.js';

/** Gives back what a ticket holds on its order (it will not be refunded). */
export function releaseOf(holds: Holds | null): OrderChanges | undefined {
  if (!holds) return undefined;
  return {
    orderId: holds.orderId,
    lines: holds.lines.map((line) => ({ kind: 'release' as const, sku: line.sku, quantity: line.quantity })),
    shipping: holds.shipping > 0 ? { kind: 'release', amount: holds.shipping } : undefined,
  };
}

/** Turns what a ticket holds into refunded units and money. */
export function settlementOf(holds: Holds): OrderChanges {
  return {
    orderId: holds.orderId,
    lines: holds.lines.map((line) => ({
      kind: 'settle' as const,
      sku: line.sku,
      quantity: line.quantity,
      amount: line.quantity * line.unitPrice,
      paid: line.purchased * line.unitPrice,
    })),
    shipping:
      holds.shipping > 0
        ? { kind: 'settle', amount: holds.shipping, shippingFee: holds.shippingFee }
        : undefined,
  };
}
