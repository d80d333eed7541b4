import { ForbiddenError } from '../../shared/errors.js';
import { isStaff, type Principal } from '../../shared/principal.js';
import { applyMessage } from '../domain/lifecycle.js';
import { actorOf, assertVisible, settle, stampEvents, type TicketDeps } from './deps.js';
import { retryOnContention } from './retry-on-contention.js';

export interface PostMessageInput {
  readonly body: string;
  readonly internal: boolean;
}

export function makePostMessage(
  deps: Pick<TicketDeps, 'tickets' | 'clock' | 'newId' | 'policies' | 'settings' | 'afterSales'>,
) {
  const { tickets, clock, newId } = deps;
  return async (principal: Principal, ticketId: string, input: PostMessageInput) => {
    const staff = isStaff(principal);
    if (input.internal && !staff) throw new ForbiddenError('Only staff write internal notes.');
    const contention = retryOnContention();
    for (;;) {
      const ticket = assertVisible(await tickets.get(ticketId), principal, ticketId);
      const now = clock.now();
      const transition = applyMessage(
        ticket,
        { role: staff ? 'staff' : 'customer', internal: input.internal },
        now,
      );
      const actor = actorOf(principal);
      const message = stampEvents(
        [
          {
            type: 'MessageAdded',
            visibility: input.internal ? 'internal' : 'public',
            data: { body: input.body, internal: input.internal },
          },
        ],
        ticket,
        actor,
        now,
        newId,
      );
      const follow = stampEvents(transition.events, ticket, actor, now, newId);
      try {
        const next = { ...(await settle(transition.ticket, deps, now)), version: ticket.version + 1 };
        await tickets.update(next, ticket.version, [...message, ...follow]);
        return message[0];
      } catch (error) {
        // A message never depends on the version the author saw: re-read and append again.
        if (await contention.again(error)) continue;
        throw error;
      }
    }
  };
}
