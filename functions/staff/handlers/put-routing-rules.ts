import { httpHandler } from '../../shared/http/handler.js';
import { staffDeps } from '../compose.js';
import { putRoutingRules as route } from '../routes.js';
import { makePutRoutingRules } from '../use-cases/put-routing-rules.js';

let putRoutingRules: ReturnType<typeof makePutRoutingRules> | undefined;

export const handler = httpHandler(route, async (request) => {
  putRoutingRules ??= makePutRoutingRules(staffDeps());
  return { statusCode: 200, body: await putRoutingRules(request.body) };
});
