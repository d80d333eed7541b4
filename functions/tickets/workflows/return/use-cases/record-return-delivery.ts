import { NotFoundError } from '../../../../shared/errors.js';
import { makeApplySystemStep } from '../../../use-cases/apply-system-step.js';
import type { TicketDeps } from '../../../use-cases/deps.js';
import { recordReturnDelivery } from '../domain/steps.js';

/**
 * A carrier event relayed by the shop platform: the return parcel with this tracking number was
 * delivered to the shop. The ticket's `shopConfirmReceipt` timeout starts from `deliveredAt`.
 * Idempotent: a second report of the same delivery changes nothing.
 */
export function makeRecordReturnDelivery(
  deps: Pick<TicketDeps, 'tickets' | 'clock' | 'newId' | 'policies' | 'settings' | 'afterSales'>,
) {
  const applyStep = makeApplySystemStep(deps, { id: 'carrier', role: 'system' });
  return async (delivery: { carrier: string; trackingNumber: string; deliveredAt?: string | undefined }) => {
    const ticketId = await deps.tickets.ticketForTracking(delivery);
    if (!ticketId) {
      throw new NotFoundError(`No return shipped with ${delivery.carrier} ${delivery.trackingNumber}.`);
    }
    const next = await applyStep(ticketId, (ticket, now) =>
      recordReturnDelivery(ticket, delivery.deliveredAt ?? now.toISOString(), now),
    );
    const ticket = next ?? (await deps.tickets.get(ticketId));
    return {
      ticketId,
      status: ticket?.status ?? 'unknown',
      deliveredAt: ticket?.returnShipment?.deliveredAt ?? null,
      inspectBy: ticket?.platformTimer?.rule === 'shopConfirmReceipt' ? ticket.platformTimer.dueAt : null,
    };
  };
}
