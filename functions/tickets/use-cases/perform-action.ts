import { ConflictError } from '../../shared/errors.js';
import type { Principal } from '../../shared/principal.js';
import type { ActionRequest } from '../contracts/ticket.js';
import { applyAction, type MoneyFacts, type Transition } from '../domain/lifecycle.js';
import type { Ticket } from '../domain/ticket.js';
import { lifecycleOf } from '../workflows/lifecycles.js';
import { ApprovalLimitError } from '../workflows/steps.js';
import { actorOf, assertVisible, settle, stampEvents, type TicketDeps } from './deps.js';
import { retryOnContention } from './retry-on-contention.js';
import { toTicketView } from './ticket-view.js';

/**
 * Applies an action. With `version`, the caller asserts the state it saw: any change since is a
 * 409. Without it, a concurrent change makes us re-read and re-judge the action on fresh state
 * (retryOnContention: jittered backoff until a deadline).
 */
export function makePerformAction(
  deps: Pick<TicketDeps, 'tickets' | 'orders' | 'afterSales' | 'clock' | 'newId' | 'policies' | 'settings'>,
) {
  const { tickets, clock, newId } = deps;
  /** An approval or an appeal is judged on the order's money as it stands and the rules in force. */
  const moneyFor = async (ticket: Ticket, action: string): Promise<MoneyFacts | undefined> => {
    const moves = (action === 'approve' && ticket.refund) || (action === 'appeal' && ticket.orderId);
    if (!moves) return undefined;
    const [order, afterSales] = await Promise.all([
      ticket.orderId ? deps.orders.get(ticket.orderId) : undefined,
      deps.afterSales.current(),
    ]);
    return { order: order ?? null, afterSales };
  };
  /** A merge is judged on its target as it stands and on the source's timeline (the messages it copies). */
  const mergeFor = async (ticket: Ticket, input: ActionRequest) => {
    if (input.action !== 'merge') return undefined;
    const [target, found] = await Promise.all([
      tickets.get(input.intoTicketId),
      tickets.getWithTimeline(ticket.id),
    ]);
    if (found && found.ticket.version !== ticket.version)
      throw new ConflictError(`Ticket ${ticket.id} changed while the merge was prepared.`, 'STALE_VERSION');
    return { target, timeline: found?.events ?? [] };
  };
  const store = async (ticket: Ticket, transition: Transition, principal: Principal, now: Date) => {
    const next = { ...(await settle(transition.ticket, deps, now)), version: ticket.version + 1 };
    const { counterpart } = transition;
    if (counterpart) {
      // A merge: the target changes in the same transaction, conditioned on the version it was read at.
      const target = counterpart.ticket;
      const actor = actorOf(principal);
      await tickets.merge(
        {
          ticket: next,
          expectedVersion: ticket.version,
          events: stampEvents(transition.events, ticket, actor, now, newId),
        },
        {
          ticket: { ...(await settle(target, deps, now)), version: target.version + 1 },
          expectedVersion: target.version,
          events: stampEvents(counterpart.events, target, actor, now, newId),
        },
        transition.orderChanges,
      );
      return next;
    }
    await tickets.update(
      next,
      ticket.version,
      stampEvents(transition.events, ticket, actorOf(principal), now, newId),
      transition.orderChanges,
      transition.tracking,
    );
    return next;
  };
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
      try {
        let transition: Transition;
        try {
          transition = applyAction(lifecycleOf(ticket.type), {
            ticket,
            input,
            actorId: principal.id,
            roles: principal.roles,
            now,
            money: await moneyFor(ticket, input.action),
            merge: await mergeFor(ticket, input),
          });
        } catch (error) {
          // Above the caller's ceiling: the offer to the next level is recorded, the approval refused.
          if (error instanceof ApprovalLimitError && error.offer)
            await store(ticket, error.offer, principal, now);
          throw error;
        }
        // Nothing changed (a tag already there, or not there to remove): nothing is written.
        if (transition.unchanged) return toTicketView(ticket, principal, now);
        return toTicketView(await store(ticket, transition, principal, now), principal, now);
      } catch (error) {
        if (expected === undefined && (await contention.again(error))) continue;
        throw error;
      }
    }
  };
}
