export interface RefundPayment {
  /** Same key, same outcome: a retry never pays twice. */
  readonly idempotencyKey: string;
  readonly reference: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
}

/** Port: the shop's payment provider. */
export interface PaymentGateway {
  refund(payment: RefundPayment): Promise<{ gatewayRefundId: string }>;
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
