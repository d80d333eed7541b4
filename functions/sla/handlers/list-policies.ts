import { httpHandler } from '../../shared/http/handler.js';
import { slaDeps } from '../compose.js';
import { listSlaPolicies as route } from '../routes.js';
import { makeListPolicies } from '../use-cases/put-policy.js';

let listPolicies: ReturnType<typeof makeListPolicies> | undefined;

export const handler = httpHandler(route, async () => {
  listPolicies ??= makeListPolicies({ policies: slaDeps().policyRepository });
  return { statusCode: 200, body: await listPolicies() };
});
