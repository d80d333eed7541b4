import { routes } from '../../api/routes.js';
import { httpHandler } from '../../shared/http/handler.js';
import { slaDeps } from '../compose.js';
import { makeListPolicies } from '../use-cases/put-policy.js';

let listPolicies: ReturnType<typeof makeListPolicies> | undefined;

export const handler = httpHandler(routes.listSlaPolicies, async () => {
  listPolicies ??= makeListPolicies({ policies: slaDeps().policyRepository });
  return { statusCode: 200, body: await listPolicies() };
});
