import { httpHandler } from '../../shared/http/handler.js';
import { orderDeps } from '../compose.js';
import { putOrder as route } from '../routes.js';
import { makePutOrder } from '../use-cases/put-order.js';

let putOrder: ReturnType<typeof makePutOrder> | undefined;

export const handler = httpHandler(route, async (request) => {
  putOrder ??= makePutOrder(orderDeps());
  const { order, created } = await putOrder(request.path.orderId, request.body);
  return { statusCode: created ? 201 : 200, body: order };
});
