import { httpHandler } from '../../shared/http/handler.js';
import { orderDeps } from '../compose.js';
import { getOrder as route } from '../routes.js';
import { makeGetOrder } from '../use-cases/get-order.js';

let getOrder: ReturnType<typeof makeGetOrder> | undefined;

export const handler = httpHandler(route, async (request) => {
  getOrder ??= makeGetOrder(orderDeps());
  return { statusCode: 200, body: await getOrder(request.principal, request.path.orderId) };
});
