import { ConflictError } from '../../shared/errors.js';
import { type Role, staffRoles } from '../../shared/principal.js';
import type { ActionInput } from './actions.js';
import { releaseOf, settlementOf } from './holds.js';
import { type ActionDefinition, letGo, type Transition } from './lifecycle.js';
import type { PickupBooking, Ticket } from './ticket.js';

/**
 * The after-sales steps: staff actions (approve, reject, ship, receive, inspect, ...) and the
 * system transitions the workers apply (auto-approval, return authorisation, payment outcome).
 * Pure functions of (ticket, input, now).
 */
type Input<A extends ActionInput['action']> = Extract<ActionInput, { action: A }>;
const at = (now: Date) => now.toISOString();
const customerOrStaff: readonly Role[] = ['customer', ...staffRoles];

function step(ticket: Ticket, status: string, now: Date, changes: Partial<Ticket> = {}): Ticket {
  return { ...ticket, ...changes, status, updatedAt: at(now) };
}

export const approve = (from: readonly string[]): ActionDefinition => ({
  roles: staffRoles,
  // A refund or return that gave its units back (resolved, then reopened) cannot be paid: open a new one.
  fits: (t) => from.includes(t.status) && (t.refund === null || t.holds !== null),
  apply: ({ ticket, input, now }) => {
    const { note } = input as Input<'approve'>;
    return approved(ticket, now, note ?? null);
  },
});

function approved(
  ticket: Ticket,
  now: Date,
  note: string | null,
  rule?: { id: string; name: string },
): Transition {
  return {
    ticket: step(ticket, 'approved', now, {
      refund: ticket.refund ? { ...ticket.refund, status: 'approved', approvedBy: rule?.id ?? null } : null,
    }),
    events: [
      { type: 'TicketApproved', visibility: 'public', data: { note, ...(rule ? { rule: rule.id } : {}) } },
    ],
  };
}

export const reject = (from: readonly string[]): ActionDefinition => ({
  roles: staffRoles,
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

export const retryRefund: ActionDefinition = {
  roles: staffRoles,
  fits: (t) => t.status === 'refund_failed' && t.holds !== null,
  apply: ({ ticket, now }) => startRefund(ticket, now),
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
      type: 'InspectionCompleted',
      visibility: 'public' as const,
      data: { result, note: note ?? null },
    };
    if (result === 'accepted') return { ticket: inspected, events: [event] };
    const refusal = rejected(inspected, note ?? 'The goods did not pass inspection.', now);
    return { ...refusal, events: [event, ...refusal.events] };
  },
};

const outbound = (from: string, to: string, kind: 'replacement' | 'repaired'): ActionDefinition => ({
  roles: staffRoles,
  fits: (t) => t.status === from,
  apply: ({ ticket, input, now }) => {
    const { carrier, trackingNumber } = input as Input<'ship_replacement'>;
    return {
      ticket: step(ticket, to, now, { outboundShipment: { carrier, trackingNumber, at: at(now) } }),
      events: [{ type: 'OutboundShipped', visibility: 'public', data: { kind, carrier, trackingNumber } }],
    };
  },
});

export const shipReplacement = outbound('inspected', 'replacement_shipped', 'replacement');
export const shipBack = outbound('repaired', 'shipped_back', 'repaired');

const repairStep = (from: string, to: string, type: string): ActionDefinition => ({
  roles: staffRoles,
  fits: (t) => t.status === from,
  apply: ({ ticket, input, now }) => ({
    ticket: step(ticket, to, now),
    events: [{ type, visibility: 'public', data: { note: (input as Input<'start_repair'>).note ?? null } }],
  }),
});

export const startRepair = repairStep('received', 'repairing', 'RepairStarted');
export const completeRepair = repairStep('repairing', 'repaired', 'RepairCompleted');

// System transitions, applied by the workers.

function refuse(ticket: Ticket, what: string): never {
  throw new ConflictError(
    `Cannot ${what} a ${ticket.type} ticket in status ${ticket.status}.`,
    'ACTION_NOT_ALLOWED',
    [],
  );
}

/** One-click refund: a rule matched, no human step. */
export function autoApprove(ticket: Ticket, rule: { id: string; name: string }, now: Date): Transition {
  if (ticket.type !== 'refund' || ticket.status !== 'requested') refuse(ticket, 'auto-approve');
  return approved(ticket, now, `Approved automatically (${rule.name}).`, rule);
}

/** An approved return, exchange or repair may ship: by courier pickup (booked) or drop-off. */
export function authorizeReturn(ticket: Ticket, booking: PickupBooking | null, now: Date): Transition {
  if (!['return', 'exchange', 'repair'].includes(ticket.type) || ticket.status !== 'approved')
    refuse(ticket, 'authorise');
  return {
    ticket: step(ticket, 'awaiting_shipment', now, { pickupBooking: booking }),
    events: booking
      ? [{ type: 'PickupBooked', visibility: 'public', data: { ...booking } }]
      : [
          {
            type: 'ReturnAuthorized',
            visibility: 'public',
            data: { returnMethod: ticket.returnMethod ?? 'dropoff' },
          },
        ],
  };
}

/**
 * Payment starts (or starts again): a new attempt with its own idempotency key. The first start
 * fixes the return-postage reimbursement (`postageAmount`, already capped by the caller).
 */
export function startRefund(ticket: Ticket, now: Date, postageAmount = 0): Transition {
  const ready =
    (ticket.type === 'refund' && ticket.status === 'approved') ||
    (ticket.type === 'return' && ticket.status === 'inspected' && ticket.inspection?.result === 'accepted') ||
    ticket.status === 'refund_failed';
  if (!ready || !ticket.refund || !ticket.holds) refuse(ticket, 'start the refund of');
  const attempt = ticket.refund.attempt + 1;
  const postage = ticket.refund.attempt === 0 ? postageAmount : (ticket.refund.postageAmount ?? 0);
  const amount = ticket.refund.itemsAmount + ticket.refund.shippingAmount + postage;
  return {
    ticket: step(ticket, 'refunding', now, {
      refund: {
        ...ticket.refund,
        status: 'processing',
        attempt,
        amount,
        postageAmount: postage,
        failureReason: null,
      },
    }),
    events: [
      {
        type: 'RefundRequested',
        visibility: 'internal',
        data: { attempt, amount, currency: ticket.refund.currency },
      },
    ],
  };
}

/** The gateway paid: the held units become refunded, atomically with the ticket. */
export function completeRefund(ticket: Ticket, gatewayRefundId: string, now: Date): Transition {
  if (ticket.status !== 'refunding' || !ticket.refund || !ticket.holds)
    refuse(ticket, 'complete the refund of');
  return {
    ticket: step(ticket, 'refunded', now, {
      holds: null,
      refund: { ...ticket.refund, status: 'issued', gatewayRefundId },
    }),
    events: [
      {
        type: 'RefundIssued',
        visibility: 'public',
        data: { amount: ticket.refund.amount, currency: ticket.refund.currency },
      },
    ],
    orderChanges: settlementOf(ticket.holds),
  };
}

/** The gateway refused for good (or stayed down): staff decide; the units stay held. */
export function failRefund(ticket: Ticket, reason: string, now: Date): Transition {
  if (ticket.status !== 'refunding' || !ticket.refund) refuse(ticket, 'fail the refund of');
  return {
    ticket: step(ticket, 'refund_failed', now, {
      refund: { ...ticket.refund, status: 'failed', failureReason: reason },
    }),
    events: [
      {
        type: 'RefundFailed',
        visibility: 'public',
        data: { amount: ticket.refund.amount, currency: ticket.refund.currency, reason },
      },
      // For staff: the assignee (or the team's supervisors) must retry the refund or settle it otherwise.
      {
        type: 'RefundAttentionNeeded',
        visibility: 'internal',
        data: {
          amount: ticket.refund.amount,
          currency: ticket.refund.currency,
          reason,
          attempt: ticket.refund.attempt,
        },
      },
    ],
  };
}

/** A complaint reaches the complaint team at once. */
export function acknowledgeComplaint(ticket: Ticket, now: Date): Transition {
  if (ticket.type !== 'complaint' || ticket.status !== 'open') refuse(ticket, 'acknowledge');
  return {
    ticket: step(ticket, 'acknowledged', now, { team: 'complaints' }),
    events: [{ type: 'ComplaintAcknowledged', visibility: 'public', data: { team: 'complaints' } }],
  };
}
