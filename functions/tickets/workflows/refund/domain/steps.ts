import { staffRoles } from '../../../../shared/principal.js';
import { settlementOf } from '../../../domain/holds.js';
import type { ActionDefinition, Transition } from '../../../domain/lifecycle.js';
import type { Ticket } from '../../../domain/ticket.js';
import { approveBySystem, at, refuse, step } from '../../steps.js';
import { type RefundFailureCode, refundFailureText } from './failure.js';

/**
 * The refund's own steps: the one-click judgement of a new refund, and the payment of a refund
 * (or of a return that passed inspection) — start, outcome and staff's retry. Pure functions of
 * (ticket, input, now); the refund worker applies them.
 */
export const retryRefund: ActionDefinition = {
  roles: staffRoles,
  fits: (t) => t.status === 'refund_failed' && t.holds !== null,
  apply: ({ ticket, now }) => startRefund(ticket, now),
};

/** No one-click rule matched: the refund waits for staff (and the watchdog stops waiting). */
export function declineAutoApproval(ticket: Ticket, now: Date): Transition | null {
  if (ticket.type !== 'refund' || ticket.status !== 'requested' || !ticket.refund || ticket.refund.judgedAt)
    return null;
  return {
    ticket: { ...ticket, refund: { ...ticket.refund, judgedAt: at(now) }, updatedAt: at(now) },
    events: [{ type: 'AutoApprovalDeclined', visibility: 'internal', data: { reason: 'no rule matched' } }],
  };
}

/** One-click refund: a rule matched, no human step. */
export function autoApprove(
  ticket: Ticket,
  rule: { id: string; name: string; maxAmount: number },
  now: Date,
): Transition {
  if (ticket.type !== 'refund' || !ticket.refund) refuse(ticket, 'auto-approve');
  const amount = ticket.refund.itemsAmount + ticket.refund.shippingAmount;
  return approveBySystem(ticket, now, rule, { amount, ceiling: rule.maxAmount });
}

/**
 * Payment starts (or starts again). The first start fixes the return-postage reimbursement
 * (`postage`, already capped per order by the caller) and counts it against the order's cap.
 * A retry keeps the attempt, and so the gateway's idempotency key, while the last attempt's
 * outcome is unknown: it may have paid. Only a definitive refusal opens a new attempt.
 */
export function startRefund(
  ticket: Ticket,
  now: Date,
  postage: { amount: number; cap: number } = { amount: 0, cap: 0 },
): Transition {
  const ready =
    (ticket.type === 'refund' && ticket.status === 'approved') ||
    (ticket.type === 'return' && ticket.status === 'inspected' && ticket.inspection?.result === 'accepted') ||
    ticket.status === 'refund_failed';
  if (!ready || !ticket.refund || !ticket.holds) refuse(ticket, 'start the refund of');
  const first = ticket.refund.attempt === 0;
  const attempt = ticket.refund.outcomeUnknown ? ticket.refund.attempt : ticket.refund.attempt + 1;
  const postageAmount = first ? postage.amount : (ticket.refund.postageAmount ?? 0);
  const amount = ticket.refund.itemsAmount + ticket.refund.shippingAmount + postageAmount;
  return {
    ticket: step(ticket, 'refunding', now, {
      refund: {
        ...ticket.refund,
        status: 'processing',
        attempt,
        amount,
        postageAmount,
        failureReason: null,
      },
      holds: first ? { ...ticket.holds, postage: postageAmount } : ticket.holds,
    }),
    events: [
      {
        type: 'RefundRequested',
        visibility: 'internal',
        data: { attempt, amount, currency: ticket.refund.currency },
      },
    ],
    orderChanges:
      first && postageAmount > 0
        ? {
            orderId: ticket.holds.orderId,
            lines: [],
            postage: { kind: 'reserve', amount: postageAmount, cap: postage.cap },
          }
        : undefined,
  };
}

/** The gateway paid: the held units become refunded, atomically with the ticket. */
export function completeRefund(ticket: Ticket, gatewayRefundId: string, now: Date): Transition {
  if (ticket.status !== 'refunding' || !ticket.refund || !ticket.holds)
    refuse(ticket, 'complete the refund of');
  return {
    ticket: step(ticket, 'refunded', now, {
      holds: null,
      refund: { ...ticket.refund, status: 'issued', outcomeUnknown: false, gatewayRefundId },
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

/**
 * The gateway refused for good, or never answered on the last delivery: staff decide; the units
 * stay held. The customer reads a neutral sentence; the gateway's own words go to staff only.
 */
export function failRefund(
  ticket: Ticket,
  failure: { definitive: boolean; detail: string },
  now: Date,
): Transition {
  if (ticket.status !== 'refunding' || !ticket.refund) refuse(ticket, 'fail the refund of');
  const code: RefundFailureCode = failure.definitive ? 'declined' : 'no_answer';
  const { amount, currency, attempt } = ticket.refund;
  return {
    ticket: step(ticket, 'refund_failed', now, {
      refund: {
        ...ticket.refund,
        status: 'failed',
        outcomeUnknown: !failure.definitive,
        failureReason: refundFailureText(code, ticket.locale),
      },
    }),
    events: [
      { type: 'RefundFailed', visibility: 'public', data: { amount, currency, code } },
      // For staff: the assignee (or the team's supervisors) must retry the refund or settle it otherwise.
      {
        type: 'RefundAttentionNeeded',
        visibility: 'internal',
        data: { amount, currency, reason: failure.detail, attempt, outcomeUnknown: !failure.definitive },
      },
    ],
  };
}
