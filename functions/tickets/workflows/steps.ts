import { keepItemVerdict } from '../../after-sales/domain/eligibility.js';
import { approvalCeiling } from '../../after-sales/domain/policy.js';
import type { TicketStatus } from '../../kernel/ticket-kinds.js';
import { BusinessRuleError, ConflictError, ForbiddenError } from '../../shared/errors.js';
import { type Role, staffRoles } from '../../shared/principal.js';
import type { ActionInput } from '../domain/actions.js';
import { reclaim } from '../domain/claims.js';
import { releaseOf } from '../domain/holds.js';
import { type ActionContext, type ActionDefinition, letGo, type Transition } from '../domain/lifecycle.js';
import type { Ticket } from '../domain/ticket.js';

/**
 * The steps the after-sales workflows share (refunds, returns, exchanges, repairs): approval with
 * its ceilings and four eyes, rejection and the one appeal, the customer's parcel back (ship,
 * receive, inspect), goods going out again, and the system's approval. Each workflow's own steps
 * live in its folder (`refund/domain/steps.ts`, `return/domain/steps.ts`, ...). Pure functions of
 * (ticket, input, now).
 */
export type Input<A extends ActionInput['action']> = Extract<ActionInput, { action: A }>;
export const at = (now: Date) => now.toISOString();
const customerOrStaff: readonly Role[] = ['customer', ...staffRoles];

export function step(ticket: Ticket, status: TicketStatus, now: Date, changes: Partial<Ticket> = {}): Ticket {
  return { ...ticket, ...changes, status, updatedAt: at(now) };
}

/** An appealed ticket is the supervisors' to decide. */
const supervisorsOnAppeal = (t: Ticket): readonly Role[] =>
  t.status === 'appealed' ? ['supervisor', 'admin'] : staffRoles;

export const approve = (from: readonly TicketStatus[]): ActionDefinition => ({
  roles: staffRoles,
  rolesFor: supervisorsOnAppeal,
  // A refund or return that gave its units back (resolved, then reopened) cannot be paid: open a new one.
  fits: (t) => from.includes(t.status) && (t.refund === null || t.holds !== null),
  apply: (context) => {
    const { ticket, input, actorId, now } = context;
    const { note } = input as Input<'approve'>;
    if (actorId === ticket.customerId || (ticket.openedBy != null && actorId === ticket.openedBy)) {
      throw new ForbiddenError(
        'Four eyes: nobody approves a ticket they opened or one of their own.',
        'SELF_APPROVAL',
      );
    }
    if (!ticket.refund || !ticket.holds) return approved(ticket, now, note ?? null);
    const { amount, total, currency } = approvalTotals(ticket, context);
    const keep = keepItemVerdict({
      type: ticket.type,
      reason: ticket.reason,
      currency,
      total,
      keepItemMaxAmount: context.money?.afterSales.keepItemMaxAmount ?? {},
    });
    if (!keep.ok) throw new BusinessRuleError(keep.code, keep.message);
    const ceiling = approvalCeiling(
      context.money?.afterSales.approvalCeilings ?? [],
      context.roles,
      currency,
    );
    if (total > ceiling) {
      throw new ApprovalLimitError(
        `Approving ${total} ${currency} on this order is above your ceiling of ${ceiling}; the ticket is offered to the next level.`,
        offerToNextLevel(ticket, context, total, currency),
      );
    }
    return approved(ticket, now, note ?? null, undefined, { amount, ceiling });
  },
});

/** Above the approver's ceiling: 403, and the ticket is offered to the next level (once per level). */
export class ApprovalLimitError extends ForbiddenError {
  constructor(
    message: string,
    /** What to record before answering 403: the offer to the next level, or null if already made. */
    readonly offer: Transition | null,
  ) {
    super(message, 'APPROVAL_LIMIT_EXCEEDED');
  }
}

const levels = ['agent', 'supervisor', 'admin'] as const;

function offerToNextLevel(
  ticket: Ticket,
  context: ActionContext,
  total: number,
  currency: string,
): Transition | null {
  const own = context.roles.has('supervisor') ? 'supervisor' : 'agent';
  const to = levels[levels.indexOf(own) + 1] as 'supervisor' | 'admin';
  if (ticket.approvalNeeds && levels.indexOf(ticket.approvalNeeds) >= levels.indexOf(to)) return null;
  return {
    ticket: step(ticket, ticket.status, context.now, { approvalNeeds: to }),
    events: [
      {
        type: 'ApprovalEscalated',
        visibility: 'internal',
        data: { from: own, to, amount: total, currency, requestedBy: context.actorId },
      },
    ],
  };
}

/** This ticket's refund (items and shipping) and the order's approved-or-paid total with it. */
function approvalTotals(ticket: Ticket, context: Pick<ActionContext, 'money'>) {
  const refund = ticket.refund;
  if (!refund) throw new Error('approvalTotals needs a refund');
  const amount = refund.itemsAmount + refund.shippingAmount;
  return { amount, total: (context.money?.order?.approvedAmount ?? 0) + amount, currency: refund.currency };
}

function approved(
  ticket: Ticket,
  now: Date,
  note: string | null,
  rule?: { id: string; name: string },
  money?: { amount: number; ceiling: number },
): Transition {
  const counted = money && ticket.holds ? money.amount : 0;
  return {
    ticket: step(ticket, 'approved', now, {
      approvalNeeds: null,
      refund: ticket.refund ? { ...ticket.refund, status: 'approved', approvedBy: rule?.id ?? null } : null,
      holds: ticket.holds ? { ...ticket.holds, approved: counted } : null,
    }),
    events: [
      { type: 'TicketApproved', visibility: 'public', data: { note, ...(rule ? { rule: rule.id } : {}) } },
    ],
    orderChanges:
      money && ticket.holds && counted > 0
        ? {
            orderId: ticket.holds.orderId,
            lines: [],
            approval: {
              kind: 'approve',
              amount: counted,
              ceiling: Number.isFinite(money.ceiling) ? money.ceiling : Number.MAX_SAFE_INTEGER,
            },
          }
        : undefined,
  };
}

export const reject = (from: readonly TicketStatus[]): ActionDefinition => ({
  roles: staffRoles,
  rolesFor: supervisorsOnAppeal,
  fits: (t) => from.includes(t.status),
  apply: ({ ticket, input, now }) => rejected(ticket, (input as Input<'reject'>).reason, now),
});

function rejected(ticket: Ticket, reason: string, now: Date): Transition {
  return {
    ticket: step(letGo(ticket), 'rejected', now, { rejectionReason: reason }),
    events: [{ type: 'TicketRejected', visibility: 'public', data: { reason } }],
    orderChanges: releaseOf(ticket.holds),
  };
}

/**
 * The customer appeals a rejection, once, within the appeal window: the units are claimed again
 * (422 EXCEEDS_REFUNDABLE if they are gone) and supervisors decide; a second rejection is final.
 */
export const appeal: ActionDefinition = {
  roles: ['customer'],
  fits: (t) =>
    t.status === 'rejected' &&
    !t.appealedAt &&
    t.platformTimer?.rule === 'customerAppeal' &&
    !t.platformTimer.fired,
  apply: ({ ticket, input, now, money }) => {
    const { reason } = input as Input<'appeal'>;
    if (!money?.order) throw new Error('An appeal is judged on the order as it stands');
    const claim = reclaim(ticket, money.order, money.afterSales.keepItemMaxAmount);
    return {
      ticket: step(ticket, 'appealed', now, {
        appealedAt: at(now),
        holds: claim.holds,
        refund: claim.refund,
        rejectionReason: null,
      }),
      events: [{ type: 'TicketAppealed', visibility: 'public', data: { reason } }],
      orderChanges: claim.orderChanges,
    };
  },
};

export const ship: ActionDefinition = {
  roles: customerOrStaff,
  fits: (t) => t.status === 'awaiting_shipment',
  apply: ({ ticket, input, now }) => {
    const { carrier, trackingNumber, postage } = input as Input<'ship'>;
    return {
      ticket: step(ticket, 'in_transit', now, {
        returnShipment: { carrier, trackingNumber, at: at(now), postage: postage ?? null },
      }),
      events: [{ type: 'ReturnShipped', visibility: 'public', data: { carrier, trackingNumber } }],
      // One parcel, one return: the same tracking number cannot ship a second one anywhere on the desk.
      tracking: { carrier, trackingNumber },
    };
  },
};

export const receive: ActionDefinition = {
  roles: staffRoles,
  fits: (t) => t.status === 'in_transit' || t.status === 'awaiting_shipment',
  apply: ({ ticket, input, now }) => {
    const { note } = input as Input<'receive'>;
    return {
      ticket: step(ticket, 'received', now),
      events: [{ type: 'ReturnReceived', visibility: 'public', data: { note: note ?? null } }],
    };
  },
};

export const inspect: ActionDefinition = {
  roles: staffRoles,
  fits: (t) => t.status === 'received',
  apply: ({ ticket, input, now }) => {
    const { result, note } = input as Input<'inspect'>;
    const inspection = { result, note: note ?? null, at: at(now) };
    const inspected = step(ticket, 'inspected', now, { inspection });
    const event = {
      type: 'InspectionCompleted' as const,
      visibility: 'public' as const,
      data: { result, note: note ?? null },
    };
    if (result === 'accepted') return { ticket: inspected, events: [event] };
    const refusal = rejected(inspected, note ?? 'The goods did not pass inspection.', now);
    return { ...refusal, events: [event, ...refusal.events] };
  },
};

export const outbound = (
  from: TicketStatus,
  to: TicketStatus,
  kind: 'replacement' | 'repaired',
): ActionDefinition => ({
  roles: staffRoles,
  fits: (t) => t.status === from,
  apply: ({ ticket, input, now }) => {
    const { carrier, trackingNumber } = input as Input<'ship_replacement'>;
    // The claim is complete: the units are the customer's again (they may claim the new goods).
    return {
      ticket: step(ticket, to, now, {
        outboundShipment: { carrier, trackingNumber, at: at(now) },
        holds: null,
      }),
      events: [{ type: 'OutboundShipped', visibility: 'public', data: { kind, carrier, trackingNumber } }],
      orderChanges: releaseOf(ticket.holds),
    };
  },
});

export function refuse(ticket: Ticket, what: string): never {
  throw new ConflictError(
    `Cannot ${what} a ${ticket.type} ticket in status ${ticket.status}.`,
    'ACTION_NOT_ALLOWED',
    [],
  );
}

/**
 * The system approves: an auto-approval rule matched (one-click refund), or the shop did not
 * answer in time. `money.ceiling` (the rule's amount, the timeout approval limit) caps the
 * order's approved total, so a claim split over several tickets gains nothing.
 */
export function approveBySystem(
  ticket: Ticket,
  now: Date,
  rule: { id: string; name: string },
  money: { amount: number; ceiling: number },
): Transition {
  if (!['refund', 'return'].includes(ticket.type) || ticket.status !== 'requested' || !ticket.refund)
    refuse(ticket, 'approve');
  return approved(ticket, now, `Approved automatically (${rule.name}).`, rule, money);
}
