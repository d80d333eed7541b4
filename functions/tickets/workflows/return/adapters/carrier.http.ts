import { postSigned } from '../../../../shared/signed-http.js';
import type { PickupBooking } from '../../../domain/ticket.js';
import type { Carrier } from '../domain/ports.js';

/** The courier's booking API over HTTPS: signed request, idempotency key, timeout. Failures are retried by the queue. */
export class HttpCarrier implements Carrier {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async bookPickup(request: Parameters<Carrier['bookPickup']>[0]): Promise<PickupBooking> {
    const result = await postSigned({
      url: `${this.baseUrl}/pickups`,
      secret: this.secret,
      idempotencyKey: request.idempotencyKey,
      body: { reference: request.reference, address: request.address, window: request.window },
      timeoutMs: this.timeoutMs,
    });
    if (!result.ok) throw new Error(`Pickup booking failed (${result.kind}): ${result.message}`);
    const booking = result.body as {
      carrier?: string;
      bookingId?: string;
      window?: { from: string; to: string };
    };
    if (!booking.carrier || !booking.bookingId) throw new Error('The carrier answered without a booking');
    return {
      carrier: booking.carrier,
      bookingId: booking.bookingId,
      window: booking.window ?? request.window,
    };
  }
}
