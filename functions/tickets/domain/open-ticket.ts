import type { Order, OrderLine } from '../../orders/domain/order.js';
import { refundableQuantity } from '../../orders/domain/order.js';
import { type ReturnWindows, refundAmounts, returnWindowVerdict } from '../../refunds/domain/policy.js';
import { BusinessRuleError, type FieldError } from '../../shared/errors.js';
import { startSla } from '../../sla/domain/clocks.js';
import type { SlaPolicy } from '../../sla/domain/policy.js';
import type { NewEvent, Transition } from './lifecycle.js';
import { lifecycleOf } from './lifecycles/index.js';
import type { OrderChanges } from './order-changes.js';
import {
  type Channel,
  type Holds,
  orderBoundTypes,
  type PickupRequest,
  type Priority,
  type Reason,
  type RefundSummary,
  type Ticket,
  type TicketItem,
  type TicketType,
} from './ticket.js';

export interface OpenTicketInput {
  readonly id: string;
  readonly type: TicketType;
  readonly customerId: string;
  readonly customerEmail: string | null;
  readonly locale: string | null;
  readonly order: Order | null;
  readonly items: readonly { sku: string; quantity: number }[] | undefined;
  readonly reason: Reason;
  readonly subject: string | undefined;
  readonly description: string;
  readonly channel: Channel;
  readonly priority: Priority | undefined;
  readonly returnMethod: 'pickup' | 'dropoff' | undefined;
  readonly pickup: PickupRequest | undefined;
  /** Return windows in force (returns, exchanges, repairs). */
  readonly windows: ReturnWindows;
  /** Chooses the SLA policy from the ticket's facts. */
  readonly policyFor: (facts: { type: TicketType; priority: Priority; customerTier: string }) => SlaPolicy;
}

/** Types whose units leave the refundable pool when granted. */
const consumesRefundable: readonly TicketType[] = ['refund', 'return'];

/**
 * Opens a ticket from a request and the trusted order facts. Item names and prices come from
 * the order, never from the request. Refuses (422) items the order does not hold or quantities
 * beyond what is left.
 */
export function openTicket(input: OpenTicketInput, now: Date): Transition {
  const { order } = input;
  const items =
    orderBoundTypes.includes(input.type) && order ? resolveItems(input.type, order, input.items ?? []) : [];
  if (order && returnsGoods.includes(input.type)) assertReturnable(input, order, now);
  const at = now.toISOString();
  const refunds = consumesRefundable.includes(input.type) && order ? order : undefined;
  const amounts = refunds
    ? refundAmounts({
        items,
        reason: input.reason,
        shippingFee: refunds.shippingFee,
        shippingRefunded: refunds.shippingCommitted,
      })
    : undefined;
  const refund: RefundSummary | null =
    refunds && amounts
      ? {
          ...amounts,
          currency: refunds.currency,
          postageAmount: 0,
          status: 'pending',
          attempt: 0,
          gatewayRefundId: null,
          failureReason: null,
          approvedBy: null,
        }
      : null;
  const holds: Holds | null =
    refunds && amounts
      ? {
          orderId: refunds.id,
          lines: items.map((item) => ({
            sku: item.sku,
            quantity: item.quantity,
            purchased: refunds.items.find((line) => line.sku === item.sku)?.quantity ?? 0,
            unitPrice: item.unitPrice,
          })),
          shipping: amounts.shippingAmount,
          shippingFee: refunds.shippingFee,
        }
      : null;
  const orderChanges: OrderChanges | undefined =
    refunds && holds
      ? {
          orderId: refunds.id,
          lines: items.map((item) => ({
            kind: 'reserve' as const,
            sku: item.sku,
            quantity: item.quantity,
            purchased: refunds.items.find((line) => line.sku === item.sku)?.quantity ?? 0,
          })),
          shipping: holds.shipping > 0 ? { kind: 'reserve', amount: holds.shipping } : undefined,
        }
      : undefined;
  const priority = input.priority ?? 'normal';
  const customerTier = order?.customerTier ?? 'standard';
  const policy = input.policyFor({ type: input.type, priority, customerTier });
  const ticket: Ticket = {
    id: input.id,
    type: input.type,
    status: lifecycleOf(input.type).initialStatus,
    priority,
    customerId: input.customerId,
    customerTier,
    customerEmail: order?.customerEmail ?? input.customerEmail,
    locale: order?.locale ?? input.locale ?? 'en',
    orderId: order?.id ?? null,
    channel: input.channel,
    reason: input.reason,
    subject: input.subject ?? null,
    description: input.description,
    items,
    currency: order?.currency ?? null,
    returnMethod: input.returnMethod ?? null,
    pickup: input.pickup ?? null,
    refund,
    holds,
    returnShipment: null,
    pickupBooking: null,
    inspection: null,
    outboundShipment: null,
    rejectionReason: null,
    team: input.type === 'complaint' ? 'complaints' : 'support',
    assigneeId: null,
    escalationLevel: 0,
    resumeStatus: null,
    sla: startSla(policy, now),
    version: 1,
    createdAt: at,
    updatedAt: at,
    resolvedAt: null,
    closedAt: null,
    autoCloseAt: null,
  };
  const event: NewEvent = {
    type: 'TicketCreated',
    visibility: 'public',
    data: {
      type: ticket.type,
      status: ticket.status,
      reason: ticket.reason,
      channel: ticket.channel,
      orderId: ticket.orderId,
      items: ticket.items,
    },
  };
  return { ticket, events: [event], orderChanges };
}

/** Types whose goods travel back to the shop, within the return windows. */
const returnsGoods: readonly TicketType[] = ['return', 'exchange', 'repair'];

function assertReturnable(input: OpenTicketInput, order: Order, now: Date): void {
  const errors: FieldError[] = [];
  let code = '';
  let message = '';
  (input.items ?? []).forEach((item, index) => {
    const line = order.items.find((candidate) => candidate.sku === item.sku);
    if (!line) return;
    const verdict = returnWindowVerdict({
      type: input.type,
      reason: input.reason,
      deliveredAt: order.deliveredAt,
      noReasonReturn: line.noReasonReturn,
      now,
      windows: input.windows,
    });
    if (!verdict.ok) {
      code ||= verdict.code;
      message ||= verdict.message;
      errors.push({
        path: verdict.code === 'ITEM_NOT_RETURNABLE' ? `items.${index}.sku` : 'orderId',
        message: verdict.message,
      });
    }
  });
  if (errors.length > 0) throw new BusinessRuleError(code, message, errors);
}

function resolveItems(
  type: TicketType,
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
    const limit = consumesRefundable.includes(type) ? refundableQuantity(line) : line.quantity;
    if (item.quantity > limit) {
      errors.push({
        path: `items.${index}.quantity`,
        message: `At most ${limit} of ${item.sku} can be claimed.`,
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
