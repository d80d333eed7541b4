import { httpHandler } from '../../shared/http/handler.js';
import { reportDeps } from '../compose.js';
import { getReportSummary as route } from '../routes.js';
import { makeGetSummary } from '../use-cases/get-summary.js';

let getSummary: ReturnType<typeof makeGetSummary> | undefined;

/**
 * GET /v1/reports/summary. Cost: one Query of the aggregates per day of the period (at most 367),
 * however many tickets were created in it.
 */
export const handler = httpHandler(route, async (request) => {
  getSummary ??= makeGetSummary(reportDeps());
  return { statusCode: 200, body: await getSummary(request.query) };
});
