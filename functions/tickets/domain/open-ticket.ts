import { claimVerdict, reasonFits } from '../../after-sales/domain/eligibility.js';
import type { AfterSalesPolicy } from '../../after-sales/domain/policy.js';
import type { Classification } from '../../classification/domain/classifier.js';
import {
  type Channel,
  orderBoundTypes,
  type Priority,
  type Reason,
  type TicketType,
} from '../../kernel/ticket-kinds.js';
import type { Order } from '../../orders/domain/order.js';
import { BusinessRuleError, type FieldError } from '../../shared/errors.js';
import { startSla } from '../../sla/domain/clocks.js';
import type { SlaPolicy } from '../../sla/domain/policy.js';
import type { TicketEventData } from '../contracts/events.js';
import { lifecycleOf } from '../workflows/lifecycles.js';
import { claimOn, resolveItems } from './claims.js';
import type { NewEvent, Transition } from './lifecycle.js';
import type { OrderChanges } from './order-changes.js';
import { platformTimerFor } from './platform-timeouts.js';
import type { Routing } from './routing.js';
import type { PickupRequest, Ticket } from './ticket.js';

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
  /** The team and priority the routing rules gave it (recorded as `TicketRouted`). */
  readonly routing: Routing;
  readonly returnMethod: 'pickup' | 'dropoff' | undefined;
  readonly pickup: PickupRequest | undefined;
  /** Who opens it: the customer, or staff on the customer's behalf. */
  readonly openedBy: string;
  /** The after-sales rules in force: windows and what a customer may keep. */
  readonly afterSales: Pick<AfterSalesPolicy, 'returnWindows' | 'keepItemMaxAmount' | 'timeouts'>;
  /** What the classifier read in the subject and description; none when not classified. */
  readonly classification?: Classification | null;
  /** Chooses the SLA policy from the ticket's facts. */
  readonly policyFor: (facts: { type: TicketType; priority: Priority; customerTier: string }) => SlaPolicy;
}

/** Types that pay money back: their claim carries a refund. */
const _paysBack: readonly TicketType[] = ['refund', 'return'];

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
  const claimed = orderBoundTypes.includes(input.type) && order ? order : undefined;
  if (claimed) assertEligible(input, claimed, now);
  const items = claimed ? resolveItems(claimed, input.items ?? []) : [];
  const at = now.toISOString();
  const claim = claimed
    ? claimOn(claimed, { type: input.type, reason: input.reason, items }, input.afterSales.keepItemMaxAmount)
    : undefined;
  const { refund = null, holds = null } = claim ?? {};
  const orderChanges: OrderChanges | undefined = order
    ? {
        ...(claim?.orderChanges ?? { orderId: order.id, lines: [] }),
        opened: { customerId: order.customerId },
      }
    : undefined;
  const classification = input.classification ?? null;
  const { priority } = input.routing;
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
    appealedAt: null,
    watch: null,
    rejectionReason: null,
    team: input.routing.team,
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
    ...(classification ? { classification } : {}),
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
  const routed: NewEvent = {
    type: 'TicketRouted',
    visibility: 'internal',
    data: {
      team: input.routing.team,
      priority: input.routing.priority,
      rule: input.routing.rule?.id ?? null,
      reason: input.routing.reason,
    },
  };
  // The shop's time to answer starts now (shopResponse), on the same due-timer index as the SLA.
  return {
    ticket: { ...ticket, platformTimer: platformTimerFor(ticket, input.afterSales.timeouts, now) },
    events: classification ? [event, routed, classifiedEvent(classification)] : [event, routed],
    orderChanges,
  };
}

/** The classifier's label that sends a ticket to the complaints team, urgent. */
export const LEGAL_THREAT = 'legal_threat';

/** The classification on the timeline: internal, for staff and the desk's own consumers only. */
function classifiedEvent(classification: Classification): NewEvent {
  return { type: 'TicketClassified', visibility: 'internal', data: classificationData(classification) };
}

/** A classification as event data and as the staff view show it (a plain copy). */
export function classificationData(classification: Classification): TicketEventData['TicketClassified'] {
  const { reasonMismatch } = classification;
  return {
    labels: classification.labels.map((entry) => ({ ...entry, terms: [...entry.terms] })),
    suggestedType: classification.suggestedType,
    suggestedReason: classification.suggestedReason,
    ...(reasonMismatch ? { reasonMismatch: { ...reasonMismatch, terms: [...reasonMismatch.terms] } } : {}),
    configVersion: classification.configVersion,
  };
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
