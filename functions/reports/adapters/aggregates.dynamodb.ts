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
 * reassignment. A change with no increments writes nothing. The changes of one stream batch are
 * written in one transaction (`apply`): a marker each, and each item they touch once with their
 * increments summed, so the rows a batch shares are paid once.
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

/** DynamoDB's limit of items in one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

/** One `apply` call waiting for the write of its change. */
interface Waiting {
  readonly changeId: string;
  readonly increments: readonly AggregateRow[];
  resolve(added: boolean): void;
  reject(error: unknown): void;
}

/** A change to write, with every call that asked for it (the first one adds it, the rest learn it was counted). */
interface Change {
  readonly changeId: string;
  readonly increments: readonly AggregateRow[];
  readonly calls: readonly Waiting[];
}

/** How many items a transaction of these changes writes: a marker each and their items, summed. */
function itemCount(changes: readonly Change[]): number {
  return changes.length + itemIncrements(changes.flatMap((change) => change.increments)).length;
}

/** The changes in groups of at most one transaction's items, in their order. */
function transactionsOf(changes: readonly Change[]): Change[][] {
  const groups: Change[][] = [];
  let group: Change[] = [];
  for (const change of changes) {
    if (group.length > 0 && itemCount([...group, change]) > MAX_TRANSACTION_ITEMS) {
      groups.push(group);
      group = [];
    }
    group.push(change);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function settle(change: Change, added: boolean) {
  change.calls.forEach((call, index) => {
    call.resolve(added && index === 0);
  });
}

export class DynamoDbAggregates implements AggregateWriter, AggregateReader {
  /** Calls made since the last write, written together on the next turn of the event loop. */
  private waiting: Waiting[] = [];

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Adds a change's increments once. The calls made together — the stream consumer hands every
   * record of a batch over at once, one record per ticket at a time — are written in one
   * transaction: a marker per change and each row or chunk once, with the changes' increments
   * summed, so the rows shared by a batch (the desk row above all) are written once, not once per
   * change. All or nothing, as one change alone: a failure rejects every call of the transaction
   * and the stream delivers their records again.
   */
  apply(changeId: string, increments: readonly AggregateRow[]): Promise<boolean> {
    if (itemIncrements(increments).length === 0) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ changeId, increments, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => void this.writeWaiting());
    });
  }

  private async writeWaiting(): Promise<void> {
    const calls = this.waiting;
    this.waiting = [];
    const byId = new Map<string, Waiting[]>();
    for (const call of calls) byId.set(call.changeId, [...(byId.get(call.changeId) ?? []), call]);
    const changes = [...byId.entries()].map(
      ([changeId, asked]): Change => ({
        changeId,
        increments: (asked[0] as Waiting).increments,
        calls: asked,
      }),
    );
    await Promise.all(transactionsOf(changes).map((group) => this.write(group)));
  }

  /** Writes a group of changes in one transaction; a change found counted already is left out and the rest written. */
  private async write(changes: readonly Change[]): Promise<void> {
    let remaining = changes;
    const expiresAt = Math.floor(this.clock.now().getTime() / 1000) + MARKER_DAYS * 24 * 60 * 60;
    while (remaining.length > 0) {
      const items = itemIncrements(remaining.flatMap((change) => change.increments));
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              ...remaining.map((change) => ({
                Put: {
                  TableName: this.tableName,
                  Item: { ...keys.marker(change.changeId), entityType: 'AggregateChange', [TTL]: expiresAt },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              })),
              ...items.map((item) => itemUpdate(this.tableName, item.day, item.sortKey, item.counters)),
            ],
          }),
        );
        for (const change of remaining) settle(change, true);
        return;
      } catch (error) {
        // The markers are the only conditions: a marker's failure means its change was counted already.
        const counted = new Set(
          error instanceof TransactionCanceledException
            ? remaining.filter(
                (_, index) => error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed',
              )
            : [],
        );
        if (counted.size === 0) {
          for (const change of remaining) for (const call of change.calls) call.reject(error);
          return;
        }
        for (const change of counted) settle(change, false);
        remaining = remaining.filter((change) => !counted.has(change));
      }
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
