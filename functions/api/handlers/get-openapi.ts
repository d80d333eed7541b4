import { httpHandler } from '../../shared/http/handler.js';
import { openApiDocument } from '../openapi.js';
import { routes } from '../routes.js';

export const handler = httpHandler(routes.getOpenApi, async () => ({
  statusCode: 200,
  body: openApiDocument(),
}));
