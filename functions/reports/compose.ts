import { systemClock } from '../shared/clock.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbAggregates } from './adapters/aggregates.dynamodb.js';
import type { AggregateWriter } from './domain/aggregate-store.js';
import type { ReportDeps } from './use-cases/get-summary.js';

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

/** Where the stream consumer adds each ticket change's increments. */
export function aggregateWriter(): AggregateWriter {
  return dynamoDbAggregates();
}
