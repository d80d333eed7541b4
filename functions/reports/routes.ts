import type { RouteDefinition } from '../shared/http/route.js';
import { reportSummaryQuerySchema, reportSummarySchema } from './contracts/summary.js';

export const getReportSummary = {
  method: 'GET',
  path: '/v1/reports/summary',
  handler: 'functions/reports/handlers/get-summary.ts',
  summary:
    'Summary of the tickets created in [from, to) (default: the last 30 days, at most 366): counts, SLA attainment, median times, CSAT, NPS, backlog, top complaint reasons and per-agent figures. Cost grows with the tickets created in the period.',
  roles: ['admin', 'supervisor'],
  query: reportSummaryQuerySchema,
  responses: { 200: reportSummarySchema },
  // Pages through the all-tickets index.
  table: { operations: [], indexes: ['GSI3'] },
} as const satisfies RouteDefinition;
