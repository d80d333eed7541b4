import * as z from 'zod/mini';
import { defineConfig, positiveNumber, signingSecret, variable } from '../../../shared/config.js';

/** The payment gateway behind the refunds: where it is and how long a call may take. */
export const refundsConfig = defineConfig({
  paymentGatewayUrl: variable(
    'PAYMENT_GATEWAY_URL',
    z.url(),
    'Base URL of the payment gateway (the stage setting `paymentGatewayUrl`).',
  ),
  paymentGatewayTimeoutMs: variable(
    'PAYMENT_GATEWAY_TIMEOUT_MS',
    z._default(positiveNumber, 5000),
    'How long a gateway call may take before it counts as unanswered.',
  ),
});

export const paymentGatewaySecret = signingSecret(
  'PAYMENT_GATEWAY_SECRET',
  "The payment gateway's HMAC signing secret.",
);
