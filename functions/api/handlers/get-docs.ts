import { httpHandler } from '../../shared/http/handler.js';
import { renderDocsPage } from '../docs-page.js';
import { getDocs } from '../endpoints.js';

export const handler = httpHandler(getDocs, async () => ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: renderDocsPage(),
}));
