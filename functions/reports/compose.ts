import { systemClock } from '../shared/clock.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbTicketSource } from './adapters/ticket-source.dynamodb.js';
import type { ReportDeps } from './use-cases/get-summary.js';

let deps: ReportDeps | undefined;

/** The production wiring of the reports, built once per process. */
export function reportDeps(): ReportDeps {
  if (!deps) {
    const { client, tableName } = tableConfig();
    deps = { source: new DynamoDbTicketSource(client, tableName), clock: systemClock };
  }
  return deps;
}
