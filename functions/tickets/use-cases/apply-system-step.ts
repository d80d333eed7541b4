import type { Transition } from '../domain/lifecycle.js';
import type { Ticket } from '../domain/ticket.js';
import { settle, stampEvents, type TicketDeps } from './deps.js';
import { retryOnContention } from './retry-on-contention.js';

export const systemActor = { id: 'redress', role: 'system' as const };

/**
 * Applies a step a worker decided on. `decide` sees the fresh ticket and returns the transition,
 * or null when there is nothing (left) to do — which is how redelivered messages become no-ops.
 * A concurrent change makes it re-read and decide again.
 */
export function makeApplySystemStep(
  deps: Pick<TicketDeps, 'tickets' | 'clock' | 'newId' | 'policies' | 'settings' | 'afterSales'>,
  actor: { readonly id: string; readonly role: 'system' } = systemActor,
) {
  const { tickets, clock, newId } = deps;
  return async (
    ticketId: string,
    decide: (ticket: Ticket, now: Date) => Transition | null | Promise<Transition | null>,
  ) => {
    const contention = retryOnContention();
    for (;;) {
      const ticket = await tickets.get(ticketId);
      if (!ticket) return null;
      const now = clock.now();
      const transition = await decide(ticket, now);
      if (!transition) return null;
      const next = { ...(await settle(transition.ticket, deps, now)), version: ticket.version + 1 };
      try {
        await tickets.update(
          next,
          ticket.version,
          stampEvents(transition.events, ticket, actor, now, newId),
          transition.orderChanges,
          transition.tracking,
        );
        return next;
      } catch (error) {
        if (await contention.again(error)) continue;
        throw error;
      }
    }
  };
}
