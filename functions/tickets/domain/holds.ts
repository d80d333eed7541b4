import type { OrderChanges } from './order-changes.js';
import type { Holds } from './ticket.js';

/** Gives back what a ticket holds on its order (it will not be refunded, or it is complete). */
export function releaseOf(holds: Holds | null): OrderChanges | undefined {
  if (!holds) return undefined;
  const approved = holds.approved ?? 0;
  const postage = holds.postage ?? 0;
  return {
    orderId: holds.orderId,
    lines: holds.lines.map((line) => ({ kind: 'release' as const, sku: line.sku, quantity: line.quantity })),
    shipping: holds.shipping > 0 ? { kind: 'release', amount: holds.shipping } : undefined,
    approval: approved > 0 ? { kind: 'release', amount: approved } : undefined,
    postage: postage > 0 ? { kind: 'release', amount: postage } : undefined,
  };
}

/** Turns what a ticket holds into refunded units and money; approvals and postage stay counted. */
export function settlementOf(holds: Holds): OrderChanges {
  return {
    orderId: holds.orderId,
    lines: holds.lines.map((line) => ({
      kind: 'settle' as const,
      sku: line.sku,
      quantity: line.quantity,
      amount: line.amount,
      paid: line.paid,
    })),
    shipping:
      holds.shipping > 0
        ? { kind: 'settle', amount: holds.shipping, shippingFee: holds.shippingFee }
        : undefined,
  };
}
