import { routes } from '../../api/routes.js';
import { systemClock } from '../../shared/clock.js';
import { ValidationError } from '../../shared/errors.js';
import { httpHandler } from '../../shared/http/handler.js';
import { tableConfig } from '../../shared/table.js';
import { DynamoDbOrderRepository } from '../adapters/order-repository.dynamodb.js';
import { idSchema } from '../contracts/order.js';
import { makePutOrder } from '../use-cases/put-order.js';

let putOrder: ReturnType<typeof makePutOrder> | undefined;

export const handler = httpHandler(routes.putOrder, async (request) => {
  const orderId = idSchema.safeParse(request.path.orderId);
  if (!orderId.success) throw new ValidationError([{ path: 'orderId', message: 'Not a valid order id.' }]);
  if (!putOrder) {
    const { client, tableName } = tableConfig();
    putOrder = makePutOrder({ orders: new DynamoDbOrderRepository(client, tableName), clock: systemClock });
  }
  const { order, created } = await putOrder(orderId.data, request.body);
  return { statusCode: created ? 201 : 200, body: order };
});
