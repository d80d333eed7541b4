import { ConflictError } from '../../shared/errors.js';
import type { Principal } from '../../shared/principal.js';
import type { ActionRequest } from '../contracts/ticket.js';
import { applyAction } from '../domain/lifecycle.js';
import { lifecycleOf } from '../domain/lifecycles/index.js';
import { actorOf, assertVisible, settle, stampEvents, type TicketDeps } from './deps.js';
import { retryOnContention } from './retry-on-contention.js';
import { toTicketView } from './ticket-view.js';

/**
 * Applies an action. With `version`, the caller asserts the state it saw: any change since is a
 * 409. Without it, a concurrent change makes us re-read and re-judge the action on fresh state
 * (retryOnContention: jittered backoff until a deadline).
 */
export function makePerformAction(
  deps: Pick<TicketDeps, 'tickets' | 'clock' | 'newId' | 'policies' | 'settings'>,
) {
  const { tickets, clock, newId } = deps;
  return async (principal: Principal, ticketId: string, request: ActionRequest) => {
    const { version: expected, ...input } = request;
    const contention = retryOnContention();
    for (;;) {
      const ticket = assertVisible(await tickets.get(ticketId), principal, ticketId);
      if (expected !== undefined && ticket.version !== expected) {
        throw new ConflictError(
          `Ticket ${ticketId} is at version ${ticket.version}, not ${expected}.`,
          'STALE_VERSION',
        );
      }
      const now = clock.now();
      const transition = applyAction(lifecycleOf(ticket.type), {
        ticket,
        input,
        actorId: principal.id,
        roles: principal.roles,
        now,
      });
      const next = { ...(await settle(transition.ticket, deps, now)), version: ticket.version + 1 };
      try {
        await tickets.update(
          next,
          ticket.version,
          stampEvents(transition.events, ticket, actorOf(principal), now, newId),
          transition.orderChanges,
        );
        return toTicketView(next, principal, now);
      } catch (error) {
        if (expected === undefined && (await contention.again(error))) continue;
        throw error;
      }
    }
  };
}
