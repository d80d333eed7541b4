import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { tableDefinition } from '../functions/shared/table-catalog.js';
import { DynamoDbDueTimerIndex } from '../functions/sla/adapters/due-timer-index.dynamodb.js';
import type { TimerMessage } from '../functions/sla/contracts/policy.js';
import { makeSweepDueTimers } from '../functions/sla/use-cases/sweep-due-timers.js';
import { dueTimerPartition } from '../functions/tickets/adapters/ticket-repository.dynamodb.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { freePort } from '../local/ports.js';
import { ensureTable } from '../local/provision.js';

/**
 * The SLA sweep against 1,000, 10,000 and 100,000 open tickets of which 100 are due, on
 * DynamoDB Local. Items carry the keys the ticket repository writes (GSI3 for the "all
 * tickets" view, GSI4 for the due-timer index); the sweep is the production use case and
 * adapter. For contrast, a sweep that reads every open ticket (as a periodic job over all
 * tickets does) is measured on the same data.
 */
const SIZES = [1_000, 10_000, 100_000];
const DUE = 100;
const RUNS = 7;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

function ticketItem(index: number, nextDueAt: string) {
  const id = `bench-${String(index).padStart(7, '0')}`;
  const createdAt = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
  return {
    PK: `TICKET#${id}`,
    SK: 'TICKET',
    entityType: 'Ticket',
    id,
    status: 'requested',
    GSI3PK: 'TICKETS',
    GSI3SK: `${createdAt}#${id}`,
    GSI4PK: dueTimerPartition(id),
    GSI4SK: `${nextDueAt}#${id}`,
  };
}

async function seed(client: DynamoDBClient, tableName: string, from: number, to: number, now: Date) {
  const future = new Date(now.getTime() + 7 * 24 * 3600 * 1000).toISOString();
  const past = new Date(now.getTime() - 30_000).toISOString();
  const batches: Record<string, unknown>[][] = [];
  for (let start = from; start < to; start += 25) {
    const batch = [];
    for (let i = start; i < Math.min(to, start + 25); i++) batch.push(ticketItem(i, i < DUE ? past : future));
    batches.push(batch);
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] ?? [];
      let requests = batch.map((item) => ({ PutRequest: { Item: marshall(item) } }));
      while (requests.length > 0) {
        const result = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function naiveSweep(documents: DynamoDBDocumentClient, tableName: string, now: Date) {
  let itemsRead = 0;
  let due = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': 'TICKETS' },
        ExclusiveStartKey: startKey,
      }),
    );
    itemsRead += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) if (String(item.GSI4SK) <= `${now.toISOString()}#\uffff`) due += 1;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { itemsRead, due };
}

export async function benchSlaSweep(): Promise<void> {
  console.log('SLA sweep benchmark: DynamoDB Local, in memory; medians of %d sweeps', RUNS);
  const dynamo = await startDynamoDbLocal({ port: await freePort(), heapMb: 2048 });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials });
  const documents = DynamoDBDocumentClient.from(client);
  const tableName = 'bench-sweep';
  try {
    await ensureTable(client, tableName);
    const now = new Date();
    const index = new DynamoDbDueTimerIndex(documents, tableName);
    const enqueued: TimerMessage[] = [];
    const sweep = makeSweepDueTimers({
      index,
      queue: { enqueue: async (messages) => void enqueued.push(...messages) },
      clock: { now: () => now },
    });
    const rows: string[][] = [];
    let seeded = 0;
    for (const size of SIZES) {
      const began = Date.now();
      await seed(client, tableName, seeded, size, now);
      seeded = size;
      const seedSeconds = (Date.now() - began) / 1000;
      const times: number[] = [];
      let last = { due: 0, itemsRead: 0, shards: 0 };
      for (let run = 0; run < RUNS; run++) {
        const start = performance.now();
        last = await sweep();
        times.push(performance.now() - start);
      }
      const naiveTimes: number[] = [];
      let naive = { itemsRead: 0, due: 0 };
      for (let run = 0; run < 3; run++) {
        const start = performance.now();
        naive = await naiveSweep(documents, tableName, now);
        naiveTimes.push(performance.now() - start);
      }
      const budget = Math.round(1.1 * DUE + tableDefinition.dueTimerShards);
      rows.push([
        size.toLocaleString('en'),
        String(last.due),
        String(last.itemsRead),
        `${budget}`,
        last.itemsRead <= budget ? 'yes' : 'NO',
        median(times).toFixed(1),
        String(naive.itemsRead),
        median(naiveTimes).toFixed(0),
        `(${seedSeconds.toFixed(0)} s to seed)`,
      ]);
      if (last.due !== DUE || naive.due !== DUE)
        throw new Error(`expected ${DUE} due, swept ${last.due}, naive ${naive.due}`);
    }
    const header = [
      'open tickets',
      'due',
      'items read',
      'budget 1.1×due+shards',
      'within',
      'sweep ms',
      'naive items read',
      'naive ms',
      '',
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    console.log(line(header));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const row of rows) console.log(line(row));
    console.log(
      `shards: ${tableDefinition.dueTimerShards}; enqueue is in-memory here (the sweep's queue send is not timed).`,
    );
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
