import { isStaff, type Principal } from '../../shared/principal.js';
import { observedState, slaMetrics } from '../../sla/domain/clocks.js';
import type { TicketView, TimelineEventView } from '../contracts/ticket.js';
import { allowedActions } from '../domain/lifecycle.js';
import { classificationData } from '../domain/open-ticket.js';
import { tagsOf } from '../domain/tags.js';
import type { Ticket, TicketEvent } from '../domain/ticket.js';
import { lifecycleOf } from '../workflows/lifecycles.js';

/** What a caller sees of a ticket: customers never see internal events. */
export function toTicketView(
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
  const staff = isStaff(principal);
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
    satisfaction: ticket.satisfaction
      ? {
          score: ticket.satisfaction.score,
          nps: ticket.satisfaction.nps,
          comment: ticket.satisfaction.comment,
          ratedAt: ticket.satisfaction.ratedAt,
        }
      : null,
    autoCloseAt: ticket.autoCloseAt,
    ...(ticket.mergedInto ? { mergedInto: ticket.mergedInto } : {}),
    ...(staff
      ? {
          classification: ticket.classification ? classificationData(ticket.classification) : null,
          tags: [...tagsOf(ticket)],
        }
      : {}),
    ...(events
      ? {
          timeline: events.filter((event) => staff || event.visibility === 'public').map(toTimelineEventView),
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
