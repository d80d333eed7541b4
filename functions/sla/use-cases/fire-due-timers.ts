import { ConflictError } from '../../shared/errors.js';
import { fireTimers } from '../../tickets/domain/timers.js';
import { settle, stampEvents, type TicketDeps } from '../../tickets/use-cases/deps.js';
import { pendingPoints, type TimerPoint } from '../domain/clocks.js';

export interface FiredPoint extends TimerPoint {
  readonly lagMs: number;
  readonly alertOperations: boolean;
}

const MAX_ATTEMPTS = 3;
const system = { id: 'sla-engine', role: 'system' as const };

/**
 * Applies whatever is due on one ticket: warnings, breaches, escalation levels, auto-close.
 * Redelivered or duplicate messages find nothing left to fire, so nothing fires twice.
 */
export function makeFireDueTimers(
  deps: Pick<TicketDeps, 'tickets' | 'clock' | 'newId' | 'policies' | 'settings'>,
) {
  const { tickets, clock, newId } = deps;
  return async (ticketId: string): Promise<{ fired: FiredPoint[]; closed: boolean }> => {
    for (let attempt = 1; ; attempt++) {
      const ticket = await tickets.get(ticketId);
      if (!ticket) return { fired: [], closed: false };
      const now = clock.now();
      const due = pendingPoints(ticket.sla).filter((point) => Date.parse(point.at) <= now.getTime());
      const transition = fireTimers(ticket, now);
      if (transition.events.length === 0) return { fired: [], closed: false };
      const next = { ...(await settle(transition.ticket, deps, now)), version: ticket.version + 1 };
      try {
        await tickets.update(
          next,
          ticket.version,
          stampEvents(transition.events, ticket, system, now, newId),
        );
      } catch (error) {
        if (error instanceof ConflictError && error.code === 'STALE_VERSION' && attempt < MAX_ATTEMPTS)
          continue;
        throw error;
      }
      const fired = ticket.status === 'resolved' ? [] : due;
      return {
        fired: fired.map((point) => ({
          ...point,
          lagMs: now.getTime() - Date.parse(point.at),
          alertOperations:
            ticket.sla.escalations.find((level) => level.level === point.level)?.alertOperations ?? false,
        })),
        closed: next.status === 'closed',
      };
    }
  };
}
