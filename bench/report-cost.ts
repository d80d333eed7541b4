import { isDeepStrictEqual } from 'node:util';
import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { DynamoDbAggregates } from '../functions/reports/adapters/aggregates.dynamodb.js';
import { DynamoDbTicketSource } from '../functions/reports/adapters/ticket-source.dynamodb.js';
import { changeIdOf, contributionsOf } from '../functions/reports/domain/aggregates.js';
import { type ReportTicket, type Summary, summarize } from '../functions/reports/domain/summary.js';
import { makeGetSummary } from '../functions/reports/use-cases/get-summary.js';
import { tableDefinition } from '../functions/shared/table-catalog.js';
import { dayOf, indexPartitions, shardOf } from '../functions/tickets/adapters/ticket-indexes.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { freePort } from '../local/ports.js';
import { ensureTable } from '../local/provision.js';
import { planArb, play, START } from '../tests/unit/reports/histories.js';

/**
 * What the summary report costs to read, at 1× and 8× the tickets of a 30-day period, on
 * DynamoDB Local: Read capacity units (eventually consistent Queries, as DynamoDB Local reports
 * them with ReturnConsumedCapacity) of GET /v1/reports/summary's use case over the aggregates,
 * and, for contrast, of reading every ticket of the period from the all-tickets index (GSI3) as
 * the report did before. Tickets come from the report tests' random histories (fixed seed), with
 * their SLA clocks, assignments, ratings and deletions; each ticket's final standing is applied as
 * one change, which leaves the counters exactly where its whole history would (they telescope).
 * The GSI3 items are those images plus keys: real ticket items (descriptions, items, order facts)
 * are larger, so its figures are a lower bound. The bench stops if the summary's counts differ
 * from `summarize()` over the tickets GSI3 returns.
 */
const BASE = 1_000;
const SCALES = [1, 8];
const DAYS = 30;
const DAY_MINUTES = 24 * 60;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A client that asks every Query for its consumed capacity and adds it up. */
function measured(endpoint: string) {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
  const meter = { units: 0, queries: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const isQuery = context.commandName === 'QueryCommand';
      if (isQuery) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (isQuery) {
        meter.queries += 1;
        const output = result.output as { ConsumedCapacity?: { CapacityUnits?: number } };
        meter.units += output.ConsumedCapacity?.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'consumedCapacityMeter' },
  );
  return { client, documents: DynamoDBDocumentClient.from(client), meter };
}

function ticketsOf(count: number, seed: number) {
  const plans = fc.sample(planArb('t'), { numRuns: count, seed }).map((plan, index) => ({
    ...plan,
    id: `t-${seed}-${index}`,
    // Spread evenly over the 30 days.
    openedAtMinute: Math.floor((index * DAYS * DAY_MINUTES) / count),
  }));
  return play(plans, 60);
}

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

export async function benchReportCost(): Promise<void> {
  console.log(
    'Report cost: GET /v1/reports/summary over %d days on DynamoDB Local (consumed read capacity)',
    DAYS,
  );
  const dynamo = await startDynamoDbLocal({ port: await freePort(), heapMb: 1024 });
  const meter = measured(dynamo.endpoint);
  try {
    const rows: string[][] = [];
    for (const scale of SCALES) {
      const tableName = `bench-report-${scale}`;
      await ensureTable(meter.client, tableName);
      const { tickets, now: sweptAt } = ticketsOf(BASE * scale, scale);
      const clock = { now: () => new Date(START.getTime() + (DAYS + 1) * DAY_MINUTES * 60_000) };
      const aggregates = new DynamoDbAggregates(meter.documents, tableName, clock);
      await pool(tickets, 8, (ticket) => {
        const change = { before: null, after: ticket };
        return aggregates.apply(changeIdOf(change), contributionsOf(change));
      });
      const batches: (typeof tickets)[number][][] = [];
      for (let i = 0; i < tickets.length; i += 25) batches.push(tickets.slice(i, i + 25));
      await pool(batches, 8, async (batch) => {
        let requests = batch.map((ticket) => ({
          PutRequest: {
            Item: marshall(
              {
                PK: `TICKET#${ticket.id}`,
                SK: 'TICKET',
                entityType: 'Ticket',
                ...ticket,
                GSI3PK: indexPartitions.allTickets(
                  dayOf(ticket.createdAt),
                  shardOf(ticket.id, tableDefinition.ticketIndexShards),
                ),
                GSI3SK: `${ticket.createdAt}#${ticket.id}`,
              },
              { removeUndefinedValues: true },
            ),
          },
        }));
        while (requests.length > 0) {
          const result = await meter.client.send(
            new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
          );
          requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        }
      });

      const query = {
        from: START.toISOString(),
        to: new Date(clock.now().getTime() - DAY_MINUTES * 60_000).toISOString(),
      };
      Object.assign(meter.meter, { units: 0, queries: 0 });
      const started = performance.now();
      const report = await makeGetSummary({ reader: aggregates, clock })(query);
      const summaryMs = performance.now() - started;
      const summary = { ...meter.meter };

      Object.assign(meter.meter, { units: 0, queries: 0 });
      const source = new DynamoDbTicketSource(meter.documents, tableName);
      const read: ReportTicket[] = [];
      for await (const ticket of source.createdBetween(new Date(report.from), new Date(report.to)))
        read.push(ticket);
      const gsi = { ...meter.meter };
      // The same figures as the report read from the tickets: every count and attainment, per
      // agent and per team (medians within the histogram's error, compared apart in the tests).
      const exact = summarize(read, sweptAt);
      const counts = (summary: Summary) => ({
        ...summary,
        firstResponse: { ...summary.firstResponse, medianMinutes: null },
        resolution: { ...summary.resolution, medianMinutes: null },
      });
      const { from: _f, to: _t, requested: _r, generatedAt: _g, ...figures } = report;
      if (!isDeepStrictEqual(counts(figures), counts(exact)))
        throw new Error(`the summary's figures differ from summarize() over the ${read.length} tickets read`);

      rows.push([
        `${scale}×`,
        report.tickets.toLocaleString('en'),
        String(summary.queries),
        summary.units.toFixed(1),
        summaryMs.toFixed(0),
        String(gsi.queries),
        gsi.units.toFixed(1),
      ]);
    }
    const header = [
      'scale',
      'tickets in period',
      'summary Queries',
      'summary RCU',
      'summary ms',
      'GSI3 Queries',
      'GSI3 RCU (before)',
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    console.log(line(header));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const row of rows) console.log(line(row));
  } finally {
    meter.client.destroy();
    await dynamo.stop();
  }
}
