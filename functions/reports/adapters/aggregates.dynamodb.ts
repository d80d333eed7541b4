import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../shared/clock.js';
import { queryPages } from '../../shared/query-pages.js';
import { tableDefinition } from '../../shared/table-catalog.js';
import type { AggregateReader, AggregateWriter } from '../domain/aggregate-store.js';
import {
  type AggregateDay,
  type AggregateKey,
  type AggregateRow,
  bucketCounterOf,
  type Counters,
} from '../domain/aggregates.js';

/**
 * Report aggregates in the single table, one partition per UTC day. Its items:
 *   RPT#<day> / d                 the desk row
 *   RPT#<day> / a#<agentId>       an agent's row        (ids URI-encoded)
 *   RPT#<day> / t#<teamId>        a team's row
 *   RPT#<day> / h#<fr|rs>#<chunk>  the desk's histogram buckets, CHUNK consecutive buckets each
 * each holding `entityType` and one top-level number per counter (`ADD` works only on top-level
 * numbers); the key says whose counters they are, so no other attribute repeats it. Chunks keep
 * every item under 1 KB however busy the day: a row has at most one counter per type, status,
 * complaint reason and figure, a chunk at most CHUNK buckets, so a write costs the same on the
 * busiest day as on the first. A day reads at most one row per agent and team of the desk, one
 * desk row and the chunks its durations fall in (at most ⌈1,200 / CHUNK⌉ per metric): flat in the
 * number of tickets. Each applied change also leaves a marker
 *   RPTEV#<changeId> / RPTEV
 * put in the same transaction on condition that it is not there yet, so a redelivered change
 * cancels the whole transaction and adds nothing. Markers expire after MARKER_DAYS (the stream
 * keeps records 24 hours; TTL deletion is free).
 *
 * Cost of a change with increments (transactions bill every item twice, per KB): 2 WCU for the
 * marker plus 2 WCU for each item it updates — the desk, assignee and team rows for a status
 * change that resolves, plus one chunk for a clock that completes, both agents' rows for a
 * reassignment. A change with no increments writes nothing.
 */
const MARKER_DAYS = 7;
const TTL = tableDefinition.timeToLiveAttribute;
/** Days read at once: a year's report is 366 small Queries, eight in flight. */
const READ_CONCURRENCY = 8;

/** Buckets per histogram item: 48 × ≤ 12 bytes; a chunk spans a factor of γ^48 ≈ 2.6 in duration. */
const CHUNK = 48;

const scopePrefixes = { agent: 'a', team: 't' } as const;

const keys = {
  day: (day: string) => `RPT#${day}`,
  row: (key: AggregateKey) =>
    key.scope === 'desk' ? 'd' : `${scopePrefixes[key.scope]}#${encodeURIComponent(key.id)}`,
  chunk: (histogram: string, chunk: number | 'z') => `h#${histogram}#${chunk}`,
  marker: (changeId: string) => ({ PK: `RPTEV#${changeId}`, SK: 'RPTEV' }),
};

/** The key of an item's counters, from its sort key; undefined for an item of no known shape. */
function keyOf(day: string, sortKey: string): AggregateKey | undefined {
  if (sortKey === 'd' || sortKey.startsWith('h#')) return { day, scope: 'desk', id: '' };
  const [prefix, id] = sortKey.split('#', 2);
  if (id === undefined) return undefined;
  if (prefix === scopePrefixes.agent) return { day, scope: 'agent', id: decodeURIComponent(id) };
  if (prefix === scopePrefixes.team) return { day, scope: 'team', id: decodeURIComponent(id) };
  return undefined;
}

/** Where a counter is kept: its key's row, or a histogram bucket's chunk (buckets are desk counters). */
function sortKeyOf(key: AggregateKey, counter: string): string {
  const bucket = bucketCounterOf(counter);
  if (!bucket) return keys.row(key);
  return keys.chunk(bucket.histogram, bucket.bucket === 'z' ? 'z' : Math.floor(bucket.bucket / CHUNK));
}

/** One change's increments by item, summed, zeros dropped. */
function itemIncrements(increments: readonly AggregateRow[]) {
  const items = new Map<string, { day: string; sortKey: string; counters: Record<string, number> }>();
  for (const row of increments) {
    for (const [name, value] of Object.entries(row.counters)) {
      const sortKey = sortKeyOf(row.key, name);
      const id = `${row.key.day}/${sortKey}`;
      const item = items.get(id) ?? { day: row.key.day, sortKey, counters: {} };
      items.set(id, item);
      const sum = (item.counters[name] ?? 0) + value;
      if (sum === 0) delete item.counters[name];
      else item.counters[name] = sum;
    }
  }
  return [...items.values()].filter((item) => Object.keys(item.counters).length > 0);
}

function itemUpdate(tableName: string, day: string, sortKey: string, counters: Counters) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':entity': 'ReportAggregate' };
  const add = Object.entries(counters).map(([name, value], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = value;
    return `#c${index} :c${index}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: { PK: keys.day(day), SK: sortKey },
      UpdateExpression: `SET entityType = :entity ADD ${add.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

const identity = new Set(['PK', 'SK', 'entityType']);

function toRow(day: string, item: Record<string, unknown>): AggregateRow | undefined {
  const key = keyOf(day, String(item.SK));
  if (!key) return undefined;
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!identity.has(name) && typeof value === 'number') counters[name] = value;
  }
  return { key, counters };
}

export class DynamoDbAggregates implements AggregateWriter, AggregateReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async apply(changeId: string, increments: readonly AggregateRow[]): Promise<boolean> {
    const items = itemIncrements(increments);
    if (items.length === 0) return false;
    const expiresAt = Math.floor(this.clock.now().getTime() / 1000) + MARKER_DAYS * 24 * 60 * 60;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.marker(changeId), entityType: 'AggregateChange', [TTL]: expiresAt },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            ...items.map((item) => itemUpdate(this.tableName, item.day, item.sortKey, item.counters)),
          ],
        }),
      );
      return true;
    } catch (error) {
      // The marker is the only condition: its failure means the change was counted already.
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return false;
      }
      throw error;
    }
  }

  async daysOf(days: readonly string[]): Promise<AggregateDay[]> {
    const out: AggregateDay[] = new Array(days.length);
    let next = 0;
    const worker = async () => {
      while (next < days.length) {
        const index = next;
        next += 1;
        out[index] = { day: days[index] as string, rows: await this.rowsOf(days[index] as string) };
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, days.length) }, worker));
    return out;
  }

  private async rowsOf(day: string): Promise<AggregateRow[]> {
    const rows: AggregateRow[] = [];
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.day(day) },
    })) {
      for (const item of page.Items ?? []) {
        const row = toRow(day, item);
        if (row) rows.push(row);
      }
    }
    return rows;
  }
}
