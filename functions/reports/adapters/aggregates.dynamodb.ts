import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TicketType } from '../../kernel/ticket-kinds.js';
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
 * Report aggregates in the single table. Per day and key, a row of counters
 *   AGG#<day> / <type>#<team>#<agent>          (segments URI-encoded; agent empty when unassigned)
 * and per day, type and team the histogram buckets, in chunks of CHUNK consecutive buckets
 *   AGG#<day> / <type>#<team>##h#<fr|rs>#<chunk>
 * each holding `day`, `type`, `team`, `agent` and one top-level number per counter (`ADD` works
 * only on top-level numbers). Chunks keep every item under 1 KB however busy the key: a row has
 * at most one counter per status, reason and figure, a chunk at most CHUNK buckets, so a write
 * costs the same on the busiest day as on the first. Each applied change also leaves a marker
 *   AGGEV#<changeId> / AGGEV
 * put in the same transaction on condition that it is not there yet, so a redelivered change
 * cancels the whole transaction and adds nothing. Markers expire after MARKER_DAYS (the stream
 * keeps records 24 hours; TTL deletion is free).
 *
 * Cost of a change with increments (transactions bill every item twice, per KB): 2 WCU for the
 * marker plus 2 WCU for each item it updates — one row for a status change, one row and one
 * chunk for a clock that completes, both agents' rows for a reassignment. A change with no
 * increments writes nothing.
 */
const MARKER_DAYS = 7;
const TTL = tableDefinition.timeToLiveAttribute;
/** Days read at once: a year's report is 366 small Queries, eight in flight. */
const READ_CONCURRENCY = 8;

/** Buckets per histogram item: 48 × ≤ 12 bytes; a chunk spans a factor of γ^48 ≈ 2.6 in duration. */
const CHUNK = 48;

const keys = {
  day: (day: string) => `AGG#${day}`,
  row: (key: AggregateKey) =>
    [key.type, key.team, key.agent ?? ''].map((segment) => encodeURIComponent(segment)).join('#'),
  marker: (changeId: string) => ({ PK: `AGGEV#${changeId}`, SK: 'AGGEV' }),
};

/** Attributes of an aggregate item that are not counters. */
const identity = new Set(['PK', 'SK', 'entityType', 'day', 'type', 'team', 'agent']);

/**
 * Where a counter is kept: its key's row; a histogram bucket, which a report reads only in total,
 * in the chunk of its day, type and team — without the agent, so a reassignment leaves the
 * histograms alone and a day reads a chunk per team, not per agent.
 */
function placeOf(key: AggregateKey, counter: string): { key: AggregateKey; sortKey: string } {
  const bucket = bucketCounterOf(counter);
  if (!bucket) return { key, sortKey: keys.row(key) };
  const teamKey = { ...key, agent: null };
  const chunk = bucket.bucket === 'z' ? 'z' : Math.floor(bucket.bucket / CHUNK);
  return { key: teamKey, sortKey: `${keys.row(teamKey)}#h#${bucket.histogram}#${chunk}` };
}

/** One change's increments by item, summed (a bucket moving between agents nets out), zeros dropped. */
function itemIncrements(increments: readonly AggregateRow[]) {
  const items = new Map<string, { key: AggregateKey; sortKey: string; counters: Record<string, number> }>();
  for (const row of increments) {
    for (const [name, value] of Object.entries(row.counters)) {
      const place = placeOf(row.key, name);
      const id = `${place.key.day}/${place.sortKey}`;
      const item = items.get(id) ?? { ...place, counters: {} };
      items.set(id, item);
      const sum = (item.counters[name] ?? 0) + value;
      if (sum === 0) delete item.counters[name];
      else item.counters[name] = sum;
    }
  }
  return [...items.values()].filter((item) => Object.keys(item.counters).length > 0);
}

function itemUpdate(tableName: string, key: AggregateKey, sortKey: string, counters: Counters) {
  const names: Record<string, string> = { '#day': 'day', '#type': 'type', '#team': 'team' };
  const values: Record<string, unknown> = {
    ':entity': 'ReportAggregate',
    ':day': key.day,
    ':type': key.type,
    ':team': key.team,
  };
  const set = ['entityType = :entity', '#day = :day', '#type = :type', '#team = :team'];
  if (key.agent !== null) {
    names['#agent'] = 'agent';
    values[':agent'] = key.agent;
    set.push('#agent = :agent');
  }
  const add = Object.entries(counters).map(([name, value], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = value;
    return `#c${index} :c${index}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: { PK: keys.day(key.day), SK: sortKey },
      UpdateExpression: `SET ${set.join(', ')} ADD ${add.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

function toRow(item: Record<string, unknown>): AggregateRow {
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!identity.has(name) && typeof value === 'number') counters[name] = value;
  }
  return {
    key: {
      day: String(item.day),
      type: item.type as TicketType,
      team: String(item.team),
      agent: typeof item.agent === 'string' ? item.agent : null,
    },
    counters,
  };
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
            ...items.map((item) => itemUpdate(this.tableName, item.key, item.sortKey, item.counters)),
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
      for (const item of page.Items ?? []) rows.push(toRow(item));
    }
    return rows;
  }
}
