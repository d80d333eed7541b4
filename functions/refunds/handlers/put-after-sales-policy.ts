import { routes } from '../../api/routes.js';
import { systemClock } from '../../shared/clock.js';
import { httpHandler } from '../../shared/http/handler.js';
import { tableConfig } from '../../shared/table.js';
import { DynamoDbAfterSalesPolicyRepository } from '../adapters/after-sales-policy.dynamodb.js';

let repository: DynamoDbAfterSalesPolicyRepository | undefined;

/** Replaces the auto-approval rules and return windows; `version` guards against lost updates. */
export const handler = httpHandler(routes.putAfterSalesPolicy, async (request) => {
  const { client, tableName } = tableConfig();
  repository ??= new DynamoDbAfterSalesPolicyRepository(client, tableName);
  const { version, ...policy } = request.body;
  const expected = version ?? (await repository.current()).version;
  return { statusCode: 200, body: await repository.save(policy, expected, systemClock.now().toISOString()) };
});
