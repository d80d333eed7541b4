import { keepItemVerdict } from '../../after-sales/domain/eligibility.js';
import type { AfterSalesPolicy, PlatformTimeouts } from '../../after-sales/domain/policy.js';
import { approveBySystem } from '../workflows/steps.js';
import { releaseOf } from './holds.js';
import { finished, letGo, type MoneyFacts, type NewEvent, type Transition } from './lifecycle.js';
import type { PlatformTimer, Ticket, TimeoutRule } from './ticket.js';

/**
 * The marketplaces' customer-protection timeouts (Taobao's and WeChat's published rules): what
 * happens when one side does not act in time. Pure: the timer a ticket runs follows from its
 * status and facts; firing it is a transition. They run on the same due-timer index as the SLA
 * clocks (`ticketNextDueAt`), not on a scheduler of their own.
 *
 * - shopResponse: a refund or return nobody answered is approved by the system within
 *   `timeoutApprovalMaxAmount`, otherwise escalated to supervisors.
 * - customerShipReturn: an approved drop-off return or exchange the customer has not shipped
 *   closes and frees its units (a reminder email `customerShipReminder` before).
 * - shopConfirmReceipt: from the carrier's confirmation that the parcel reached the shop, staff
 *   have this long to inspect it; then it counts as accepted (a return is refunded).
 * - customerAppeal: after a rejection the customer may appeal once within this window; then the
 *   ticket closes.
 */
const isoDurationParts = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const unitMs = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000] as const;

/** An ISO-8601 duration of weeks, days, hours, minutes and seconds (the policy's shape), in ms. */
const millis = (iso: string) => {
  const parts = isoDurationParts.exec(iso);
  if (!parts) throw new Error(`Not an ISO-8601 duration of weeks, days, hours, minutes or seconds: ${iso}`);
  return unitMs.reduce((total, unit, index) => total + Number(parts[index + 1] ?? 0) * unit, 0);
};
const plus = (since: string, duration: string) =>
  new Date(Date.parse(since) + millis(duration)).toISOString();

/** Whether settling this ticket starts a new timer (and so needs the policy's durations). */
export function startsPlatformTimer(ticket: Ticket): boolean {
  const current = ticket.platformTimer ?? null;
  const wanted = wantedRule(ticket);
  return (
    wanted !== null && !(current && current.status === ticket.status && family(current.rule) === wanted.rule)
  );
}

/** The timer this ticket runs now, kept while it stays in the status it started in. */
export function platformTimerFor(
  ticket: Ticket,
  timeouts: PlatformTimeouts,
  now: Date,
): PlatformTimer | null {
  const wanted = wantedRule(ticket);
  if (!wanted) return null;
  if (!startsPlatformTimer(ticket)) return ticket.platformTimer ?? null;
  const since = wanted.since ?? now.toISOString();
  switch (wanted.rule) {
    case 'shopResponse': {
      // Before shipping the shop has half the time: nothing needs to come back.
      const window = ticket.reason === 'not_shipped' ? timeouts.shopResponseUnshipped : timeouts.shopResponse;
      return { rule: 'shopResponse', status: ticket.status, since, dueAt: plus(since, window), fired: false };
    }
    case 'customerShipReturn': {
      const dueAt = plus(since, timeouts.customerShipReturn);
      const reminderAt = new Date(Date.parse(dueAt) - millis(timeouts.customerShipReminder)).toISOString();
      return reminderAt > since
        ? { rule: 'customerShipReminder', status: ticket.status, since, dueAt: reminderAt, fired: false }
        : { rule: 'customerShipReturn', status: ticket.status, since, dueAt, fired: false };
    }
    case 'shopConfirmReceipt':
      return {
        rule: 'shopConfirmReceipt',
        status: ticket.status,
        since,
        dueAt: plus(since, timeouts.shopConfirmReceipt),
        fired: false,
      };
    case 'customerAppeal':
      return {
        rule: 'customerAppeal',
        status: ticket.status,
        since,
        dueAt: plus(since, timeouts.customerAppeal),
        fired: false,
      };
  }
}

function family(rule: PlatformTimer['rule']): TimeoutRule {
  return rule === 'customerShipReminder' ? 'customerShipReturn' : rule;
}

function wantedRule(ticket: Ticket): { rule: TimeoutRule; since?: string } | null {
  const goods = ticket.type === 'refund' || ticket.type === 'return' || ticket.type === 'exchange';
  if ((ticket.type === 'refund' || ticket.type === 'return') && ticket.status === 'requested') {
    return { rule: 'shopResponse' };
  }
  if (
    (ticket.type === 'return' || ticket.type === 'exchange') &&
    ticket.status === 'awaiting_shipment' &&
    ticket.returnMethod !== 'pickup' &&
    !ticket.pickupBooking
  ) {
    return { rule: 'customerShipReturn' };
  }
  const delivered = ticket.returnShipment?.deliveredAt;
  if (goods && delivered && (ticket.status === 'in_transit' || ticket.status === 'received')) {
    return { rule: 'shopConfirmReceipt', since: delivered };
  }
  if (ticket.type !== 'inquiry' && ticket.type !== 'complaint' && ticket.status === 'rejected') {
    return { rule: 'customerAppeal' };
  }
  return null;
}

/** When the ticket's platform timer is due, if it has one that has not fired. */
export function platformDueAt(ticket: Ticket): string | null {
  const timer = ticket.platformTimer;
  return timer && !timer.fired && timer.status === ticket.status ? timer.dueAt : null;
}

/** Whether the ticket's platform timer is due at `now`. */
export function platformTimerDue(ticket: Ticket, now: Date): boolean {
  const dueAt = platformDueAt(ticket);
  return dueAt !== null && Date.parse(dueAt) <= now.getTime();
}

/**
 * Fires the due platform timer: the transition the rule prescribes, each a timeline event that
 * names the rule (and an email). `facts` (the order and the policy) decide a timeout approval.
 */
export function firePlatformTimer(
  ticket: Ticket,
  facts: MoneyFacts & { afterSales: AfterSalesPolicy },
  now: Date,
): Transition | null {
  const timer = ticket.platformTimer;
  if (!timer || !platformTimerDue(ticket, now)) return null;
  const at = now.toISOString();
  const done = (rule: PlatformTimer['rule']) => ({ ...timer, rule, fired: true });
  switch (timer.rule) {
    case 'shopResponse': {
      const refund = ticket.refund;
      if (!refund || !ticket.holds) return null;
      const amount = refund.itemsAmount + refund.shippingAmount;
      const total = (facts.order?.approvedAmount ?? 0) + amount;
      const limit = facts.afterSales.timeoutApprovalMaxAmount[refund.currency] ?? 0;
      const keep = keepItemVerdict({
        type: ticket.type,
        reason: ticket.reason,
        currency: refund.currency,
        total,
        keepItemMaxAmount: facts.afterSales.keepItemMaxAmount,
      });
      if (total <= limit && keep.ok && ticket.reason !== 'not_received') {
        const approved = approveBySystem(
          ticket,
          now,
          { id: 'shopResponse', name: 'no answer from the shop in time' },
          { amount, ceiling: limit },
        );
        return { ...approved, ticket: { ...approved.ticket, platformTimer: null } };
      }
      const level = Math.min(ticket.escalationLevel + 1, 3);
      const escalated: NewEvent = {
        type: 'TicketEscalated',
        visibility: 'internal',
        data: {
          level,
          trigger: 'timeout',
          rule: 'shopResponse',
          note: `No answer within the shop response time; ${total} ${refund.currency} is above the timeout approval limit of ${limit}.`,
          notify: ['supervisors'],
        },
      };
      return {
        ticket: {
          ...ticket,
          escalationLevel: Math.max(ticket.escalationLevel, level),
          approvalNeeds: 'supervisor',
          platformTimer: done('shopResponse'),
          updatedAt: at,
        },
        events: [escalated],
      };
    }
    case 'customerShipReminder': {
      const next: PlatformTimer = {
        rule: 'customerShipReturn',
        status: timer.status,
        since: timer.since,
        dueAt: plus(timer.since, facts.afterSales.timeouts.customerShipReturn),
        fired: false,
      };
      return {
        ticket: { ...ticket, platformTimer: next, updatedAt: at },
        events: [
          {
            type: 'ReturnShipmentReminder',
            visibility: 'public',
            data: { rule: 'customerShipReminder', shipBy: next.dueAt },
          },
        ],
      };
    }
    case 'customerShipReturn':
    case 'customerAppeal': {
      const sla = finished(ticket.sla, now);
      return {
        ticket: {
          ...letGo(ticket),
          status: 'closed',
          resumeStatus: null,
          sla,
          platformTimer: null,
          closedAt: at,
          updatedAt: at,
        },
        events: [
          {
            type: 'TicketClosed',
            visibility: 'public',
            data: { from: ticket.status, automatic: true, timeout: timer.rule },
          },
        ],
        orderChanges: releaseOf(ticket.holds),
      };
    }
    case 'shopConfirmReceipt': {
      const note =
        'Accepted automatically: the shop did not inspect the parcel in time after it was delivered.';
      return {
        ticket: {
          ...ticket,
          status: 'inspected',
          inspection: { result: 'accepted', note, at },
          platformTimer: null,
          updatedAt: at,
        },
        events: [
          {
            type: 'InspectionCompleted',
            visibility: 'public',
            data: { result: 'accepted', note, timeout: 'shopConfirmReceipt' },
          },
        ],
      };
    }
  }
}
