export interface RefundPayment {
  /** Same key, same outcome: a retry never pays twice. */
  readonly idempotencyKey: string;
  readonly reference: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
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
