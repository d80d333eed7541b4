import { pendingPoints, type TimerPoint } from '../../sla/domain/clocks.js';
import { firePlatformTimer, platformTimerDue } from '../domain/platform-timeouts.js';
import { fireTimers, retentionTimerDue, watchdogSettingsOf } from '../domain/timers.js';
import { fireWatch, watchDue } from '../domain/watchdog.js';
import { makeApplySystemStep } from './apply-system-step.js';
import type { TicketDeps } from './deps.js';

export interface FiredPoint extends TimerPoint {
  readonly lagMs: number;
  readonly alertOperations: boolean;
}

/**
 * Applies whatever is due on one ticket: a watchdog re-drive of a stalled automated step, a
 * platform timeout (judged on the order and the after-sales policy as they stand), else
 * warnings, breaches, escalation levels, auto-close.
 * Redelivered or duplicate messages find nothing left to fire, so nothing fires twice; what is
 * still due after one step is found again by the next sweep.
 * An ended ticket's only timer is its retention: nothing is written here, the caller hands the
 * ticket to the privacy context (`retentionDue`), whose erasure takes the timer off the index;
 * until it does, every sweep finds the ticket due again.
 */
export function makeFireDueTimers(
  deps: Pick<TicketDeps, 'tickets' | 'orders' | 'clock' | 'newId' | 'policies' | 'settings' | 'afterSales'>,
) {
  const applyStep = makeApplySystemStep(deps, { id: 'sla-engine', role: 'system' });
  return async (
    ticketId: string,
  ): Promise<{
    fired: FiredPoint[];
    closed: boolean;
    timeout: string | null;
    watchdog: 'redriven' | 'stuck' | null;
    retentionDue: boolean;
  }> => {
    // What the last (successful) decision fired; a retried decision overwrites it.
    let fired: FiredPoint[] = [];
    let timeout: string | null = null;
    let watchdog: 'redriven' | 'stuck' | null = null;
    let retentionDue = false;
    const next = await applyStep(ticketId, async (ticket, now) => {
      fired = [];
      timeout = null;
      watchdog = null;
      retentionDue = retentionTimerDue(ticket, now);
      if (retentionDue) return null;
      if (watchDue(ticket, now) && ticket.watch) {
        // The step this ticket waits for did not happen in time: re-drive its triggering event.
        const trigger = ticket.watch.trigger;
        const timeline = await deps.tickets.getWithTimeline(ticket.id);
        // The latest of its kind; for a payment, the request of the current attempt (events of one
        // millisecond do not sort by time).
        const started = timeline?.events
          .filter(
            (event) =>
              event.type === trigger &&
              (event.type !== 'RefundRequested' || event.data.attempt === ticket.refund?.attempt),
          )
          .at(-1);
        const redrive = fireWatch(ticket, started, watchdogSettingsOf(deps.settings), now);
        if (redrive) {
          watchdog = redrive.ticket.watch?.alerted ? 'stuck' : 'redriven';
          return redrive;
        }
      }
      if (platformTimerDue(ticket, now)) {
        const [order, afterSales] = await Promise.all([
          ticket.orderId ? deps.orders.get(ticket.orderId) : undefined,
          deps.afterSales.current(),
        ]);
        const platform = firePlatformTimer(ticket, { order: order ?? null, afterSales }, now);
        if (platform) {
          timeout = ticket.platformTimer?.rule ?? null;
          return platform;
        }
      }
      const transition = fireTimers(ticket, now);
      if (transition.events.length === 0) return null;
      const due =
        ticket.status === 'resolved'
          ? []
          : pendingPoints(ticket.sla).filter((p) => Date.parse(p.at) <= now.getTime());
      fired = due.map((point) => ({
        ...point,
        lagMs: now.getTime() - Date.parse(point.at),
        alertOperations:
          ticket.sla.escalations.find((level) => level.level === point.level)?.alertOperations ?? false,
      }));
      return transition;
    });
    if (!next) return { fired: [], closed: false, timeout: null, watchdog: null, retentionDue };
    return { fired, closed: next.status === 'closed', timeout, watchdog, retentionDue: false };
  };
}
