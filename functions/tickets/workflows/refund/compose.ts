import { requireSecret } from '../../../shared/secrets.js';
import { tableConfig } from '../../../shared/table.js';
import { HttpPaymentGateway } from './adapters/payment-gateway.http.js';
import { DynamoDbRefundHistory } from './adapters/refund-history.dynamodb.js';
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

/** The customers' recent tickets, read by the auto-approval rules (the customer index). */
export function refundHistory(): DynamoDbRefundHistory {
  const { client, tableName } = tableConfig();
  return new DynamoDbRefundHistory(client, tableName);
}
