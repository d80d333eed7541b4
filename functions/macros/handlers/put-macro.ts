import { httpHandler } from '../../shared/http/handler.js';
import { macroDeps } from '../compose.js';
import { putMacro as route } from '../routes.js';
import { makePutMacro } from '../use-cases/macros.js';

let putMacro: ReturnType<typeof makePutMacro> | undefined;

export const handler = httpHandler(route, async (request) => {
  putMacro ??= makePutMacro(macroDeps());
  return { statusCode: 200, body: await putMacro(request.path.macroId, request.body) };
});
