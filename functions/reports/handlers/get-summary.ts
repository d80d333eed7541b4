import { httpHandler } from '../../shared/http/handler.js';
import { reportDeps } from '../compose.js';
import { getReportSummary as route } from '../routes.js';
import { makeGetSummary } from '../use-cases/get-summary.js';

let getSummary: ReturnType<typeof makeGetSummary> | undefined;

/**
 * GET /v1/reports/summary. Cost: proportional to the tickets created in the period (every one is
 * read from GSI3), bounded by the 366-day limit on the period.
 */
export const handler = httpHandler(route, async (request) => {
  getSummary ??= makeGetSummary(reportDeps());
  return { statusCode: 200, body: await getSummary(request.query) };
});
