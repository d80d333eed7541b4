import { routes } from '../../api/routes.js';
import { ValidationError } from '../../shared/errors.js';
import { httpHandler } from '../../shared/http/handler.js';
import { slaDeps } from '../compose.js';
import { policyIdSchema } from '../contracts/policy.js';
import { makePutPolicy } from '../use-cases/put-policy.js';

let putPolicy: ReturnType<typeof makePutPolicy> | undefined;

export const handler = httpHandler(routes.putSlaPolicy, async (request) => {
  const policyId = policyIdSchema.safeParse(request.path.policyId);
  if (!policyId.success) throw new ValidationError([{ path: 'policyId', message: 'Not a valid policy id.' }]);
  const deps = slaDeps();
  putPolicy ??= makePutPolicy({ policies: deps.policyRepository, clock: deps.clock });
  return { statusCode: 200, body: await putPolicy(policyId.data, request.body) };
});
