import { BusinessRuleError, NotFoundError } from '../../shared/errors.js';
import type { SatisfactionRequest, SatisfactionView } from '../contracts/satisfaction.js';
import type { Satisfaction } from '../domain/ticket.js';
import { settle, stampEvents, type TicketDeps } from './deps.js';
import { retryOnContention } from './retry-on-contention.js';

export interface RateTicketInput {
  readonly ticketId: string;
  /** The customer answering: from the JWT, or from the signed survey token. */
  readonly customerId: string;
  readonly answer: SatisfactionRequest;
  readonly via: Satisfaction['via'];
}

/**
 * Records the customer's survey answer on the ticket and as a `SatisfactionRated` event, in
 * one version-conditioned write. A ticket takes one answer, after resolution: a second one is
 * 422 ALREADY_RATED, however it arrives (survey link or account) and however close together.
 */
export function makeRateTicket(
  deps: Pick<TicketDeps, 'tickets' | 'clock' | 'newId' | 'policies' | 'settings' | 'afterSales'>,
) {
  const { tickets, clock, newId } = deps;
  return async ({ ticketId, customerId, answer, via }: RateTicketInput): Promise<SatisfactionView> => {
    const contention = retryOnContention();
    for (;;) {
      const ticket = await tickets.get(ticketId);
      if (!ticket || ticket.customerId !== customerId)
        throw new NotFoundError(`Ticket ${ticketId} was not found.`);
      if (ticket.satisfaction)
        throw new BusinessRuleError('ALREADY_RATED', 'This ticket has been rated already.');
      if (!ticket.resolvedAt)
        throw new BusinessRuleError('NOT_RESOLVED', 'A ticket can be rated once it is resolved.');
      const now = clock.now();
      const satisfaction: Satisfaction = {
        score: answer.score,
        nps: answer.nps ?? null,
        comment: answer.comment && answer.comment !== '' ? answer.comment : null,
        ratedAt: now.toISOString(),
        assigneeId: ticket.assigneeId,
        via,
      };
      const rated = { ...ticket, satisfaction, updatedAt: now.toISOString() };
      const next = { ...(await settle(rated, deps, now)), version: ticket.version + 1 };
      const events = stampEvents(
        [
          {
            type: 'SatisfactionRated',
            visibility: 'public',
            data: {
              score: satisfaction.score,
              nps: satisfaction.nps,
              comment: satisfaction.comment,
              assigneeId: satisfaction.assigneeId,
              via,
            },
          },
        ],
        ticket,
        { id: customerId, role: 'customer' },
        now,
        newId,
      );
      try {
        await tickets.update(next, ticket.version, events);
      } catch (error) {
        // Someone else changed the ticket (perhaps rated it): judge again on fresh state.
        if (await contention.again(error)) continue;
        throw error;
      }
      return {
        ticketId,
        score: satisfaction.score,
        nps: satisfaction.nps,
        comment: satisfaction.comment,
        ratedAt: satisfaction.ratedAt,
      };
    }
  };
}
