import { NotFoundError } from '../../../../shared/errors.js';
import type { TicketRepository } from '../../../domain/ticket-repository.js';
import type { PaymentGateway } from '../domain/ports.js';

/**
 * For staff: where the current payment attempt of a ticket stands at the gateway, looked up by
 * its idempotency key — what a stuck attempt (outcome unknown) really did before anyone settles
 * it another way.
 */
export function makeGetRefundAttempt(deps: { tickets: TicketRepository; gateway: PaymentGateway }) {
  return async (ticketId: string) => {
    const ticket = await deps.tickets.get(ticketId);
    if (!ticket?.refund) throw new NotFoundError(`Ticket ${ticketId} has no refund.`);
    const { attempt, status, outcomeUnknown, amount, currency } = ticket.refund;
    const idempotencyKey = attempt > 0 ? `${ticket.id}#${attempt}` : null;
    const gateway = idempotencyKey
      ? await deps.gateway.lookup(idempotencyKey)
      : { state: 'not_started' as const };
    return {
      ticketId: ticket.id,
      attempt,
      idempotencyKey,
      status,
      outcomeUnknown: outcomeUnknown ?? false,
      amount,
      currency,
      gateway: {
        state: gateway.state,
        gatewayRefundId: gateway.state === 'paid' ? gateway.gatewayRefundId : null,
      },
    };
  };
}
