import { httpHandler } from '../../shared/http/handler.js';
import { macroDeps } from '../compose.js';
import { deleteMacro as route } from '../routes.js';
import { makeDeleteMacro } from '../use-cases/macros.js';

let deleteMacro: ReturnType<typeof makeDeleteMacro> | undefined;

export const handler = httpHandler(route, async (request) => {
  deleteMacro ??= makeDeleteMacro(macroDeps());
  await deleteMacro(request.path.macroId, request.query.version);
  return { statusCode: 204 };
});
