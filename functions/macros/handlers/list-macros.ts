import { httpHandler } from '../../shared/http/handler.js';
import { macroDeps } from '../compose.js';
import { listMacros as route } from '../routes.js';
import { makeListMacros } from '../use-cases/macros.js';

let listMacros: ReturnType<typeof makeListMacros> | undefined;

export const handler = httpHandler(route, async () => {
  listMacros ??= makeListMacros(macroDeps());
  return { statusCode: 200, body: await listMacros() };
});
