import type { PickupBooking } from '../../../domain/ticket.js';

/** Port: the courier that collects returns at the customer's door. */
export interface Carrier {
  bookPickup(request: {
    /** Same key, same booking. */
    idempotencyKey: string;
    reference: string;
    address: string;
    window: { from: string; to: string };
  }): Promise<PickupBooking>;
}
