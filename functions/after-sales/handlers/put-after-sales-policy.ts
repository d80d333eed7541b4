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
  const {
    version,
    returnPostageCaps,
    keepItemMaxAmount,
    approvalCeilings,
    timeouts,
    timeoutApprovalMaxAmount,
    ...policy
  } = request.body;
  const current = await repository.current();
  const expected = version ?? current.version;
  // Settings left out keep their current values.
  const next = {
    ...policy,
    returnPostageCaps: returnPostageCaps ?? current.returnPostageCaps,
    keepItemMaxAmount: keepItemMaxAmount ?? current.keepItemMaxAmount,
    approvalCeilings: approvalCeilings ?? current.approvalCeilings,
    timeouts: { ...current.timeouts, ...timeouts },
    timeoutApprovalMaxAmount: timeoutApprovalMaxAmount ?? current.timeoutApprovalMaxAmount,
  };
  return { statusCode: 200, body: await repository.save(next, expected, systemClock.now().toISOString()) };
});
