import { negotiateMediaType } from '../../shared/http/accept.js';
import { type HttpResult, httpHandler } from '../../shared/http/handler.js';
import { agentTableDeps, reportDeps } from '../compose.js';
import { getReportSummary as route, summaryMediaTypes } from '../routes.js';
import { makeGetAgentTableCsv, makeGetSummary } from '../use-cases/get-summary.js';

let getSummary: ReturnType<typeof makeGetSummary> | undefined;
let getAgentTableCsv: ReturnType<typeof makeGetAgentTableCsv> | undefined;

/**
 * GET /v1/reports/summary: JSON, or with `Accept: text/csv` the per-agent table as CSV. Cost: one
 * Query of the aggregates per day of the period (at most 367), however many tickets were created
 * in it; the CSV adds one Query of the staff records for the names.
 */
export const handler = httpHandler(route, async (request): Promise<HttpResult> => {
  const mediaType = negotiateMediaType(request.headers.accept, summaryMediaTypes);
  if (mediaType === 'text/csv') {
    getAgentTableCsv ??= makeGetAgentTableCsv(agentTableDeps());
    const { report, csv } = await getAgentTableCsv(request.query);
    const file = `agents-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`;
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="${file}"`,
        vary: 'accept',
      },
      body: csv,
    };
  }
  getSummary ??= makeGetSummary(reportDeps());
  return { statusCode: 200, headers: { vary: 'accept' }, body: await getSummary(request.query) };
});
