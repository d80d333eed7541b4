import { isStaff, type Principal } from '../../shared/principal.js';
import { observedState, slaMetrics } from '../../sla/domain/clocks.js';
import type {
  CustomerTicketView,
  CustomerTimelineEventView,
  TicketView,
  TimelineEventView,
} from '../contracts/ticket-views.js';
import { allowedActions } from '../domain/lifecycle.js';
import { classificationData } from '../domain/open-ticket.js';
import { tagsOf } from '../domain/tags.js';
import type { Ticket, TicketEvent } from '../domain/ticket.js';
import { lifecycleOf } from '../workflows/lifecycles.js';

/** What a caller sees of a ticket: staff the whole `Ticket`, a customer their `CustomerTicket`. */
export function toTicketView(
  ticket: Ticket,
  principal: Principal,
  now: Date,
  events?: readonly TicketEvent[],
): TicketView | CustomerTicketView {
  return isStaff(principal)
    ? toStaffTicketView(ticket, principal, now, events)
    : toCustomerTicketView(ticket, principal, now, events);
}

/** The desk's view of a ticket, internal events included. */
export function toStaffTicketView(
  ticket: Ticket,
  principal: Principal,
  now: Date,
  events?: readonly TicketEvent[],
): TicketView {
  const sla: TicketView['sla'] = { policyId: ticket.sla.policyId };
  for (const metric of slaMetrics) {
    const clock = ticket.sla.clocks[metric];
    if (clock) sla[metric] = { dueAt: clock.dueAt, warnAt: clock.warnAt, state: observedState(clock, now) };
  }
  return {
    id: ticket.id,
    type: ticket.type,
    status: ticket.status,
    priority: ticket.priority,
    customerId: ticket.customerId,
    customerTier: ticket.customerTier,
    team: ticket.team,
    orderId: ticket.orderId,
    channel: ticket.channel,
    reason: ticket.reason,
    subject: ticket.subject,
    description: ticket.description,
    items: ticket.items.map((item) => ({ ...item })),
    returnMethod: ticket.returnMethod,
    pickup: ticket.pickup,
    assigneeId: ticket.assigneeId,
    escalationLevel: ticket.escalationLevel,
    refund: ticket.refund && {
      ...ticket.refund,
      outcomeUnknown: ticket.refund.outcomeUnknown ?? false,
      judgedAt: ticket.refund.judgedAt ?? null,
    },
    approvalNeeds: ticket.approvalNeeds ?? null,
    returnShipment: ticket.returnShipment,
    pickupBooking: ticket.pickupBooking,
    inspection: ticket.inspection,
    outboundShipment: ticket.outboundShipment,
    rejectionReason: ticket.rejectionReason,
    sla,
    allowedActions: allowedActions(lifecycleOf(ticket.type), ticket, principal.roles),
    version: ticket.version,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    resolvedAt: ticket.resolvedAt,
    closedAt: ticket.closedAt,
    satisfaction: satisfactionView(ticket),
    autoCloseAt: ticket.autoCloseAt,
    ...(ticket.mergedInto ? { mergedInto: ticket.mergedInto } : {}),
    classification: ticket.classification ? classificationData(ticket.classification) : null,
    tags: [...tagsOf(ticket)],
    ...(events ? { timeline: events.map(toTimelineEventView) } : {}),
  };
}

/**
 * A customer's view of their ticket: only what tells them where it stands and what happens next
 * (issue 12). Built field by field, so a field added to `Ticket` reaches customers only when it
 * is added here (and to the allow-list of its unit test).
 */
export function toCustomerTicketView(
  ticket: Ticket,
  principal: Principal,
  now: Date,
  events?: readonly TicketEvent[],
): CustomerTicketView {
  const sla: CustomerTicketView['sla'] = {};
  for (const metric of slaMetrics) {
    const clock = ticket.sla.clocks[metric];
    if (clock) sla[metric] = { dueAt: clock.dueAt, state: observedState(clock, now) };
  }
  const refund = ticket.refund;
  return {
    id: ticket.id,
    type: ticket.type,
    status: ticket.status,
    orderId: ticket.orderId,
    channel: ticket.channel,
    reason: ticket.reason,
    subject: ticket.subject,
    description: ticket.description,
    items: ticket.items.map((item) => ({ ...item })),
    returnMethod: ticket.returnMethod,
    pickup: ticket.pickup,
    refund: refund && {
      amount: refund.amount,
      itemsAmount: refund.itemsAmount,
      shippingAmount: refund.shippingAmount,
      postageAmount: refund.postageAmount,
      currency: refund.currency,
      status: refund.status,
      failureReason: refund.failureReason,
    },
    returnShipment: ticket.returnShipment,
    pickupBooking: ticket.pickupBooking,
    inspection: ticket.inspection,
    outboundShipment: ticket.outboundShipment,
    rejectionReason: ticket.rejectionReason,
    sla,
    autoCloseAt: ticket.autoCloseAt,
    allowedActions: allowedActions(lifecycleOf(ticket.type), ticket, principal.roles),
    version: ticket.version,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    resolvedAt: ticket.resolvedAt,
    closedAt: ticket.closedAt,
    satisfaction: satisfactionView(ticket),
    ...(ticket.mergedInto ? { mergedInto: ticket.mergedInto } : {}),
    ...(events
      ? {
          timeline: events.filter((event) => event.visibility === 'public').map(toCustomerTimelineEventView),
        }
      : {}),
  };
}

/** A timeline entry as the API shows it (the ticket's id and type are the ticket's, not repeated). */
export function toTimelineEventView(event: TicketEvent): TimelineEventView {
  return {
    id: event.id,
    type: event.type,
    at: event.at,
    actor: { ...event.actor },
    visibility: event.visibility,
    data: { ...event.data },
  };
}

/**
 * Keys of public events' data that name the desk's internals: its team, the approval rule or
 * timeout that acted, the macro a reply came from, stock units a merge released, and copy
 * bookkeeping. A customer's timeline leaves them out.
 */
export const internalEventDataKeys: ReadonlySet<string> = new Set([
  'team',
  'rule',
  'timeout',
  'macroId',
  'macroVersion',
  'releasedUnits',
  'internal',
  'originalEventId',
  'assigneeId',
  'approvedBy',
]);

/** Who acted, as a customer sees it: a role only; every staff role is `support`, never an id. */
export function customerActorRole(actor: TicketEvent['actor']): CustomerTimelineEventView['actor']['role'] {
  if (actor.role === 'customer') return 'customer';
  if (actor.role === 'system' || actor.role === 'integration') return 'system';
  return 'support';
}

/** A public timeline entry as its customer sees it (an internal one is never passed here). */
export function toCustomerTimelineEventView(event: TicketEvent): CustomerTimelineEventView {
  return {
    id: event.id,
    type: event.type,
    at: event.at,
    actor: { role: customerActorRole(event.actor) },
    data: Object.fromEntries(Object.entries(event.data).filter(([key]) => !internalEventDataKeys.has(key))),
  };
}

/** A message as its author gets it back: staff the `TimelineEvent`, a customer the customer's. */
export function toMessageView(
  event: TicketEvent,
  principal: Principal,
): TimelineEventView | CustomerTimelineEventView {
  return isStaff(principal) ? toTimelineEventView(event) : toCustomerTimelineEventView(event);
}

/** The rating as both views show it (who held the ticket and how it arrived stay internal). */
function satisfactionView(ticket: Ticket) {
  const rating = ticket.satisfaction;
  return rating
    ? { score: rating.score, nps: rating.nps, comment: rating.comment, ratedAt: rating.ratedAt }
    : null;
}
