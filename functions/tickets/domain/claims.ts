import { keepItemVerdict } from '../../after-sales/domain/eligibility.js';
import { refundAmounts } from '../../after-sales/domain/policy.js';
import type { Reason, TicketType } from '../../kernel/ticket-kinds.js';
import type { Order, OrderLine } from '../../orders/domain/order.js';
import { linePaid, paidFor, refundableQuantity } from '../../orders/domain/order.js';
import { BusinessRuleError, type FieldError } from '../../shared/errors.js';
import type { OrderChanges } from './order-changes.js';
import type { Holds, RefundSummary, Ticket, TicketItem } from './ticket.js';

/** Types that pay money back: their claim carries a refund. */
const paysBack: readonly TicketType[] = ['refund', 'return'];

/**
 * What a goods ticket claims on its order as it stands: the units (and, for refunds and returns,
 * the money: what was paid for them, the shipping when the shop is at fault), the holds the
 * ticket keeps and the counter changes that reserve them.
 */
export function claimOn(
  order: Order,
  ticket: { type: TicketType; reason: Reason; items: readonly TicketItem[] },
  keepItemMaxAmount: Readonly<Record<string, number>>,
): { refund: RefundSummary | null; holds: Holds; orderChanges: OrderChanges } {
  const amounts = paysBack.includes(ticket.type)
    ? refundAmounts({
        items: ticket.items.map((item) => ({ amount: amountOf(order, item) })),
        reason: ticket.reason,
        shippingFee: order.shippingFee,
        shippingRefunded: order.shippingCommitted,
      })
    : undefined;
  if (amounts) {
    const verdict = keepItemVerdict({
      type: ticket.type,
      reason: ticket.reason,
      currency: order.currency,
      total: order.approvedAmount + amounts.amount,
      keepItemMaxAmount,
    });
    if (!verdict.ok) {
      throw new BusinessRuleError(verdict.code, verdict.message, [
        { path: 'type', message: verdict.message },
      ]);
    }
  }
  const refund: RefundSummary | null = amounts
    ? {
        ...amounts,
        currency: order.currency,
        postageAmount: 0,
        status: 'pending',
        attempt: 0,
        outcomeUnknown: false,
        gatewayRefundId: null,
        failureReason: null,
        approvedBy: null,
      }
    : null;
  const holds: Holds = {
    orderId: order.id,
    lines: ticket.items.map((item) => {
      const line = lineOf(order, item.sku);
      return {
        sku: item.sku,
        quantity: item.quantity,
        purchased: line.quantity,
        amount: paidFor(line, item.quantity),
        paid: linePaid(line),
      };
    }),
    shipping: amounts?.shippingAmount ?? 0,
    shippingFee: order.shippingFee,
    approved: 0,
    postage: 0,
  };
  const orderChanges: OrderChanges = {
    orderId: order.id,
    lines: holds.lines.map((held) => {
      const line = lineOf(order, held.sku);
      return {
        kind: 'reserve' as const,
        sku: held.sku,
        quantity: held.quantity,
        purchased: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discount,
      };
    }),
    shipping:
      holds.shipping > 0
        ? { kind: 'reserve', amount: holds.shipping, shippingFee: order.shippingFee }
        : undefined,
  };
  return { refund, holds, orderChanges };
}

/**
 * An appealed ticket claims its units again, on the order as it stands now: 422
 * EXCEEDS_REFUNDABLE when other tickets took them meanwhile; the refund is judged afresh.
 */
export function reclaim(
  ticket: Ticket,
  order: Order,
  keepItemMaxAmount: Readonly<Record<string, number>> = {},
): ReturnType<typeof claimOn> {
  resolveItems(
    order,
    ticket.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
  );
  return claimOn(order, ticket, keepItemMaxAmount);
}

function lineOf(order: Order, sku: string): OrderLine {
  const line = order.items.find((candidate) => candidate.sku === sku);
  if (!line) throw new Error(`Order ${order.id} has no line ${sku}`);
  return line;
}

function amountOf(order: Order, item: TicketItem): number {
  return paidFor(lineOf(order, item.sku), item.quantity);
}

export function resolveItems(
  order: Order,
  requested: readonly { sku: string; quantity: number }[],
): TicketItem[] {
  const errors: FieldError[] = [];
  let code = 'EXCEEDS_REFUNDABLE';
  const items = requested.flatMap((item, index): TicketItem[] => {
    const line: OrderLine | undefined = order.items.find((candidate) => candidate.sku === item.sku);
    if (!line) {
      code = 'ITEM_NOT_IN_ORDER';
      errors.push({ path: `items.${index}.sku`, message: `Order ${order.id} has no item ${item.sku}.` });
      return [];
    }
    const limit = refundableQuantity(line);
    if (item.quantity > limit) {
      errors.push({
        path: `items.${index}.quantity`,
        message: `At most ${limit} of ${item.sku} can be claimed: other open tickets hold or refunds cover the rest.`,
      });
      return [];
    }
    return [{ sku: line.sku, name: line.name, quantity: item.quantity, unitPrice: line.unitPrice }];
  });
  if (errors.length > 0) {
    throw new BusinessRuleError(
      code,
      code === 'ITEM_NOT_IN_ORDER'
        ? 'The order does not hold every item named.'
        : 'More units were claimed than are left to claim.',
      errors,
    );
  }
  return items;
}
