import { systemClock } from '../../shared/clock.js';
import { httpHandler } from '../../shared/http/handler.js';
import { tableConfig } from '../../shared/table.js';
import { DynamoDbOrderRepository } from '../adapters/order-repository.dynamodb.js';
import { putOrder as route } from '../routes.js';
import { makePutOrder } from '../use-cases/put-order.js';

let putOrder: ReturnType<typeof makePutOrder> | undefined;

export const handler = httpHandler(route, async (request) => {
  if (!putOrder) {
    const { client, tableName } = tableConfig();
    putOrder = makePutOrder({ orders: new DynamoDbOrderRepository(client, tableName), clock: systemClock });
  }
  const { order, created } = await putOrder(request.path.orderId, request.body);
  return { statusCode: created ? 201 : 200, body: order };
});
