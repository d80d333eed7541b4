import { httpHandler } from '../../shared/http/handler.js';
import { slaPolicyDeps } from '../policy-compose.js';
import { listSlaPolicies as route } from '../routes.js';
import { makeListPolicies } from '../use-cases/put-policy.js';

let listPolicies: ReturnType<typeof makeListPolicies> | undefined;

export const handler = httpHandler(route, async () => {
  listPolicies ??= makeListPolicies({ policies: slaPolicyDeps().policyRepository });
  return { statusCode: 200, body: await listPolicies() };
});
