import { httpHandler } from '../../shared/http/handler.js';
import { tableConfig } from '../../shared/table.js';
import { DynamoDbOrderRepository } from '../adapters/order-repository.dynamodb.js';
import { getOrder as route } from '../routes.js';
import { makeGetOrder } from '../use-cases/get-order.js';

let getOrder: ReturnType<typeof makeGetOrder> | undefined;

export const handler = httpHandler(route, async (request) => {
  if (!getOrder) {
    const { client, tableName } = tableConfig();
    getOrder = makeGetOrder({ orders: new DynamoDbOrderRepository(client, tableName) });
  }
  return { statusCode: 200, body: await getOrder(request.principal, request.path.orderId) };
});
