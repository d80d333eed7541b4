export interface RefundPayment {
  /** Same key, same outcome: a retry never pays twice. */
  readonly idempotencyKey: string;
  readonly reference: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
}

/** A ticket of the customer's history, as far as auto-approval counts it. */
export interface PastTicket {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly createdAt: string;
  readonly refund?: { readonly status: string; readonly amount: number } | null;
}

/** Port: the customer's tickets, for the auto-approval rules' 30-day history. */
export interface RefundHistory {
  /**
   * The customer's tickets created at or after `since`, newest first, read lazily in pages of
   * `pageSize`: a reader that stops early reads no further page.
   */
  createdSince(customerId: string, since: Date, pageSize: number): AsyncIterable<PastTicket>;
}

/** What the provider knows of an idempotency key. */
export type GatewayLookup = { state: 'paid'; gatewayRefundId: string } | { state: 'not_found' };

/** Port: the shop's payment provider. */
export interface PaymentGateway {
  refund(payment: RefundPayment): Promise<{ gatewayRefundId: string }>;
  /**
   * Whether a refund was paid under `idempotencyKey` — the answer to a call whose response was
   * lost (timeout). Throws TransientGatewayError when the provider cannot say now.
   */
  lookup(idempotencyKey: string): Promise<GatewayLookup>;
}

/** Worth retrying: timeouts, 5xx, throttling. */
export class TransientGatewayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientGatewayError';
  }
}

/** Retrying cannot help: the provider refused this refund. */
export class PermanentGatewayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentGatewayError';
  }
}
