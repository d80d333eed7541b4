import { httpHandler } from '../../shared/http/handler.js';
import { renderDocsPage } from '../docs-page.js';
import { routes } from '../routes.js';

export const handler = httpHandler(routes.getDocs, async () => ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: renderDocsPage(),
}));
