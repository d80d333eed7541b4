import { httpHandler } from '../../shared/http/handler.js';
import { macroDeps } from '../compose.js';
import { getMacro as route } from '../routes.js';
import { makeGetMacro } from '../use-cases/macros.js';

let getMacro: ReturnType<typeof makeGetMacro> | undefined;

export const handler = httpHandler(route, async (request) => {
  getMacro ??= makeGetMacro(macroDeps());
  return { statusCode: 200, body: await getMacro(request.path.macroId) };
});
