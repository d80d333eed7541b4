import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemBytes } from '../../bench/write-bill.js';
import { DynamoDbAggregates } from '../../functions/reports/adapters/aggregates.dynamodb.js';
import {
  type AggregateDay,
  type AggregateTicket,
  changeIdOf,
  contributionsOf,
  summaryFromAggregates,
  type TicketChange,
} from '../../functions/reports/domain/aggregates.js';
import { wholeDays } from '../../functions/reports/domain/whole-days.js';
import { planArb, play, START } from '../unit/reports/histories.js';
import { credentials, type LocalTable, region, startLocalTable } from './support.js';

const DAY = 24 * 60 * 60 * 1000;
const clock = { now: () => new Date('2026-11-10T00:00:00.000Z') };

let table: LocalTable;
let measuring: DynamoDBClient;
/** Every write transaction sent through the measured client: how many items it wrote. */
const transactions: number[] = [];
/** Every Query sent through the measured client. */
let queries = 0;

/**
 * A document client that records what each call writes and reads. DynamoDB Local's own
 * ConsumedCapacity for transactions is not AWS's (it reports 2 units for a transaction of one
 * to five small items), so the cost is worked out from AWS's rules instead: a transactional
 * write is 2 WCU per KB of each item, and the bench's `itemBytes` sizes the items.
 */
function measuredClient(endpoint: string): DynamoDBDocumentClient {
  measuring = new DynamoDBClient({ endpoint, region, credentials });
  const documents = DynamoDBDocumentClient.from(measuring, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const send = documents.send.bind(documents) as (command: unknown) => Promise<unknown>;
  const recorded = async (command: { input: { TransactItems?: unknown[] } }) => {
    if (command instanceof TransactWriteCommand) transactions.push(command.input.TransactItems?.length ?? 0);
    if (command instanceof QueryCommand) queries += 1;
    return send(command);
  };
  Object.assign(documents, { send: recorded });
  return documents;
}

/** The same fold a store performs, in memory: the pure path to compare with. */
function pureDays(changes: readonly TicketChange[], days: readonly string[]): AggregateDay[] {
  const byDay = new Map<
    string,
    Map<string, { key: AggregateDay['rows'][number]['key']; counters: Record<string, number> }>
  >();
  for (const change of changes) {
    for (const row of contributionsOf(change)) {
      const rows = byDay.get(row.key.day) ?? new Map();
      byDay.set(row.key.day, rows);
      const id = JSON.stringify(row.key);
      const stored = rows.get(id) ?? { key: row.key, counters: {} };
      rows.set(id, stored);
      for (const [name, value] of Object.entries(row.counters)) {
        stored.counters[name] = (stored.counters[name] ?? 0) + value;
      }
    }
  }
  return days.map((day) => ({ day, rows: [...(byDay.get(day)?.values() ?? [])] }));
}

/** Rows comparable across paths: one per key (a store may split a key), sorted, zeros left out. */
function normalized(days: readonly AggregateDay[]) {
  return days.map(({ day, rows }) => {
    const byKey = new Map<string, Record<string, number>>();
    for (const { key, counters } of rows) {
      for (const [name, value] of Object.entries(counters)) {
        const id = JSON.stringify(key);
        const merged = byKey.get(id) ?? {};
        byKey.set(id, merged);
        merged[name] = (merged[name] ?? 0) + value;
      }
    }
    const nonZero = (counters: Record<string, number>) =>
      Object.fromEntries(Object.entries(counters).filter(([, value]) => value !== 0));
    return {
      day,
      rows: [...byKey.entries()]
        .map(([key, counters]) => ({ key, counters: nonZero(counters) }))
        .sort((x, y) => x.key.localeCompare(y.key)),
    };
  });
}

/** A fixed random history of 15 tickets (seeded: the same on every run). */
const history = play(
  fc.sample(fc.tuple(...Array.from({ length: 15 }, (_, i) => planArb(`agg-${i}`))), {
    numRuns: 1,
    seed: 15,
  })[0] ?? [],
  30,
);
const period = wholeDays({ from: new Date(START.getTime() - DAY), to: new Date(START.getTime() + 8 * DAY) });

beforeAll(async () => {
  table = await startLocalTable();
});
afterAll(async () => {
  measuring?.destroy();
  await table?.stop();
});

describe('DynamoDbAggregates', () => {
  it('counts every change once though the stream delivers each twice, and reads back the pure path', async () => {
    const aggregates = new DynamoDbAggregates(measuredClient(table.dynamo.endpoint), table.tableName, clock);

    const first: boolean[] = [];
    for (const change of history.changes)
      first.push(await aggregates.apply(changeIdOf(change), contributionsOf(change)));
    const written = transactions.splice(0);
    const again: boolean[] = [];
    for (const change of history.changes)
      again.push(await aggregates.apply(changeIdOf(change), contributionsOf(change)));
    queries = 0;
    const stored = await aggregates.daysOf(period.days);

    expect(first).toEqual(history.changes.map((change) => contributionsOf(change).length > 0));
    expect(written).toHaveLength(first.filter(Boolean).length);
    expect(written.length).toBeGreaterThan(history.tickets.length);
    expect(again.every((applied) => !applied)).toBe(true);
    const pure = pureDays(history.changes, period.days);
    expect(normalized(stored)).toEqual(normalized(pure));
    expect(summaryFromAggregates(stored, period)).toEqual(summaryFromAggregates(pure, period));
    expect(summaryFromAggregates(stored, period).tickets).toBe(history.tickets.length);
    expect(queries).toBe(period.days.length);
  });

  it('keeps every aggregate item and marker under 1 KB: 2 WCU per item a change writes', async () => {
    const items = await table.documentClient.send(new ScanCommand({ TableName: table.tableName }));
    const sizes = (items.Items ?? []).map((item) => itemBytes(item));

    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1024);
  });

  it('counts a change once when its deliveries race', async () => {
    const aggregates = new DynamoDbAggregates(table.documentClient, table.tableName, clock);
    const ticket: AggregateTicket = { ...(history.tickets[0] as AggregateTicket), id: 'race-1', version: 1 };
    const change: TicketChange = { before: null, after: ticket };
    const day = ticket.createdAt.slice(0, 10);
    const [before] = await aggregates.daysOf([day]);

    /** A delivery that lost a race with another transaction is retried, as the stream consumer would be. */
    const deliver = async (): Promise<boolean> => {
      for (;;) {
        try {
          return await aggregates.apply(changeIdOf(change), contributionsOf(change));
        } catch (error) {
          if ((error as Error).name !== 'TransactionCanceledException') throw error;
        }
      }
    };
    const results = await Promise.all(Array.from({ length: 5 }, deliver));
    const [after] = await aggregates.daysOf([day]);

    expect(results.filter(Boolean)).toHaveLength(1);
    const tickets = (days: AggregateDay | undefined) =>
      (days?.rows ?? [])
        .filter((row) => row.key.scope === 'team')
        .reduce((sum, row) => sum + (row.counters.tickets ?? 0), 0);
    expect(tickets(after) - tickets(before)).toBe(1);
  });

  it('writes the changes of one stream batch together: one marker each, each row once, the same counts', async () => {
    const aggregates = new DynamoDbAggregates(measuredClient(table.dynamo.endpoint), table.tableName, clock);
    const tickets = Array.from({ length: 12 }, (_, i) => ({
      ...(history.tickets[i % history.tickets.length] as AggregateTicket),
      id: `batch-${i}`,
      version: 1,
    }));
    const changes: TicketChange[] = tickets.map((ticket) => ({ before: null, after: ticket }));
    const days = [...new Set(tickets.map((ticket) => ticket.createdAt.slice(0, 10)))];
    const before = await aggregates.daysOf(days);
    transactions.length = 0;

    // As the stream consumer calls it: every record of the batch at once, each awaiting its own.
    const added = await Promise.all(
      changes.map((change) => aggregates.apply(changeIdOf(change), contributionsOf(change))),
    );
    const written = transactions.splice(0);
    const again = await Promise.all(
      changes.map((change) => aggregates.apply(changeIdOf(change), contributionsOf(change))),
    );
    const after = await aggregates.daysOf(days);

    expect(added.every(Boolean)).toBe(true);
    expect(again.some(Boolean)).toBe(false);
    const rowsTouched = new Set(
      changes.flatMap((change) => contributionsOf(change).map((row) => JSON.stringify(row.key))),
    );
    // One transaction for the batch: 12 markers and the rows and chunks they touch, each once
    // (one by one: 12 transactions, the desk and team rows written in every one).
    expect(written).toHaveLength(1);
    expect(written[0]).toBeLessThan(12 + rowsTouched.size + 8);
    const difference = (later: AggregateDay[], earlier: AggregateDay[]) =>
      normalized(later).map((day, i) => ({
        day: day.day,
        rows: day.rows
          .map((row) => {
            const was = normalized(earlier)[i]?.rows.find((r) => r.key === row.key)?.counters ?? {};
            return {
              key: row.key,
              counters: Object.fromEntries(
                Object.entries(row.counters)
                  .map(([name, value]): [string, number] => [name, value - (was[name] ?? 0)])
                  .filter(([, value]) => value !== 0),
              ),
            };
          })
          .filter((row) => Object.keys(row.counters).length > 0),
      }));
    expect(difference(after, before)).toEqual(normalized(pureDays(changes, days)));
  });

  it('writes nothing for a change with no increments', async () => {
    const aggregates = new DynamoDbAggregates(table.documentClient, table.tableName, clock);

    expect(await aggregates.apply('nothing#v2', [])).toBe(false);
  });

  it('writes a marker and one item per row or histogram chunk a change touches, never a chunk or the desk row to reassign', async () => {
    const aggregates = new DynamoDbAggregates(measuredClient(table.dynamo.endpoint), table.tableName, clock);
    const opened = { ...(history.tickets[0] as AggregateTicket), id: 'cost-1', version: 1 };
    const { firstResponse, resolution } = opened.sla.clocks;
    const done = { completedAt: '2026-11-02T00:00:00.000Z', breachedAt: null, runningSince: null };
    const ticket: AggregateTicket = {
      ...opened,
      assigneeId: 'agent-8',
      sla: {
        ...opened.sla,
        clocks: {
          firstResponse: firstResponse && { ...firstResponse, ...done, elapsedMs: 600_000 },
          resolution: resolution && { ...resolution, ...done, elapsedMs: 90_000_000 },
        },
      },
    };
    transactions.length = 0;

    await aggregates.apply('cost-1#v1', contributionsOf({ before: null, after: ticket }));
    await aggregates.apply(
      'cost-1#v2',
      contributionsOf({ before: ticket, after: { ...ticket, status: 'approved' as const, version: 2 } }),
    );
    const reassigned = { ...ticket, status: 'approved' as const, assigneeId: 'agent-9', version: 3 };
    await aggregates.apply(
      'cost-1#v3',
      contributionsOf({ before: { ...ticket, status: 'approved' as const }, after: reassigned }),
    );

    // Marker, desk, agent and team rows, one chunk per completed clock; marker and the desk row
    // (a status); marker and both agents' rows.
    expect(transactions).toEqual([6, 2, 3]);
  });
});
