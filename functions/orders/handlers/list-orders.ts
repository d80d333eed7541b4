import { httpHandler } from '../../shared/http/handler.js';
import { orderDeps } from '../compose.js';
import { listOrders as route } from '../routes.js';
import { makeListOrders } from '../use-cases/list-orders.js';

let listOrders: ReturnType<typeof makeListOrders> | undefined;

export const handler = httpHandler(route, async (request) => {
  listOrders ??= makeListOrders(orderDeps());
  return { statusCode: 200, body: await listOrders(request.principal, request.query) };
});
