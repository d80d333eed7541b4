import { routes } from '../../api/routes.js';
import { httpHandler } from '../../shared/http/handler.js';
import { tableConfig } from '../../shared/table.js';
import { DynamoDbAfterSalesPolicyRepository } from '../adapters/after-sales-policy.dynamodb.js';

let repository: DynamoDbAfterSalesPolicyRepository | undefined;

export const handler = httpHandler(routes.getAfterSalesPolicy, async () => {
  const { client, tableName } = tableConfig();
  repository ??= new DynamoDbAfterSalesPolicyRepository(client, tableName);
  return { statusCode: 200, body: await repository.current() };
});
