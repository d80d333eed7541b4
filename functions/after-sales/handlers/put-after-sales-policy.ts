import { systemClock } from '../../shared/clock.js';
import { httpHandler } from '../../shared/http/handler.js';
import { afterSalesPolicies } from '../compose.js';
import { putAfterSalesPolicy as route } from '../routes.js';

/** Replaces the auto-approval rules and return windows; `version` guards against lost updates. */
export const handler = httpHandler(route, async (request) => {
  const repository = afterSalesPolicies();
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
