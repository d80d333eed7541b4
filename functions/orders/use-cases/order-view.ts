import type { OrderView } from '../contracts/order.js';
import { claimedQuantity, type Order, orderTotal, refundableQuantity } from '../domain/order.js';

export function toOrderView(order: Order): OrderView {
  return {
    id: order.id,
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    customerName: order.customerName,
    customerTier: order.customerTier,
    locale: order.locale,
    timeZone: order.timeZone,
    currency: order.currency,
    placedAt: order.placedAt,
    shippedAt: order.shippedAt,
    deliveredAt: order.deliveredAt,
    shippingFee: order.shippingFee,
    total: orderTotal(order),
    items: order.items.map((line) => ({
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount,
      category: line.category,
      noReasonReturn: line.noReasonReturn,
      finalSale: line.finalSale,
      refundedQuantity: line.refundedQuantity,
      refundedAmount: line.refundedAmount,
      claimedQuantity: claimedQuantity(line),
      refundableQuantity: refundableQuantity(line),
    })),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
