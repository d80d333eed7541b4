import { httpHandler } from '../../shared/http/handler.js';
import { routes } from '../routes.js';

export const handler = httpHandler(routes.getHealth, async () => ({
  statusCode: 200,
  body: { status: 'ok' },
}));
