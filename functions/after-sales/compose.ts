import { tableConfig } from '../shared/table.js';
import { DynamoDbAfterSalesPolicyRepository } from './adapters/after-sales-policy.dynamodb.js';

let afterSales: DynamoDbAfterSalesPolicyRepository | undefined;

/** The stored after-sales policy (auto-approval rules, windows, ceilings), built once per process. */
export function afterSalesPolicies(): DynamoDbAfterSalesPolicyRepository {
  if (!afterSales) {
    const { client, tableName } = tableConfig();
    afterSales = new DynamoDbAfterSalesPolicyRepository(client, tableName);
  }
  return afterSales;
}
