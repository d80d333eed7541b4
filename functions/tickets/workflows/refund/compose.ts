import { requireSecret } from '../../../shared/secrets.js';
import { HttpPaymentGateway } from './adapters/payment-gateway.http.js';
import { paymentGatewaySecret, refundsConfig } from './config.js';

/** The gateway of this stage: its URL, signing secret and timeout (`refundsConfig`). */
export async function paymentGateway(): Promise<HttpPaymentGateway> {
  const config = refundsConfig.get();
  return new HttpPaymentGateway(
    config.paymentGatewayUrl,
    await requireSecret(paymentGatewaySecret.name),
    config.paymentGatewayTimeoutMs,
  );
}
