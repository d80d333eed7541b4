import { httpHandler } from '../../shared/http/handler.js';
import { logger } from '../../shared/observability.js';
import { privacyDeps } from '../compose.js';
import { erasureJobSchema } from '../contracts/erasure.js';
import { eraseCustomer as route } from '../routes.js';
import { makeRequestErasure } from '../use-cases/request-erasure.js';

let requestErasure: ReturnType<typeof makeRequestErasure> | undefined;

/**
 * DELETE /v1/customers/{customerId} (admins): 202 and the erasure; the table's stream hands a
 * new run to the privacy worker. Two writes at most (read the job, create or restart it).
 */
export const handler = httpHandler(route, async (request) => {
  requestErasure ??= makeRequestErasure(privacyDeps());
  const { job, outcome } = await requestErasure(request.principal, request.path.customerId);
  logger.info('Erasure requested', { erasureId: job.id, run: job.run, outcome });
  return {
    statusCode: 202,
    body: erasureJobSchema.parse(job),
    headers: { location: `/v1/erasures/${encodeURIComponent(job.id)}` },
  };
});
