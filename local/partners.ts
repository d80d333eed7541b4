import { randomUUID } from 'node:crypto';
import { signatureMatches } from '../functions/shared/signed-http.js';

/**
 * Local simulators of the partners behind ports: the payment provider and the courier. They
 * check the request signature, honour idempotency keys exactly as a real provider would (same
 * key → same answer, money moves once) and can be told to fail, for tests and demos.
 */
export interface PaymentRecord {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly reference: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly at: string;
}

export type GatewayMode = 'ok' | 'transient' | 'permanent';

export class PartnerSimulators {
  readonly payments: PaymentRecord[] = [];
  readonly pickups: { id: string; idempotencyKey: string; reference: string; address: string; at: string }[] =
    [];
  paymentCalls = 0;
  private mode: GatewayMode = 'ok';
  /** How many more calls fail in `mode`; Infinity = until told otherwise. */
  private failuresLeft = 0;
  private readonly byKey = new Map<string, PaymentRecord>();
  private readonly bookings = new Map<string, { carrier: string; bookingId: string; window: unknown }>();

  constructor(readonly secret: string) {}

  setBehaviour(mode: GatewayMode, times: number | undefined): void {
    this.mode = mode;
    this.failuresLeft = mode === 'ok' ? 0 : (times ?? Number.POSITIVE_INFINITY);
  }

  private verified(headers: Record<string, string | string[] | undefined>, body: string): boolean {
    const timestamp = String(headers['x-redress-timestamp'] ?? '');
    const signature = String(headers['x-redress-signature'] ?? '');
    return signatureMatches(this.secret, timestamp, body, signature);
  }

  refund(
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): { status: number; body: unknown } {
    if (!this.verified(headers, body)) return { status: 401, body: { error: 'bad signature' } };
    const key = String(headers['idempotency-key'] ?? '');
    if (!key) return { status: 400, body: { error: 'Idempotency-Key required' } };
    this.paymentCalls += 1;
    const done = this.byKey.get(key);
    if (done) return { status: 200, body: { id: done.id, replayed: true } };
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      if (this.mode === 'transient') return { status: 503, body: { error: 'temporarily unavailable' } };
      if (this.mode === 'permanent') return { status: 422, body: { error: 'card account closed' } };
    }
    const request = JSON.parse(body) as {
      reference: string;
      orderId: string;
      amount: number;
      currency: string;
    };
    const record: PaymentRecord = {
      id: `rf_${randomUUID()}`,
      idempotencyKey: key,
      ...request,
      at: new Date().toISOString(),
    };
    this.byKey.set(key, record);
    this.payments.push(record);
    return { status: 201, body: { id: record.id } };
  }

  bookPickup(
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): { status: number; body: unknown } {
    if (!this.verified(headers, body)) return { status: 401, body: { error: 'bad signature' } };
    const key = String(headers['idempotency-key'] ?? '');
    const existing = this.bookings.get(key);
    if (existing) return { status: 200, body: existing };
    const request = JSON.parse(body) as { reference: string; address: string; window: unknown };
    const booking = {
      carrier: 'local-courier',
      bookingId: `pk_${randomUUID().slice(0, 8)}`,
      window: request.window,
    };
    this.bookings.set(key, booking);
    this.pickups.push({
      id: booking.bookingId,
      idempotencyKey: key,
      reference: request.reference,
      address: request.address,
      at: new Date().toISOString(),
    });
    return { status: 201, body: booking };
  }
}
