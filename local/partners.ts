import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { signatureMatches } from '../functions/shared/signed-http.js';

/**
 * Local simulators of the partners behind ports: the payment provider and the courier. They
 * check the request signature, honour idempotency keys exactly as a real provider would (same
 * key → same answer, money moves once) and can be told to fail, for tests and demos. Given a
 * file (the runtime's data directory), they keep what they paid and booked across restarts,
 * written on every change, as a real provider does; without one, everything is in memory.
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

export interface PickupRecord {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly reference: string;
  readonly address: string;
  readonly at: string;
}

interface Booking {
  readonly carrier: string;
  readonly bookingId: string;
  readonly window: unknown;
}

/**
 * `transient`: 503; `permanent`: 422; `lost`: the payment is made, but the answer never comes
 * (the caller times out), as when a provider's response is lost on the way back.
 */
export type GatewayMode = 'ok' | 'transient' | 'permanent' | 'lost';
export const gatewayModes: readonly GatewayMode[] = ['ok', 'transient', 'permanent', 'lost'];

/** An answer to send, or `lost`: leave the request unanswered until the caller gives up. */
export type PartnerAnswer = { status: number; body: unknown } | 'lost';

interface Saved {
  payments: PaymentRecord[];
  pickups: PickupRecord[];
  bookings: Record<string, Booking>;
  paymentCalls: number;
}

export class PartnerSimulators {
  readonly payments: PaymentRecord[] = [];
  readonly pickups: PickupRecord[] = [];
  paymentCalls = 0;
  private mode: GatewayMode = 'ok';
  /** How many more calls fail in `mode`; Infinity = until told otherwise. */
  private failuresLeft = 0;
  private readonly byKey = new Map<string, PaymentRecord>();
  private readonly bookings = new Map<string, Booking>();
  private readonly file: string | undefined;

  constructor(
    readonly secret: string,
    options: { readonly file?: string | undefined } = {},
  ) {
    this.file = options.file;
    if (this.file && existsSync(this.file)) {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<Saved>;
      this.payments.push(...(saved.payments ?? []));
      this.pickups.push(...(saved.pickups ?? []));
      for (const payment of this.payments) this.byKey.set(payment.idempotencyKey, payment);
      for (const [key, booking] of Object.entries(saved.bookings ?? {})) this.bookings.set(key, booking);
      this.paymentCalls = saved.paymentCalls ?? 0;
    }
  }

  setBehaviour(mode: GatewayMode, times: number | undefined): void {
    this.mode = mode;
    this.failuresLeft = mode === 'ok' ? 0 : (times ?? Number.POSITIVE_INFINITY);
  }

  /** The payment made under an idempotency key, if any (the provider's lookup). */
  paymentFor(idempotencyKey: string): PaymentRecord | undefined {
    return this.byKey.get(idempotencyKey);
  }

  /** Checks a signed GET: the signature covers `<timestamp>.<path and query>`. */
  verifiedRead(headers: Record<string, string | string[] | undefined>, pathAndQuery: string): boolean {
    return this.verified(headers, pathAndQuery);
  }

  private verified(headers: Record<string, string | string[] | undefined>, body: string): boolean {
    const timestamp = String(headers['x-redress-timestamp'] ?? '');
    const signature = String(headers['x-redress-signature'] ?? '');
    return signatureMatches(this.secret, timestamp, body, signature);
  }

  /** Writes everything to the file, atomically (a crash leaves the old or the new file). */
  private save(): void {
    if (!this.file) return;
    const saved: Saved = {
      payments: this.payments,
      pickups: this.pickups,
      bookings: Object.fromEntries(this.bookings),
      paymentCalls: this.paymentCalls,
    };
    writeFileSync(`${this.file}.tmp`, JSON.stringify(saved));
    renameSync(`${this.file}.tmp`, this.file);
  }

  refund(headers: Record<string, string | string[] | undefined>, body: string): PartnerAnswer {
    if (!this.verified(headers, body)) return { status: 401, body: { error: 'bad signature' } };
    const key = String(headers['idempotency-key'] ?? '');
    if (!key) return { status: 400, body: { error: 'Idempotency-Key required' } };
    this.paymentCalls += 1;
    const done = this.byKey.get(key);
    if (done) {
      // A lost answer is lost on the way back, replay or not: the caller still cannot know.
      const dropped = this.mode === 'lost' && this.failuresLeft > 0;
      if (dropped) this.failuresLeft -= 1;
      this.save();
      return dropped ? 'lost' : { status: 200, body: { id: done.id, replayed: true } };
    }
    let lost = false;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      if (this.mode === 'transient') return { status: 503, body: { error: 'temporarily unavailable' } };
      if (this.mode === 'permanent') return { status: 422, body: { error: 'card account closed' } };
      lost = this.mode === 'lost';
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
      reference: request.reference,
      orderId: request.orderId,
      amount: request.amount,
      currency: request.currency,
      at: new Date().toISOString(),
    };
    this.byKey.set(key, record);
    this.payments.push(record);
    this.save();
    return lost ? 'lost' : { status: 201, body: { id: record.id } };
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
    const booking: Booking = {
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
    this.save();
    return { status: 201, body: booking };
  }
}
