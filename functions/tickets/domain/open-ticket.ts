import type { Order, OrderLine } from '../../orders/domain/order.js';
import { linePaid, paidFor, refundableQuantity } from '../../orders/domain/order.js';
import { claimVerdict, keepItemVerdict, reasonFits } from '../../refunds/domain/eligibility.js';
import { type AfterSalesPolicy, refundAmounts } from '../../refunds/domain/policy.js';
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
  /** Who opens it: the customer, or staff on the customer's behalf. */
  readonly openedBy: string;
  /** The after-sales rules in force: windows and what a customer may keep. */
  readonly afterSales: Pick<AfterSalesPolicy, 'returnWindows' | 'keepItemMaxAmount'>;
  /** Chooses the SLA policy from the ticket's facts. */
  readonly policyFor: (facts: { type: TicketType; priority: Priority; customerTier: string }) => SlaPolicy;
}

/** Types that pay money back: their claim carries a refund. */
const paysBack: readonly TicketType[] = ['refund', 'return'];

/**
 * Opens a ticket from a request and the trusted order facts. Item names and prices come from
 * the order, never from the request. Refuses (422) what the eligibility table refuses, items the
 * order does not hold and quantities beyond the units no other open claim holds: every refund,
 * return, exchange and repair claims the units it names.
 */
export function openTicket(input: OpenTicketInput, now: Date): Transition {
  const { order } = input;
  if (!reasonFits(input.type, input.reason)) {
    throw new BusinessRuleError('REASON_NOT_ALLOWED', `A ${input.type} ticket cannot give this reason.`, [
      { path: 'reason', message: `A ${input.type} ticket cannot give "${input.reason}" as its reason.` },
    ]);
  }
  const claim = orderBoundTypes.includes(input.type) && order ? order : undefined;
  if (claim) assertEligible(input, claim, now);
  const items = claim ? resolveItems(claim, input.items ?? []) : [];
  const at = now.toISOString();
  const refunds = paysBack.includes(input.type) && claim ? claim : undefined;
  const amounts = refunds
    ? refundAmounts({
        items: items.map((item) => ({ amount: amountOf(refunds, item) })),
        reason: input.reason,
        shippingFee: refunds.shippingFee,
        shippingRefunded: refunds.shippingCommitted,
      })
    : undefined;
  if (refunds && amounts) {
    const verdict = keepItemVerdict({
      type: input.type,
      reason: input.reason,
      currency: refunds.currency,
      total: refunds.approvedAmount + amounts.amount,
      keepItemMaxAmount: input.afterSales.keepItemMaxAmount,
    });
    if (!verdict.ok) {
      throw new BusinessRuleError(verdict.code, verdict.message, [
        { path: 'type', message: verdict.message },
      ]);
    }
  }
  const refund: RefundSummary | null =
    refunds && amounts
      ? {
          ...amounts,
          currency: refunds.currency,
          postageAmount: 0,
          status: 'pending',
          attempt: 0,
          outcomeUnknown: false,
          gatewayRefundId: null,
          failureReason: null,
          approvedBy: null,
        }
      : null;
  const holds: Holds | null = claim
    ? {
        orderId: claim.id,
        lines: items.map((item) => {
          const line = lineOf(claim, item.sku);
          return {
            sku: item.sku,
            quantity: item.quantity,
            purchased: line.quantity,
            amount: paidFor(line, item.quantity),
            paid: linePaid(line),
          };
        }),
        shipping: amounts?.shippingAmount ?? 0,
        shippingFee: claim.shippingFee,
        approved: 0,
        postage: 0,
      }
    : null;
  const orderChanges: OrderChanges | undefined = order
    ? {
        orderId: order.id,
        lines: (holds?.lines ?? []).map((held) => {
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
        shipping: holds && holds.shipping > 0 ? { kind: 'reserve', amount: holds.shipping } : undefined,
        opened: { customerId: order.customerId },
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
    openedBy: input.openedBy,
    approvalNeeds: null,
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

function lineOf(order: Order, sku: string): OrderLine {
  const line = order.items.find((candidate) => candidate.sku === sku);
  if (!line) throw new Error(`Order ${order.id} has no line ${sku}`);
  return line;
}

function amountOf(order: Order, item: TicketItem): number {
  return paidFor(lineOf(order, item.sku), item.quantity);
}

/** The eligibility table, line by line; every refusal names the field it concerns. */
function assertEligible(input: OpenTicketInput, order: Order, now: Date): void {
  const errors: FieldError[] = [];
  let code = '';
  let message = '';
  (input.items ?? []).forEach((item, index) => {
    const line = order.items.find((candidate) => candidate.sku === item.sku);
    if (!line) return;
    const verdict = claimVerdict({
      type: input.type,
      reason: input.reason,
      shippedAt: order.shippedAt,
      deliveredAt: order.deliveredAt,
      line: { noReasonReturn: line.noReasonReturn, finalSale: line.finalSale },
      windows: input.afterSales.returnWindows,
      now,
    });
    if (verdict.ok) return;
    code ||= verdict.code;
    message ||= verdict.message;
    const path = { item: `items.${index}.sku`, order: 'orderId', reason: 'reason' }[verdict.concerns];
    if (!errors.some((error) => error.path === path)) errors.push({ path, message: verdict.message });
  });
  if (errors.length > 0) throw new BusinessRuleError(code, message, errors);
}

function resolveItems(order: Order, requested: readonly { sku: string; quantity: number }[]): TicketItem[] {
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
