import type { Ticket } from '../../../domain/ticket.js';
import type { makeApplySystemStep } from '../../../use-cases/apply-system-step.js';
import type { Carrier } from '../domain/ports.js';
import { authorizeReturn } from '../domain/steps.js';

/**
 * An approved return, exchange or repair: book the courier pickup when the customer asked for
 * one, or issue drop-off instructions, and move the ticket to awaiting_shipment. The booking key
 * is the ticket id, so a redelivered event gets the same booking; a ticket no longer approved is
 * left as it is.
 */
export function makeAuthorizeReturn(deps: {
  readonly applyStep: ReturnType<typeof makeApplySystemStep>;
  readonly carrier: Carrier;
}) {
  return async (ticketId: string): Promise<Ticket | null> =>
    deps.applyStep(ticketId, async (ticket, now) => {
      if (ticket.status !== 'approved') return null;
      const booking =
        ticket.returnMethod === 'pickup' && ticket.pickup
          ? await deps.carrier.bookPickup({
              idempotencyKey: ticket.id,
              reference: ticket.id,
              address: ticket.pickup.address,
              window: ticket.pickup.window,
            })
          : null;
      return authorizeReturn(ticket, booking, now);
    });
}
