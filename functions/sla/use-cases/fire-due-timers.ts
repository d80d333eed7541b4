import { fireTimers } from '../../tickets/domain/timers.js';
import { makeApplySystemStep } from '../../tickets/use-cases/apply-system-step.js';
import type { TicketDeps } from '../../tickets/use-cases/deps.js';
import { pendingPoints, type TimerPoint } from '../domain/clocks.js';

export interface FiredPoint extends TimerPoint {
  readonly lagMs: number;
  readonly alertOperations: boolean;
}

/**
 * Applies whatever is due on one ticket: warnings, breaches, escalation levels, auto-close.
 * Redelivered or duplicate messages find nothing left to fire, so nothing fires twice.
 */
export function makeFireDueTimers(
  deps: Pick<TicketDeps, 'tickets' | 'clock' | 'newId' | 'policies' | 'settings'>,
) {
  const applyStep = makeApplySystemStep(deps, { id: 'sla-engine', role: 'system' });
  return async (ticketId: string): Promise<{ fired: FiredPoint[]; closed: boolean }> => {
    // What the last (successful) decision fired; a retried decision overwrites it.
    let fired: FiredPoint[] = [];
    const next = await applyStep(ticketId, (ticket, now) => {
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
    if (!next) return { fired: [], closed: false };
    return { fired, closed: next.status === 'closed' };
  };
}
