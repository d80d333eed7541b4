import { httpHandler } from '../../shared/http/handler.js';
import { privacyDeps } from '../compose.js';
import { erasureJobSchema } from '../contracts/erasure.js';
import { getErasure as route } from '../routes.js';
import { makeGetErasure } from '../use-cases/request-erasure.js';

let getErasure: ReturnType<typeof makeGetErasure> | undefined;

/** GET /v1/erasures/{erasureId} (admins): one GetItem. */
export const handler = httpHandler(route, async (request) => {
  getErasure ??= makeGetErasure(privacyDeps());
  return {
    statusCode: 200,
    body: erasureJobSchema.parse(await getErasure(request.principal, request.path.erasureId)),
  };
});
