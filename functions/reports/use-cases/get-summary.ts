import type { Clock } from '../../shared/clock.js';
import { ValidationError } from '../../shared/errors.js';
import type { ReportSummaryQuery } from '../contracts/summary.js';
import { agentTableCsv } from '../domain/agent-table-csv.js';
import type { AggregateReader } from '../domain/aggregate-store.js';
import { summaryFromAggregates } from '../domain/aggregates.js';
import { resolvePeriod } from '../domain/period.js';
import type { StaffNames } from '../domain/staff-names.js';
import type { Summary } from '../domain/summary.js';
import { wholeDays } from '../domain/whole-days.js';

/** The summary with its period, as GET /v1/reports/summary answers (`reportSummarySchema`). */
export type SummaryReport = Summary & {
  readonly from: string;
  readonly to: string;
  /** The period asked for, when it was rounded out to whole UTC days; null when it was whole days. */
  readonly requested: { readonly from: string; readonly to: string } | null;
  readonly generatedAt: string;
};

export interface ReportDeps {
  readonly reader: AggregateReader;
  readonly clock: Clock;
}

export interface AgentTableDeps extends ReportDeps {
  readonly staff: StaffNames;
}

/**
 * The summary report over tickets created in the period, rounded out to whole UTC days (the
 * aggregates count tickets by creation day). The 366-day limit applies to the period asked for,
 * so a rounded period reads at most 367 days. Cost: one Query per day of the period, whatever
 * the number of tickets created in it.
 */
export function makeGetSummary({ reader, clock }: ReportDeps) {
  return async (query: ReportSummaryQuery): Promise<SummaryReport> => {
    const now = clock.now();
    const resolved = resolvePeriod(query, now);
    if ('errors' in resolved) throw new ValidationError(resolved.errors);
    const period = wholeDays(resolved.period);
    const days = await reader.daysOf(period.days);
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      requested: period.requested && {
        from: period.requested.from.toISOString(),
        to: period.requested.to.toISOString(),
      },
      generatedAt: now.toISOString(),
      ...summaryFromAggregates(days, period),
    };
  };
}

/**
 * The summary's per-agent table as CSV (`agentTableCsv`), each agent named from the staff
 * records: the same period rules and the same reads as the summary, plus one Query of the staff.
 */
export function makeGetAgentTableCsv(deps: AgentTableDeps) {
  const getSummary = makeGetSummary(deps);
  return async (
    query: ReportSummaryQuery,
  ): Promise<{ readonly report: SummaryReport; readonly csv: string }> => {
    const [report, names] = await Promise.all([getSummary(query), deps.staff.namesById()]);
    return { report, csv: agentTableCsv(report.agents, names) };
  };
}
