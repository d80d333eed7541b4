import type { NewEvent, Transition } from './lifecycle.js';
import type { Ticket, TicketEvent, Watch, WatchStep } from './ticket.js';

/**
 * Nothing stuck: whenever the system hands a ticket to a worker (auto-approval judgement, the
 * start of a payment, the payment, pickup booking or drop-off authorisation, a complaint's
 * acknowledgement), the ticket records what it waits for and by when. If that time passes with
 * the ticket still waiting — a queue message lost, dead-lettered or dropped by a bug — the timer
 * worker re-drives the step: it re-publishes the event that started it to the same workflow
 * queue, through the same idempotent path (the payment keeps its idempotency key). After
 * `maxRedrives` it raises an operations alert and mails staff. Pure; due on the same timer index
 * as the SLA clocks.
 */
export interface WatchdogSettings {
  /** How long a step may take before it is re-driven (doubles with every re-drive). */
  readonly watchdogSeconds: number;
  /** Re-drives before the operations alert. */
  readonly maxRedrives: number;
}

export const defaultWatchdogSettings: WatchdogSettings = { watchdogSeconds: 600, maxRedrives: 3 };

/** What the ticket waits for in its state, and which event started it; null when nothing. */
export function awaitedStep(ticket: Ticket): { step: WatchStep; trigger: string } | null {
  const { type, status } = ticket;
  if (type === 'refund' && status === 'requested' && ticket.refund && !ticket.refund.judgedAt) {
    return { step: 'auto-approval', trigger: 'TicketCreated' };
  }
  if (type === 'refund' && status === 'approved') return { step: 'refund-start', trigger: 'TicketApproved' };
  if (type === 'return' && status === 'inspected' && ticket.inspection?.result === 'accepted') {
    return { step: 'refund-start', trigger: 'InspectionCompleted' };
  }
  if (status === 'refunding') return { step: 'payment', trigger: 'RefundRequested' };
  if ((type === 'return' || type === 'exchange' || type === 'repair') && status === 'approved') {
    return { step: 'return-authorization', trigger: 'TicketApproved' };
  }
  if (type === 'complaint' && status === 'open') {
    return { step: 'complaint-acknowledgement', trigger: 'TicketCreated' };
  }
  return null;
}

/** The watch this ticket runs now, kept while it waits for the same step in the same status. */
export function watchFor(ticket: Ticket, settings: WatchdogSettings, now: Date): Watch | null {
  const awaited = awaitedStep(ticket);
  if (!awaited) return null;
  const current = ticket.watch ?? null;
  // Every status change starts a new wait (a payment retry passes through refund_failed).
  if (current && current.step === awaited.step && current.status === ticket.status) return current;
  const since = now.toISOString();
  return {
    ...awaited,
    status: ticket.status,
    since,
    dueAt: new Date(now.getTime() + settings.watchdogSeconds * 1000).toISOString(),
    redrives: 0,
    alerted: false,
  };
}

/** When the watch is due, if it still fires. */
export function watchDueAt(ticket: Ticket): string | null {
  const watch = ticket.watch;
  return watch && !watch.alerted && watch.status === ticket.status ? watch.dueAt : null;
}

export function watchDue(ticket: Ticket, now: Date): boolean {
  const dueAt = watchDueAt(ticket);
  return dueAt !== null && Date.parse(dueAt) <= now.getTime();
}

/**
 * The watch fired: re-drive the step (a `WorkflowRedriven` event carrying the triggering event,
 * which the event router sends again to its workflow queues, in the same transaction as the
 * count), or, after `maxRedrives`, raise `WorkflowStuck` for operations and staff.
 */
export function fireWatch(
  ticket: Ticket,
  trigger: TicketEvent | undefined,
  settings: WatchdogSettings,
  now: Date,
): Transition | null {
  const watch = ticket.watch;
  if (!watch || !watchDue(ticket, now)) return null;
  const at = now.toISOString();
  if (watch.redrives >= settings.maxRedrives || !trigger) {
    const stuck: NewEvent = {
      type: 'WorkflowStuck',
      visibility: 'internal',
      data: { step: watch.step, status: ticket.status, since: watch.since, redrives: watch.redrives },
    };
    return { ticket: { ...ticket, watch: { ...watch, alerted: true }, updatedAt: at }, events: [stuck] };
  }
  const redrives = watch.redrives + 1;
  // Back off: each re-drive waits twice as long as the last.
  const dueAt = new Date(now.getTime() + settings.watchdogSeconds * 1000 * 2 ** redrives).toISOString();
  const { id, type, ticketId, ticketType, actor, visibility, data } = trigger;
  return {
    ticket: { ...ticket, watch: { ...watch, redrives, dueAt }, updatedAt: at },
    events: [
      {
        type: 'WorkflowRedriven',
        visibility: 'internal',
        data: {
          step: watch.step,
          redrive: redrives,
          event: { id, type, ticketId, ticketType, at: trigger.at, actor, visibility, data },
        },
      },
    ],
  };
}
