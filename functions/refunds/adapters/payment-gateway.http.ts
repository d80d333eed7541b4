import { postSigned } from '../../shared/signed-http.js';
import {
  type PaymentGateway,
  PermanentGatewayError,
  type RefundPayment,
  TransientGatewayError,
} from '../domain/ports.js';

/** The payment provider over HTTPS: signed request, idempotency key, timeout. */
export class HttpPaymentGateway implements PaymentGateway {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async refund(payment: RefundPayment): Promise<{ gatewayRefundId: string }> {
    const result = await postSigned({
      url: `${this.baseUrl}/refunds`,
      secret: this.secret,
      idempotencyKey: payment.idempotencyKey,
      body: {
        reference: payment.reference,
        orderId: payment.orderId,
        amount: payment.amount,
        currency: payment.currency,
      },
      timeoutMs: this.timeoutMs,
    });
    if (!result.ok) {
      throw result.kind === 'transient'
        ? new TransientGatewayError(result.message)
        : new PermanentGatewayError(result.message);
    }
    const id = (result.body as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') throw new TransientGatewayError('The gateway answered without a refund id');
    return { gatewayRefundId: id };
  }
}
