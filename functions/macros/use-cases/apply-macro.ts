import { messageIdFor } from '../../shared/derived-id.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import type { Principal } from '../../shared/principal.js';
import type { ActionInput } from '../../tickets/domain/actions.js';
import { applyAction, applyMessage, chain, type Transition } from '../../tickets/domain/lifecycle.js';
import type { Ticket, TicketEvent } from '../../tickets/domain/ticket.js';
import {
  actorOf,
  assertVisible,
  settle,
  stampEvents,
  type TicketDeps,
} from '../../tickets/use-cases/deps.js';
import { retryOnContention } from '../../tickets/use-cases/retry-on-contention.js';
import { toStaffTicketView, toTimelineEventView } from '../../tickets/use-cases/ticket-view.js';
import { lifecycleOf } from '../../tickets/workflows/lifecycles.js';
import { type Macro, type MacroAction, type RenderedMacro, renderMacro } from '../domain/macro.js';
import type { MacroRepository } from '../domain/macro-repository.js';

export interface ApplyMacroDeps
  extends Pick<
    TicketDeps,
    'tickets' | 'orders' | 'clock' | 'newId' | 'policies' | 'settings' | 'afterSales'
  > {
  readonly macros: MacroRepository;
  /** Where dates are written for a customer whose order names no zone. */
  readonly deskTimeZone: string;
}

export interface ApplyMacroOptions {
  /** The ticket version the agent saw: any change since is 409 STALE_VERSION. */
  readonly version?: number | undefined;
  /**
   * The request's `Idempotency-Key`: the message's id is derived from the caller, the ticket and
   * the key and claimed in the same write, so a retry sends nothing twice (as for messages).
   */
  readonly idempotencyKey?: string | undefined;
}

/** What a macro's follow-up action is as a ticket action, given the message it was sent with. */
function actionInput(entry: MacroAction, body: string): ActionInput {
  switch (entry.action) {
    case 'request_info':
      // The macro's message is the question: it is on the timeline already.
      return { action: 'request_info' };
    case 'resolve':
      return { action: 'resolve', summary: body };
    case 'set_priority':
      return { action: 'set_priority', priority: entry.priority };
    case 'add_tag':
    case 'remove_tag':
      return { action: entry.action, tag: entry.tag };
  }
}

/**
 * `POST /v1/tickets/{ticketId}/macros/{macroId}`: the macro's body in the customer's language,
 * its variables filled from the ticket and the order, posted as a public staff message; then its
 * actions, each on the ticket the previous one reached. Message and actions are ONE write (one
 * version): an action that does not fit is 409 ACTION_NOT_ALLOWED and nothing is posted.
 */
export function makeApplyMacro(deps: ApplyMacroDeps) {
  const { tickets, orders, macros, clock, newId } = deps;

  async function render(macro: Macro, ticket: Ticket): Promise<RenderedMacro> {
    const order = ticket.orderId ? await orders.get(ticket.orderId) : undefined;
    return renderMacro(
      macro,
      { ticket, order: order ?? null, deskTimeZone: deps.deskTimeZone },
      ticket.locale,
    );
  }

  /** The message this caller already sent with this key, if any; another macro under it is a 409. */
  async function earlier(principal: Principal, ticketId: string, messageId: string, macro: Macro) {
    const found = await tickets.getWithTimeline(ticketId);
    const ticket = assertVisible(found?.ticket, principal, ticketId);
    const message = found?.events.find((event) => event.id === messageId);
    if (!message) return undefined;
    if (
      message.type !== 'MessageAdded' ||
      message.actor.id !== principal.id ||
      message.data.macroId !== macro.id
    )
      throw new ConflictError(
        'This Idempotency-Key was used with a different request.',
        'IDEMPOTENCY_KEY_REUSED',
      );
    return { ticket, message };
  }

  function answer(
    ticket: Ticket,
    message: TicketEvent,
    missing: RenderedMacro['missing'],
    principal: Principal,
  ) {
    return {
      ticket: toStaffTicketView(ticket, principal, clock.now()),
      message: toTimelineEventView(message),
      missing: [...missing],
    };
  }

  return async (principal: Principal, ticketId: string, macroId: string, options: ApplyMacroOptions = {}) => {
    const macro = await macros.get(macroId);
    if (!macro) throw new NotFoundError(`No macro ${macroId}.`);
    const messageId =
      options.idempotencyKey === undefined
        ? undefined
        : messageIdFor(principal.id, ticketId, options.idempotencyKey);
    if (messageId !== undefined) {
      const sent = await earlier(principal, ticketId, messageId, macro);
      if (sent)
        return answer(sent.ticket, sent.message, (await render(macro, sent.ticket)).missing, principal);
    }
    const contention = retryOnContention();
    for (;;) {
      const ticket = assertVisible(await tickets.get(ticketId), principal, ticketId);
      if (options.version !== undefined && ticket.version !== options.version)
        throw new ConflictError(
          `Ticket ${ticketId} is at version ${ticket.version}, not ${options.version}.`,
          'STALE_VERSION',
        );
      const now = clock.now();
      const rendered = await render(macro, ticket);
      const lifecycle = lifecycleOf(ticket.type);
      const transition: Transition = chain(ticket, [
        (reached) => applyMessage(reached, { role: 'staff', internal: false }, now),
        ...macro.actions.map(
          (entry) => (reached: Ticket) =>
            applyAction(lifecycle, {
              ticket: reached,
              input: actionInput(entry, rendered.body),
              actorId: principal.id,
              roles: principal.roles,
              now,
            }),
        ),
      ]);
      const actor = actorOf(principal);
      const [message] = stampEvents(
        [
          {
            type: 'MessageAdded',
            visibility: 'public',
            data: { body: rendered.body, internal: false, macroId: macro.id, macroVersion: macro.version },
          },
        ],
        ticket,
        actor,
        now,
        messageId === undefined ? newId : () => messageId,
      );
      if (!message) throw new Error('A macro always posts its message.');
      try {
        const next = { ...(await settle(transition.ticket, deps, now)), version: ticket.version + 1 };
        await tickets.update(
          next,
          ticket.version,
          [message, ...stampEvents(transition.events, ticket, actor, now, newId)],
          transition.orderChanges,
          undefined,
          messageId === undefined ? undefined : { eventId: messageId },
        );
        return answer(next, message, rendered.missing, principal);
      } catch (error) {
        if (messageId !== undefined && error instanceof ConflictError && error.code === 'EVENT_EXISTS') {
          const sent = await earlier(principal, ticketId, messageId, macro);
          if (sent) return answer(sent.ticket, sent.message, rendered.missing, principal);
        }
        if (options.version === undefined && (await contention.again(error))) continue;
        throw error;
      }
    }
  };
}
