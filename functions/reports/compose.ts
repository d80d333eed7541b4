import { systemClock } from '../shared/clock.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbAggregates } from './adapters/aggregates.dynamodb.js';
import { DynamoDbStaffNames } from './adapters/staff-names.dynamodb.js';
import type { AggregateWriter } from './domain/aggregate-store.js';
import type { AgentTableDeps, ReportDeps } from './use-cases/get-summary.js';

let aggregates: DynamoDbAggregates | undefined;

function dynamoDbAggregates(): DynamoDbAggregates {
  if (!aggregates) {
    const { client, tableName } = tableConfig();
    aggregates = new DynamoDbAggregates(client, tableName, systemClock);
  }
  return aggregates;
}

/** The production wiring of the summary report: it reads the aggregates. */
export function reportDeps(): ReportDeps {
  return { reader: dynamoDbAggregates(), clock: systemClock };
}

/** The summary's per-agent CSV: the aggregates and the staff records' names. */
export function agentTableDeps(): AgentTableDeps {
  const { client, tableName } = tableConfig();
  return { ...reportDeps(), staff: new DynamoDbStaffNames(client, tableName) };
}

/** Where the stream consumer adds each ticket change's increments. */
export function aggregateWriter(): AggregateWriter {
  return dynamoDbAggregates();
}
