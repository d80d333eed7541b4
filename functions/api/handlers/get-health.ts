import { httpHandler } from '../../shared/http/handler.js';
import { getHealth } from '../endpoints.js';

export const handler = httpHandler(getHealth, async () => ({
  statusCode: 200,
  body: { status: 'ok' },
}));
