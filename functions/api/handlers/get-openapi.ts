import { httpHandler } from '../../shared/http/handler.js';
import { getOpenApi } from '../endpoints.js';
import { openApiDocument } from '../openapi.js';

export const handler = httpHandler(getOpenApi, async () => ({
  statusCode: 200,
  body: openApiDocument(),
}));
