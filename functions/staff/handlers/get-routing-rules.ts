import { httpHandler } from '../../shared/http/handler.js';
import { staffDeps } from '../compose.js';
import { getRoutingRules as route } from '../routes.js';
import { makeGetRoutingRules } from '../use-cases/get-routing-rules.js';

let getRoutingRules: ReturnType<typeof makeGetRoutingRules> | undefined;

export const handler = httpHandler(route, async () => {
  getRoutingRules ??= makeGetRoutingRules(staffDeps());
  return { statusCode: 200, body: await getRoutingRules() };
});
