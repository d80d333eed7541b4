import { httpHandler } from '../../shared/http/handler.js';
import { afterSalesPolicies } from '../compose.js';
import { getAfterSalesPolicy as route } from '../routes.js';

export const handler = httpHandler(route, async () => ({
  statusCode: 200,
  body: await afterSalesPolicies().current(),
}));
