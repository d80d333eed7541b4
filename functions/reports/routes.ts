import type { RouteDefinition } from '../shared/http/route.js';
import { reportSummaryQuerySchema, reportSummarySchema } from './contracts/summary.js';

export const getReportSummary = {
  method: 'GET',
  path: '/v1/reports/summary',
  handler: 'functions/reports/handlers/get-summary.ts',
  summary:
    'Summary of the tickets created in [from, to) (default: the last 30 days, at most 366), read in whole UTC days (a bound inside a day is rounded out; `requested` then holds what was asked): counts, SLA attainment, median times, CSAT, NPS, backlog, top complaint reasons and per-agent figures. Reads one aggregate partition per day, whatever the number of tickets.',
  roles: ['admin', 'supervisor'],
  query: reportSummaryQuerySchema,
  responses: { 200: reportSummarySchema },
  // One Query per day on the aggregate partitions (`AGG#<day>`) of the table itself.
  table: { operations: ['Query'] },
} as const satisfies RouteDefinition;
