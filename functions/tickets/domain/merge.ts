import { BusinessRuleError } from '../../shared/errors.js';
import type { TicketEventBodyOf } from '../contracts/events.js';
import type { Actor, Ticket, TicketEvent, Visibility } from './ticket.js';

/**
 * Merging a duplicate (ADR 15): staff close one open ticket (the source) into another open ticket
 * of the same customer and order (the target). The rules here are pure; the lifecycle's `merge`
 * action builds the two tickets' changes, which the repository writes as one transaction.
 */

/** A ticket whose work is over takes part in no merge. */
export function isOpenForMerge(ticket: Pick<Ticket, 'status'>): boolean {
  return !['resolved', 'closed', 'cancelled'].includes(ticket.status);
}

/**
 * Money in flight: an approved refund not paid yet (approved, paying, or an attempt whose outcome
 * is unknown). Closing the ticket would strand a payment that may still happen; it is settled on
 * its own ticket first. A refund only requested is let go, as a cancel would.
 */
export function hasMoneyInFlight(ticket: Pick<Ticket, 'refund'>): boolean {
  const { refund } = ticket;
  if (!refund) return false;
  return refund.status === 'approved' || refund.status === 'processing' || refund.outcomeUnknown === true;
}

/**
 * Goods in flight: a parcel coming back (a pickup booked or a return shipped) or one going out.
 * Its units cannot go back to the order while the goods travel under this ticket.
 */
export function hasGoodsInFlight(
  ticket: Pick<Ticket, 'returnShipment' | 'pickupBooking' | 'outboundShipment'>,
): boolean {
  return Boolean(ticket.returnShipment || ticket.pickupBooking || ticket.outboundShipment);
}

const refuse = (code: string, message: string) =>
  new BusinessRuleError(code, message, [{ path: 'intoTicketId', message }]);

/** Throws the 422 that refuses merging `source` into `target`, naming `intoTicketId`. */
export function assertMergeable(source: Ticket, target: Ticket | undefined): asserts target is Ticket {
  if (!target) throw refuse('MERGE_TARGET_NOT_FOUND', 'No ticket with this id.');
  if (target.id === source.id) throw refuse('MERGE_SAME_TICKET', 'A ticket cannot be merged into itself.');
  if (target.customerId !== source.customerId)
    throw refuse('MERGE_DIFFERENT_CUSTOMER', 'The tickets belong to different customers.');
  if (target.orderId !== source.orderId)
    throw refuse(
      'MERGE_DIFFERENT_ORDER',
      'The tickets concern different orders (or only one of them an order).',
    );
  if (!isOpenForMerge(target))
    throw refuse('MERGE_TARGET_NOT_OPEN', `The target ticket is ${target.status}.`);
  if (hasMoneyInFlight(source))
    throw refuse(
      'MERGE_MONEY_IN_FLIGHT',
      'This ticket has an approved refund not paid yet: settle it before merging.',
    );
  if (hasGoodsInFlight(source))
    throw refuse('MERGE_GOODS_IN_FLIGHT', 'Goods travel under this ticket: finish the shipment first.');
}

/** A copied message: the event keeps its original author and time (`original`). */
export type CopiedMessage = TicketEventBodyOf<'MessageCopied'> & {
  readonly visibility: Visibility;
  readonly original: { readonly actor: Actor; readonly at: string };
};

/**
 * What the target's timeline receives of the source: its opening description (by whoever opened
 * it, when it was opened) and every message, public and internal, in the source's order, each
 * with its original author, time and visibility. Messages the source had copied from an earlier
 * merge come along too.
 */
export function copiedMessages(source: Ticket, timeline: readonly TicketEvent[]): CopiedMessage[] {
  const copies: CopiedMessage[] = [];
  const opened = timeline.find((event) => event.type === 'TicketCreated');
  const opening = [source.subject, source.description].filter(Boolean).join('\n\n');
  if (opening)
    copies.push({
      type: 'MessageCopied',
      visibility: 'public',
      data: { body: opening, internal: false, mergedFrom: source.id, originalEventId: null },
      original: {
        actor: opened?.actor ?? { id: source.customerId, role: 'customer' },
        at: source.createdAt,
      },
    });
  for (const event of timeline) {
    if (event.type !== 'MessageAdded' && event.type !== 'MessageCopied') continue;
    copies.push({
      type: 'MessageCopied',
      visibility: event.visibility,
      data: {
        body: event.data.body,
        internal: event.data.internal,
        mergedFrom: source.id,
        originalEventId: event.id,
      },
      original: { actor: event.actor, at: event.at },
    });
  }
  return copies;
}

/** Units the source still holds on its order: they go back when it closes. */
export function unitsHeld(source: Pick<Ticket, 'holds'>): number {
  return (source.holds?.lines ?? []).reduce((sum, line) => sum + line.quantity, 0);
}
