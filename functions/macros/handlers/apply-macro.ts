import { httpHandler } from '../../shared/http/handler.js';
import { idempotencyKeyFrom } from '../../shared/http/idempotency-key.js';
import { applyMacroDeps } from '../apply-compose.js';
import { applyMacro as route } from '../routes.js';
import { makeApplyMacro } from '../use-cases/apply-macro.js';

let applyMacro: ReturnType<typeof makeApplyMacro> | undefined;

export const handler = httpHandler(route, async (request) => {
  applyMacro ??= makeApplyMacro(applyMacroDeps());
  const { ticketId, macroId } = request.path;
  const result = await applyMacro(request.principal, ticketId, macroId, {
    version: request.body.version,
    idempotencyKey: idempotencyKeyFrom(request.headers),
  });
  return { statusCode: 200, body: result };
});
