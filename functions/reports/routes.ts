import * as z from 'zod/mini';
import type { RouteDefinition } from '../shared/http/route.js';
import { reportSummaryQuerySchema, reportSummarySchema } from './contracts/summary.js';

/** What GET /v1/reports/summary answers in, by the request's Accept header: JSON first. */
export const summaryMediaTypes = ['application/json', 'text/csv'] as const;

const agentTableCsvSchema = z.string().check(
  z.meta({
    description:
      'The per-agent table as CSV (RFC 4180): UTF-8 with a byte order mark (so Excel reads Chinese names), CRLF line ends, a header row `agentId,name,tickets,resolved,csatResponses,csatAverage,firstResponseMet,firstResponseBreached,firstResponsePercentMet`, one record per agent in the order of `agents`, names from the staff records; a figure with no value is an empty cell.',
  }),
);

export const getReportSummary = {
  method: 'GET',
  path: '/v1/reports/summary',
  handler: 'functions/reports/handlers/get-summary.ts',
  summary:
    'Summary of the tickets created in [from, to) (default: the last 30 days, at most 366), read in whole UTC days (a bound inside a day is rounded out; `requested` then holds what was asked): counts, SLA attainment, median times, CSAT, NPS, backlog, top complaint reasons, per-agent and per-team figures. Reads one aggregate partition per day, whatever the number of tickets. `Accept: text/csv` answers the per-agent table as CSV instead.',
  roles: ['admin', 'supervisor'],
  query: reportSummaryQuerySchema,
  responses: {
    200: {
      description:
        'The summary (JSON), or its per-agent table (CSV) when the Accept header prefers text/csv.',
      mediaType: summaryMediaTypes[0],
      schema: reportSummarySchema(),
      alternatives: { [summaryMediaTypes[1]]: agentTableCsvSchema },
    },
    406: 'The Accept header allows neither application/json nor text/csv.',
  },
  headers: [
    {
      name: 'Accept',
      description: '`application/json` (the default) or `text/csv` for the per-agent table.',
    },
  ],
  // One Query per day on the aggregate partitions (`RPT#<day>`) of the table itself; the CSV
  // adds one Query of the staff records (`STAFF`) for the names.
  table: { operations: ['Query'], keys: ['RPT#*', 'STAFF'] },
} as const satisfies RouteDefinition;
