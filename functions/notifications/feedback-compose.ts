import { type Clock, systemClock } from '../shared/clock.js';
import { requireSecret } from '../shared/secrets.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbSuppressionList } from './adapters/suppression-list.dynamodb.js';
import { addressHashSecret } from './config.js';

let suppressions: DynamoDbSuppressionList | undefined;

/**
 * The suppression list on the table, built once per process. Its address HMAC key is read only
 * when an address is looked up, never to suppress one: the SES feedback function, which only
 * suppresses, is not granted the key.
 */
export function suppressionList(): DynamoDbSuppressionList {
  if (!suppressions) {
    const { client, tableName } = tableConfig();
    suppressions = new DynamoDbSuppressionList(client, tableName, () =>
      requireSecret(addressHashSecret.name),
    );
  }
  return suppressions;
}

/**
 * The wiring of the SES feedback function, apart from `compose.ts` so that its bundle loads
 * neither the SES and SQS clients nor the notifier's configuration.
 */
export function feedbackDeps(): { readonly suppressions: DynamoDbSuppressionList; readonly clock: Clock } {
  return { suppressions: suppressionList(), clock: systemClock };
}
