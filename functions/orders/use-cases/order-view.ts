import type { OrderView } from '../contracts/order.js';
import { type Order, orderTotal, refundableQuantity } from '../domain/order.js';

export function toOrderView(order: Order): OrderView {
  return {
    id: order.id,
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    customerTier: order.customerTier,
    locale: order.locale,
    currency: order.currency,
    placedAt: order.placedAt,
    deliveredAt: order.deliveredAt,
    shippingFee: order.shippingFee,
    total: orderTotal(order),
    items: order.items.map((line) => ({
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      category: line.category,
      noReasonReturn: line.noReasonReturn,
      refundedQuantity: line.refundedQuantity,
      refundedAmount: line.refundedAmount,
      refundableQuantity: refundableQuantity(line),
    })),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
