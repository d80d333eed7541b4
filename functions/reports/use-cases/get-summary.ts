import type { Clock } from '../../shared/clock.js';
import { ValidationError } from '../../shared/errors.js';
import type { ReportSummaryQuery } from '../contracts/summary.js';
import { resolvePeriod } from '../domain/period.js';
import { type ReportTicket, type Summary, summarize } from '../domain/summary.js';
import type { TicketSource } from '../domain/ticket-source.js';

/** The summary with its period, as GET /v1/reports/summary answers (`reportSummarySchema`). */
export type SummaryReport = Summary & {
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
};

export interface ReportDeps {
  readonly source: TicketSource;
  readonly clock: Clock;
}

/**
 * The summary report over tickets created in the period. Cost: one read of every ticket created
 * in the period (paged Query on GSI3), so proportional to that count, in time and in memory.
 */
export function makeGetSummary({ source, clock }: ReportDeps) {
  return async (query: ReportSummaryQuery): Promise<SummaryReport> => {
    const now = clock.now();
    const resolved = resolvePeriod(query, now);
    if ('errors' in resolved) throw new ValidationError(resolved.errors);
    const { from, to } = resolved.period;
    const tickets: ReportTicket[] = [];
    for await (const ticket of source.createdBetween(from, to)) tickets.push(ticket);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      generatedAt: now.toISOString(),
      ...summarize(tickets, now),
    };
  };
}
