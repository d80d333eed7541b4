import { type Env, readVariable } from '../../../../shared/config.js';
import { getSigned, postSigned } from '../../../../shared/signed-http.js';
import { refundsConfig } from '../config.js';
import {
  type GatewayLookup,
  type PaymentGateway,
  PermanentGatewayError,
  type RefundPayment,
  TransientGatewayError,
} from '../domain/ports.js';

/**
 * The payment provider over HTTPS: signed request, idempotency key, timeout. `refund` POSTs
 * `<url>/refunds`; `lookup` GETs `<url>/refunds/<idempotency key>` (200 paid, 404 not found).
 */
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

  async lookup(idempotencyKey: string): Promise<GatewayLookup> {
    const result = await getSigned({
      url: `${this.baseUrl}/refunds/${encodeURIComponent(idempotencyKey)}`,
      secret: this.secret,
      timeoutMs: this.timeoutMs,
    });
    if (!result.ok) {
      throw result.kind === 'transient'
        ? new TransientGatewayError(result.message)
        : new PermanentGatewayError(result.message);
    }
    if (!result.found) return { state: 'not_found' };
    const { id, status } = (result.body ?? {}) as { id?: unknown; status?: unknown };
    if (status !== 'paid' || typeof id !== 'string')
      throw new TransientGatewayError('The gateway answered the lookup without a paid refund id');
    return { state: 'paid', gatewayRefundId: id };
  }
}

/** How long a gateway call may take before it counts as unanswered (`refundsConfig`, default 5000 ms). */
export function gatewayTimeoutMs(env: Env = globalThis.process.env): number {
  return readVariable(refundsConfig.variables.paymentGatewayTimeoutMs, env);
}
