import { messageIdFor } from '../../shared/derived-id.js';
import { ConflictError, ForbiddenError } from '../../shared/errors.js';
import { isStaff, type Principal } from '../../shared/principal.js';
import { applyMessage } from '../domain/lifecycle.js';
import type { TicketEvent } from '../domain/ticket.js';
import { actorOf, assertVisible, settle, stampEvents, type TicketDeps } from './deps.js';
import { retryOnContention } from './retry-on-contention.js';

export interface PostMessageInput {
  readonly body: string;
  readonly internal: boolean;
}

export interface PostMessageOptions {
  /**
   * The request's `Idempotency-Key`: the message's id is then derived from the caller, the
   * ticket and the key, and claimed on the ticket in the same write, so a second run of the
   * request posts nothing and answers the first message.
   */
  readonly idempotencyKey?: string | undefined;
}

export function makePostMessage(
  deps: Pick<TicketDeps, 'tickets' | 'clock' | 'newId' | 'policies' | 'settings' | 'afterSales'>,
) {
  const { tickets, clock, newId } = deps;

  /** The message this caller already posted under the key, if any; another request under it is a 409. */
  async function earlier(principal: Principal, ticketId: string, messageId: string, input: PostMessageInput) {
    const found = await tickets.getWithTimeline(ticketId);
    assertVisible(found?.ticket, principal, ticketId);
    const message = found?.events.find((event) => event.id === messageId);
    if (!message) return undefined;
    const data = message.data as Partial<PostMessageInput> | undefined;
    if (
      message.type !== 'MessageAdded' ||
      message.actor.id !== principal.id ||
      data?.body !== input.body ||
      data?.internal !== input.internal
    ) {
      throw new ConflictError(
        'This Idempotency-Key was used with a different request body.',
        'IDEMPOTENCY_KEY_REUSED',
      );
    }
    return message;
  }

  return async (
    principal: Principal,
    ticketId: string,
    input: PostMessageInput,
    options: PostMessageOptions = {},
  ): Promise<TicketEvent | undefined> => {
    const staff = isStaff(principal);
    if (input.internal && !staff) throw new ForbiddenError('Only staff write internal notes.');
    const messageId =
      options.idempotencyKey === undefined
        ? undefined
        : messageIdFor(principal.id, ticketId, options.idempotencyKey);
    if (messageId !== undefined) {
      // Before the lifecycle judges it: the first run's message stands even if the ticket moved on.
      const posted = await earlier(principal, ticketId, messageId, input);
      if (posted) return posted;
    }
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
        messageId === undefined ? newId : () => messageId,
      );
      const follow = stampEvents(transition.events, ticket, actor, now, newId);
      try {
        const next = { ...(await settle(transition.ticket, deps, now)), version: ticket.version + 1 };
        await tickets.update(
          next,
          ticket.version,
          [...message, ...follow],
          undefined,
          undefined,
          messageId === undefined ? undefined : { eventId: messageId },
        );
        return message[0];
      } catch (error) {
        // Another run of the same request posted it first: answer that message.
        if (messageId !== undefined && error instanceof ConflictError && error.code === 'EVENT_EXISTS') {
          const posted = await earlier(principal, ticketId, messageId, input);
          if (posted) return posted;
        }
        // A message never depends on the version the author saw: re-read and append again.
        if (await contention.again(error)) continue;
        throw error;
      }
    }
  };
}
