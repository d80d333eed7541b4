import { httpHandler } from '../../shared/http/handler.js';
import { slaPolicyDeps } from '../policy-compose.js';
import { putSlaPolicy as route } from '../routes.js';
import { makePutPolicy } from '../use-cases/put-policy.js';

let putPolicy: ReturnType<typeof makePutPolicy> | undefined;

export const handler = httpHandler(route, async (request) => {
  const deps = slaPolicyDeps();
  putPolicy ??= makePutPolicy({ policies: deps.policyRepository, clock: deps.clock });
  return { statusCode: 200, body: await putPolicy(request.path.policyId, request.body) };
});
