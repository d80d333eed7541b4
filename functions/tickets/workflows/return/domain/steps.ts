import type { Transition } from '../../../domain/lifecycle.js';
import type { PickupBooking, Ticket } from '../../../domain/ticket.js';
import { at, refuse, step } from '../../steps.js';

/**
 * The goods coming back (returns, exchanges, repairs): the authorisation to ship once approved,
 * and the carrier's report that the parcel reached the shop. Pure; the return worker and the
 * delivery relay apply them.
 */
/** An approved return, exchange or repair may ship: by courier pickup (booked) or drop-off. */
export function authorizeReturn(ticket: Ticket, booking: PickupBooking | null, now: Date): Transition {
  if (!['return', 'exchange', 'repair'].includes(ticket.type) || ticket.status !== 'approved')
    refuse(ticket, 'authorise');
  return {
    ticket: step(ticket, 'awaiting_shipment', now, { pickupBooking: booking }),
    events: booking
      ? [{ type: 'PickupBooked', visibility: 'public', data: { ...booking } }]
      : [
          {
            type: 'ReturnAuthorized',
            visibility: 'public',
            data: { returnMethod: ticket.returnMethod ?? 'dropoff' },
          },
        ],
  };
}

/**
 * The carrier confirmed the return parcel reached the shop: the shop's time to inspect it
 * (`shopConfirmReceipt`) starts. A tracking number the customer typed starts nothing by itself.
 */
export function recordReturnDelivery(ticket: Ticket, deliveredAt: string, now: Date): Transition | null {
  const shipment = ticket.returnShipment;
  if (!shipment || !['in_transit', 'received'].includes(ticket.status)) return null;
  if (shipment.deliveredAt) return null;
  return {
    ticket: { ...ticket, returnShipment: { ...shipment, deliveredAt }, updatedAt: at(now) },
    events: [
      {
        type: 'ReturnDelivered',
        visibility: 'public',
        data: { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, deliveredAt },
      },
    ],
  };
}
