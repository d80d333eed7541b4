import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { orderKeys } from '../../orders/adapters/order-keys.js';
import { batchGetItems } from '../../shared/batch-get.js';
import { ValidationError } from '../../shared/errors.js';
import { queryPages } from '../../shared/query-pages.js';
import { parseTicketNumber } from '../domain/ticket-number.js';
import {
  matchesFilters,
  type StaffView,
  type TicketFilters,
  type TicketSearch,
  type TicketSummary,
  type TicketSummaryPage,
} from '../domain/ticket-views.js';
import { dayOf, filterExpression, indexPartitions, listProjection, summaryOfItem } from './ticket-indexes.js';

type Key = Record<string, unknown>;
/** Where a partition's read stands: not begun, resumes after a key, or read to its end. */
type Position = null | Key | 'end';

interface Cursor {
  /** The view's kind and partitions, so a cursor of another list is refused. */
  readonly of: string;
  /** view=all: the creation day being read. */
  readonly day?: string;
  readonly at: Position[];
}

/** At most this many Query calls per request; a page cut short by it carries a cursor. */
const CALL_BUDGET = 64;
/** view=all without `createdFrom` reaches back this many days. */
export const ALL_VIEW_DAYS = 366;
const DAY_MS = 86_400_000;

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function badCursor(message = 'Not a cursor this API handed out.'): ValidationError {
  return new ValidationError([{ path: 'query.cursor', message }]);
}

function decode(text: string, of: string): Cursor {
  let cursor: Cursor;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw badCursor();
  }
  if (!cursor || typeof cursor !== 'object' || !Array.isArray(cursor.at)) throw badCursor();
  if (cursor.of !== of) throw badCursor('The cursor does not belong to this list.');
  return cursor;
}

/** One partition of an index, as a Query without paging. */
interface Source {
  readonly input: QueryCommandInput;
}

/**
 * Staff views and lookups. A view reads the partitions that hold it in parallel and merges them
 * in the index's order; the cursor keeps each partition's position (the key of the last ticket
 * handed out from it, or where its reading stopped), so the next page starts exactly there.
 * Filters that are not keys are FilterExpressions; a page is read until it is full, every
 * partition is read to its end, or CALL_BUDGET Query calls were spent (then it is shorter and
 * carries a cursor).
 */
export class DynamoDbTicketSearch {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async search(query: TicketSearch): Promise<TicketSummaryPage> {
    const { view, filters } = query;
    switch (view.kind) {
      case 'lookup':
        return { items: await this.lookup(view.q, filters, query.limit), nextCursor: null };
      case 'all':
        return this.allTickets(filters, query.limit, query.cursor);
      default: {
        const { index, partitions, range, values } = queueSources(view);
        const of = `${view.kind}:${partitions.join(',')}`;
        const at = query.cursor ? decode(query.cursor, of).at : partitions.map(() => null);
        if (at.length !== partitions.length) throw badCursor('The cursor does not belong to this list.');
        const sources = partitions.map((pk) =>
          this.source(index, pk, { range, values, forward: true, filters, extra: view }),
        );
        const read = await this.merge(sources, at, query.limit, true, `${index}SK`, { calls: 0 });
        return {
          items: read.items.map(summaryOfItem),
          nextCursor: read.more ? encode({ of, at: read.at }) : null,
        };
      }
    }
  }

  /** view=all: GSI3, newest first, day by day; each day's shards in parallel. */
  private async allTickets(
    filters: TicketFilters,
    limit: number,
    cursorText?: string,
  ): Promise<TicketSummaryPage> {
    const { createdFrom, createdTo, ...rest } = filters;
    const now = Date.now();
    // The created range is the key condition here, not a filter.
    const from = createdFrom ?? '0';
    const to = createdTo ?? '~';
    const floor = dayOf(createdFrom ?? new Date(now - ALL_VIEW_DAYS * DAY_MS).toISOString());
    const of = `all:${createdFrom ?? ''}:${createdTo ?? ''}`;
    const cursor = cursorText ? decode(cursorText, of) : undefined;
    let day = cursor?.day ?? dayOf(new Date(Math.min(now, Date.parse(to) - 1 || now)).toISOString());
    if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw badCursor();
    let at: Position[] = cursor?.at ?? [];
    const items: Record<string, unknown>[] = [];
    const budget = { calls: 0 };
    while (day >= floor) {
      const partitions = indexPartitions.allTicketsOfDay(day);
      const sources = partitions.map((pk) =>
        this.source('GSI3', pk, {
          range: 'GSI3SK BETWEEN :from AND :to',
          values: { ':from': from, ':to': to },
          forward: false,
          filters: rest,
        }),
      );
      const start = at.length === 0 ? partitions.map(() => null) : at;
      if (start.length !== partitions.length) throw badCursor('The cursor does not belong to this list.');
      const read = await this.merge(sources, start, limit - items.length, false, 'GSI3SK', budget);
      items.push(...read.items);
      if (read.more) return { items: items.map(summaryOfItem), nextCursor: encode({ of, day, at: read.at }) };
      day = previousDay(day);
      at = [];
      if (items.length === limit || budget.calls >= CALL_BUDGET) {
        const more = day >= floor;
        return { items: items.map(summaryOfItem), nextCursor: more ? encode({ of, day, at }) : null };
      }
    }
    return { items: items.map(summaryOfItem), nextCursor: null };
  }

  private source(
    index: string,
    partition: string,
    options: {
      range?: string | undefined;
      values?: Record<string, unknown> | undefined;
      forward: boolean;
      filters: TicketFilters;
      extra?: StaffView;
    },
  ): Source {
    const filter = filterExpression(options.filters);
    const values: Record<string, unknown> = { ':pk': partition, ...options.values, ...filter.values };
    const terms = filter.expression ? [filter.expression] : [];
    // Breaching: warned, not yet due (the key condition keeps the not-yet-due).
    if (options.extra?.kind === 'breaching') terms.push('slaWarnAt <= :now');
    const names = filter.names;
    return {
      input: {
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk${options.range ? ` AND ${options.range}` : ''}`,
        ExpressionAttributeValues: values,
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ...(terms.length > 0 ? { FilterExpression: terms.join(' AND ') } : {}),
        ScanIndexForward: options.forward,
      },
    };
  }

  /**
   * A k-way merge of sorted partitions: each is read a page at a time, the head with the best
   * sort key goes out next. A partition whose buffer ran dry is read again before anything else
   * goes out, so the merge is exact.
   */
  private async merge(
    sources: readonly Source[],
    start: readonly Position[],
    want: number,
    ascending: boolean,
    sortKey: string,
    budget: { calls: number },
  ): Promise<{ items: Key[]; at: Position[]; more: boolean }> {
    const state = sources.map((source, index) => {
      const position = start[index] ?? null;
      if (
        position !== null &&
        position !== 'end' &&
        (typeof position !== 'object' || Array.isArray(position))
      )
        throw badCursor();
      return {
        source,
        buffer: [] as Key[],
        /** Where the next Query starts; undefined with `fetched` = read to the end. */
        next: position === null || position === 'end' ? undefined : position,
        fetched: position === 'end',
        /** The position to hand out if nothing more is taken from this partition. */
        at: position as Position,
      };
    });
    const filtered = sources.some((source) => source.input.FilterExpression !== undefined);
    const pageSize = filtered ? Math.max(want * 2, 25) : want + 1;
    const items: Key[] = [];
    const pending = () => state.filter((s) => s.buffer.length === 0 && (!s.fetched || s.next !== undefined));
    while (items.length < want) {
      for (let dry = pending(); dry.length > 0; dry = pending()) {
        if (budget.calls + dry.length > CALL_BUDGET && budget.calls > 0) return this.stop(state, items);
        budget.calls += dry.length;
        await Promise.all(
          dry.map(async (s) => {
            const page = await this.query({ ...s.source.input, ExclusiveStartKey: s.next, Limit: pageSize });
            s.buffer = page.Items ?? [];
            s.next = page.LastEvaluatedKey;
            s.fetched = true;
            // Nothing taken from this page yet: a stop here resumes after what was read.
            if (s.buffer.length === 0) s.at = s.next ?? 'end';
          }),
        );
      }
      let best: (typeof state)[number] | undefined;
      for (const s of state) {
        const head = s.buffer[0];
        if (!head) continue;
        const bestHead = best?.buffer[0];
        if (!bestHead || String(head[sortKey]) < String(bestHead[sortKey]) === ascending) best = s;
      }
      if (!best) break;
      const item = best.buffer.shift() as Key;
      items.push(item);
      best.at = best.buffer.length > 0 || best.next !== undefined ? this.keyOf(item, best.source) : 'end';
    }
    return this.stop(state, items);
  }

  private stop(
    state: readonly { buffer: Key[]; next: Key | undefined; fetched: boolean; at: Position }[],
    items: Key[],
  ): { items: Key[]; at: Position[]; more: boolean } {
    const more = state.some((s) => s.buffer.length > 0 || !s.fetched || s.next !== undefined);
    return { items, at: state.map((s) => s.at), more };
  }

  private keyOf(item: Key, source: Source): Key {
    const index = source.input.IndexName as string;
    return {
      PK: item.PK,
      SK: item.SK,
      [`${index}PK`]: item[`${index}PK`],
      [`${index}SK`]: item[`${index}SK`],
    };
  }

  private async query(input: QueryCommandInput) {
    try {
      return await this.client.send(new QueryCommand(input));
    } catch (error) {
      if (input.ExclusiveStartKey && (error as Error).name === 'ValidationException')
        throw badCursor('The cursor does not belong to this list.');
      throw error;
    }
  }

  /**
   * `q`: a ticket number (GSI7), a customer email (GSI8), an order id (the order's customer, then
   * their tickets on GSI1). Each that the text could be is tried; matches are merged, filtered,
   * newest first, at most `limit`.
   */
  private async lookup(q: string, filters: TicketFilters, limit: number): Promise<TicketSummary[]> {
    const text = q.trim();
    const number = parseTicketNumber(text);
    const [byNumber, byEmail, byOrder] = await Promise.all([
      number ? this.idsOn('GSI7', indexPartitions.number(number)) : [],
      text.includes('@') ? this.idsOn('GSI8', indexPartitions.email(text)) : [],
      text.includes('@') ? [] : this.ticketsOfOrder(text.replace(/^#/, '')),
    ]);
    const found = new Map<string, TicketSummary>(byOrder.map((ticket) => [ticket.id, ticket]));
    for (const ticket of await this.summaries([...byNumber, ...byEmail].filter((id) => !found.has(id))))
      found.set(ticket.id, ticket);
    return [...found.values()]
      .filter((ticket) => matchesFilters(ticket, filters))
      .sort((a, b) => (a.createdAt === b.createdAt ? 0 : a.createdAt < b.createdAt ? 1 : -1))
      .slice(0, limit);
  }

  private async idsOn(index: 'GSI7' | 'GSI8', partition: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      IndexName: index,
      KeyConditionExpression: `${index}PK = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
    })) {
      for (const item of page.Items ?? []) ids.push(String(item.PK).slice('TICKET#'.length));
    }
    return ids;
  }

  /** The order's customer (one GetItem), then that customer's tickets for the order (GSI1). */
  private async ticketsOfOrder(orderId: string): Promise<TicketSummary[]> {
    if (orderId === '' || orderId.length > 200) return [];
    const order = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: orderKeys.header(orderId),
        ProjectionExpression: 'customerId',
      }),
    );
    const customerId = order.Item?.customerId;
    if (typeof customerId !== 'string') return [];
    const projection = listProjection();
    const found: TicketSummary[] = [];
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :tickets)',
      FilterExpression: 'orderId = :order',
      ProjectionExpression: projection.expression,
      ExpressionAttributeNames: projection.names,
      ExpressionAttributeValues: {
        ':pk': `CUSTOMER#${customerId}`,
        ':tickets': 'TICKET#',
        ':order': orderId,
      },
    })) {
      for (const item of page.Items ?? []) found.push(summaryOfItem(item));
    }
    return found;
  }

  /** The list fields of these tickets, read from their items (BatchGetItem, 100 keys a call). */
  private async summaries(ids: readonly string[]): Promise<TicketSummary[]> {
    const items = await batchGetItems(
      this.client,
      this.tableName,
      ids.map((id) => ({ PK: `TICKET#${id}`, SK: 'TICKET' })),
      { projection: listProjection() },
    );
    return items.map(summaryOfItem);
  }
}

function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - DAY_MS).toISOString().slice(0, 10);
}

/** The index and partitions of a queue view, and the key range that selects it. */
function queueSources(view: Exclude<StaffView, { kind: 'lookup' | 'all' }>): {
  index: string;
  partitions: string[];
  range?: string;
  values?: Record<string, unknown>;
} {
  switch (view.kind) {
    case 'assignee':
      return { index: 'GSI2', partitions: [indexPartitions.assignee(view.assigneeId)] };
    case 'teams':
      return { index: 'GSI5', partitions: [...new Set(view.teams)].sort().map(indexPartitions.team) };
    case 'breached':
      return {
        index: 'GSI6',
        partitions: indexPartitions.openOf(false),
        range: 'GSI6SK < :now',
        values: { ':now': view.now.toISOString() },
      };
    case 'breaching':
      // Keys of tickets with no running clock start with `~`, after every instant.
      return {
        index: 'GSI6',
        partitions: indexPartitions.openOf(false),
        range: 'GSI6SK BETWEEN :now AND :running',
        values: { ':now': view.now.toISOString(), ':running': '~' },
      };
    case 'pending_customer':
      return { index: 'GSI6', partitions: indexPartitions.openOf(true) };
    case 'open':
      return {
        index: 'GSI6',
        partitions: [...indexPartitions.openOf(false), ...indexPartitions.openOf(true)],
      };
  }
}
