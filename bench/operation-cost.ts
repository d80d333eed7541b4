import {
  type AttributeValue,
  BatchGetItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { defaultAfterSalesPolicy } from '../functions/after-sales/domain/policy.js';
import { DynamoDbAggregates } from '../functions/reports/adapters/aggregates.dynamodb.js';
import { changeIdOf, contributionsOf, type TicketChange } from '../functions/reports/domain/aggregates.js';
import { getDynamoDbClient } from '../functions/shared/dynamodb-client.js';
import { queryPages } from '../functions/shared/query-pages.js';
import { type IndexDefinition, tableDefinition } from '../functions/shared/table-catalog.js';
import { putSlaPolicyRequestSchema } from '../functions/sla/contracts/policy.js';
import { DynamoDbTicketRepository } from '../functions/tickets/adapters/ticket-repository.dynamodb.js';
import type { Ticket } from '../functions/tickets/domain/ticket.js';
import { DynamoDbRefundHistory } from '../functions/tickets/workflows/refund/adapters/refund-history.dynamodb.js';
import { recentRefunds } from '../functions/tickets/workflows/refund/use-cases/process-refund-event.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { freePort } from '../local/ports.js';
import { ensureTable } from '../local/provision.js';
import { startRuntime } from '../local/runtime.js';
import { anEvent, aTicket } from '../tests/fixtures/builders.js';
import { planArb, play } from '../tests/unit/reports/histories.js';
import {
  type Attribute,
  asAttribute,
  attributeBytes,
  type Item,
  itemBytes,
  itemWriteBill,
  type TableShape,
} from './write-bill.js';

/**
 * What each operation costs in DynamoDB: calls, and write and read capacity units. The
 * operations run through the local runtime's HTTP API, as a frontend calls it: "request" is what
 * the handler spent before it answered; "with what follows" adds the work its change set off on
 * the stream and the queues (routing, assignment, report counters, emails, workers) until the
 * table is quiet. A middleware on the handlers' own client sums, for every call, what DynamoDB
 * Local reports (`ReturnConsumedCapacity: INDEXES`) and, for every write, what AWS bills by its
 * documented rules (`write-bill.ts`), worked out from each item written as it was just before
 * and just after the call (read with a client of the bench's own). DynamoDB Local's figures are
 * not AWS's for transactions (it bills a transaction's same-sized items once, and index entries
 * twice), so the goals are judged on AWS's rules; read units and calls are DynamoDB Local's. The
 * auto-approval history read is measured on its own table, before (every ticket of the customer
 * in 30 days, 100 a page, as the rule read it until issue 15; GSI1 then held whole items, now its
 * lean entries) and after (the bounded read).
 */
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const DAY = 86_400_000;

interface Meter {
  calls: number;
  wcu: number;
  rcu: number;
  items: number;
  last: number;
  /** Write units by where DynamoDB Local says they went: `table`, `GSI1`…`GSI8`. */
  wcuBy: Record<string, number>;
  /** Write units by AWS's rules (`write-bill.ts`), in all and by where they went. */
  aws: number;
  awsBy: Record<string, number>;
  /** Items written, by kind (the item's `entityType`, or its sort key's prefix for an update). */
  written: Record<string, { count: number; putBytes: number; puts: number }>;
  /**
   * Write calls and their units by what they wrote: `ticket` for a ticket's own transaction
   * (its items, its events, and what rides in the same transaction), else the kinds written.
   */
  byWriter: Record<string, { calls: number; wcu: number; aws: number }>;
  /** The largest item of each kind put, to see which attributes weigh. */
  largest: Record<string, Record<string, Attribute>>;
}

/** The item kinds that make a write call the ticket's own (everything else is another feature's line). */
export const ticketKinds = new Set(['Ticket', 'TicketDetail', 'TicketEvent']);

const writes = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

type Consumed = {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
};

/** The kind of an item written: its entityType, else the prefixes of its keys (`RPT#…` / `d` → RPT/d). */
function kindOf(item: Record<string, Attribute>): string {
  const text = (name: string) => (item[name] === undefined ? undefined : asAttribute(item[name]).S);
  if (text('entityType')) return text('entityType') as string;
  // An update or delete names only its key: the partition's prefix (`RPT`, `STAFF`, `ORDER`…) and the sort key's.
  const prefix = (name: string) => (text(name) ?? '?').split('#')[0] ?? '?';
  return `${prefix('PK')}/${prefix('SK')}`;
}

/** One item a write call writes: its table, its key (an update's or a delete's) or whole item (a put's). */
interface WrittenItem {
  readonly kind: string;
  readonly table: string;
  readonly key?: Item;
  readonly item?: Item;
  readonly bytes?: number;
}

/** The single writes in a write call's input (marshalled): Put items with their size, updates and deletes by key. */
function writtenItems(name: string, input: Record<string, unknown>): WrittenItem[] {
  type One = { TableName?: string; Item?: Item; Key?: Item };
  const one = (write: One | undefined, table = write?.TableName ?? '?'): WrittenItem[] => {
    if (!write) return [];
    if (write.Item)
      return [{ kind: kindOf(write.Item), table, item: write.Item, bytes: itemBytes(write.Item) }];
    return [{ kind: kindOf(write.Key ?? {}), table, key: write.Key ?? {} }];
  };
  if (name === 'TransactWriteItemsCommand') {
    const items = (input.TransactItems ?? []) as { Put?: One; Update?: One; Delete?: One }[];
    return items.flatMap((t) => [...one(t.Put), ...one(t.Update), ...one(t.Delete)]);
  }
  if (name === 'BatchWriteItemCommand') {
    const byTable = (input.RequestItems ?? {}) as Record<string, { PutRequest?: One; DeleteRequest?: One }[]>;
    return Object.entries(byTable).flatMap(([table, requests]) =>
      requests.flatMap((r) => [...one(r.PutRequest, table), ...one(r.DeleteRequest, table)]),
    );
  }
  return one({ ...(input as One), TableName: String(input.TableName) });
}

/**
 * What AWS bills for a write call by its rules: each item's images just before and just after
 * the call, read with `reader` (a client without the meter), and the table's indexes.
 */
function awsBilling(reader: DynamoDBClient) {
  const shapes = new Map<string, Promise<TableShape>>();
  const shapeOf = (table: string) => {
    let shape = shapes.get(table);
    if (!shape) {
      shape = reader.send(new DescribeTableCommand({ TableName: table })).then(({ Table }) => ({
        keys: (Table?.KeySchema ?? []).map((key) => String(key.AttributeName)),
        indexes: (Table?.GlobalSecondaryIndexes ?? []).map((index) => ({
          name: String(index.IndexName),
          keys: (index.KeySchema ?? []).map((key) => String(key.AttributeName)),
          projection: index.Projection?.ProjectionType ?? 'ALL',
          include: index.Projection?.NonKeyAttributes ?? [],
        })),
      }));
      shapes.set(table, shape);
    }
    return shape;
  };
  /** The item's key, marshalled (a document client's input may still be plain values here). */
  const keyOf = (written: WrittenItem, shape: TableShape): Item =>
    Object.fromEntries(
      shape.keys.map((key) => [key, asAttribute((written.key ?? written.item)?.[key] ?? '')]),
    );
  /** The items as they are now, in the order of `items` (undefined: absent). */
  const images = async (items: readonly WrittenItem[]) => {
    const found = new Map<string, Item>();
    const byTable = new Map<string, Item[]>();
    for (const written of items) {
      const key = keyOf(written, await shapeOf(written.table));
      byTable.set(written.table, [...(byTable.get(written.table) ?? []), key]);
    }
    for (const [table, keys] of byTable) {
      const shape = await shapeOf(table);
      let pending: Item[] = keys;
      while (pending.length > 0) {
        const output = await reader.send(
          new BatchGetItemCommand({
            RequestItems: {
              [table]: { Keys: pending as Record<string, AttributeValue>[], ConsistentRead: true },
            },
          }),
        );
        for (const item of (output.Responses?.[table] ?? []) as Item[])
          found.set(`${table}|${JSON.stringify(shape.keys.map((key) => item[key]))}`, item);
        pending = (output.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
      }
    }
    return Promise.all(
      items.map(async (written) => {
        const shape = await shapeOf(written.table);
        const key = keyOf(written, shape);
        return found.get(`${written.table}|${JSON.stringify(shape.keys.map((name) => key[name]))}`);
      }),
    );
  };
  return {
    before: images,
    /** The call's units by where they went, from the images before it and now. */
    async bill(items: readonly WrittenItem[], before: readonly (Item | undefined)[], transactional: boolean) {
      const after = await images(items);
      const by: Record<string, number> = {};
      for (const [i, written] of items.entries()) {
        const one = itemWriteBill(before[i], after[i], await shapeOf(written.table), transactional);
        by.table = (by.table ?? 0) + one.table;
        for (const [index, units] of Object.entries(one.indexes)) by[index] = (by[index] ?? 0) + units;
      }
      return by;
    },
  };
}

/**
 * Adds a middleware to `client` that asks every call for its consumed capacity per table and
 * index and sums it in the meter, with the items each write call carried and what AWS bills
 * for them (`reader`, a client without the meter, reads their images). It sits just before
 * serialization, so a document client's input is already marshalled.
 */
function meter(client: DynamoDBClient, reader: DynamoDBClient): Meter {
  const billing = awsBilling(reader);
  const totals: Meter = {
    calls: 0,
    wcu: 0,
    rcu: 0,
    items: 0,
    last: Date.now(),
    wcuBy: {},
    aws: 0,
    awsBy: {},
    written: {},
    byWriter: {},
    largest: {},
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      const streams =
        name.includes('Stream') || name === 'GetRecordsCommand' || name === 'GetShardIteratorCommand';
      const input = args.input as Record<string, unknown>;
      if (!streams) input.ReturnConsumedCapacity = 'INDEXES';
      const write = writes.has(name);
      const items = write ? writtenItems(name, input) : [];
      const before = write ? await billing.before(items) : [];
      const result = await next(args);
      if (streams || name === 'DescribeTableCommand') return result;
      const output = result.output as { ConsumedCapacity?: Consumed | Consumed[]; Count?: number };
      const consumed = [output.ConsumedCapacity ?? []].flat();
      totals.calls += 1;
      totals.items += output.Count ?? 0;
      totals.last = Date.now();
      for (const entry of consumed) {
        const units = entry.CapacityUnits ?? 0;
        if (!write) {
          totals.rcu += entry.ReadCapacityUnits ?? units;
          continue;
        }
        totals.wcu += entry.WriteCapacityUnits ?? units;
        const add = (where: string, n: number | undefined) => {
          if (n) totals.wcuBy[where] = (totals.wcuBy[where] ?? 0) + n;
        };
        add('table', entry.Table?.CapacityUnits);
        for (const [index, used] of Object.entries(entry.GlobalSecondaryIndexes ?? {}))
          add(index, used.CapacityUnits);
      }
      if (!write) return result;
      const billed = await billing.bill(items, before, name === 'TransactWriteItemsCommand');
      const aws = Object.values(billed).reduce((sum, n) => sum + n, 0);
      totals.aws += aws;
      for (const [where, n] of Object.entries(billed)) totals.awsBy[where] = (totals.awsBy[where] ?? 0) + n;
      totals.last = Date.now();
      const kinds = [...new Set(items.map((item) => item.kind))].sort();
      const writer = kinds.some((kind) => ticketKinds.has(kind)) ? 'ticket' : kinds.join('+');
      const line = totals.byWriter[writer] ?? { calls: 0, wcu: 0, aws: 0 };
      totals.byWriter[writer] = line;
      line.calls += 1;
      line.aws += aws;
      line.wcu += consumed.reduce(
        (sum, entry) => sum + (entry.WriteCapacityUnits ?? entry.CapacityUnits ?? 0),
        0,
      );
      for (const { kind, bytes, item } of items) {
        const largest = totals.largest[kind];
        if (item && bytes !== undefined && (!largest || itemBytes(largest) < bytes))
          totals.largest[kind] = item;
        const seen = totals.written[kind] ?? { count: 0, putBytes: 0, puts: 0 };
        totals.written[kind] = seen;
        seen.count += 1;
        if (bytes !== undefined) {
          seen.puts += 1;
          seen.putBytes += bytes;
        }
      }
      return result;
    },
    { step: 'serialize', priority: 'high', name: 'operationCostMeter' },
  );
  return totals;
}

type Snapshot = ReturnType<typeof snapshot>;
const snapshot = (m: Meter) => ({
  calls: m.calls,
  wcu: m.wcu,
  rcu: m.rcu,
  items: m.items,
  wcuBy: { ...m.wcuBy },
  aws: m.aws,
  awsBy: { ...m.awsBy },
  written: Object.fromEntries(Object.entries(m.written).map(([kind, w]) => [kind, { ...w }])),
  byWriter: Object.fromEntries(Object.entries(m.byWriter).map(([writer, w]) => [writer, { ...w }])),
});
const minusBy = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(a)
      .map(([where, n]): [string, number] => [where, n - (b[where] ?? 0)])
      .filter(([, n]) => n !== 0),
  );
const minus = (a: Snapshot, b: Snapshot): Snapshot => ({
  calls: a.calls - b.calls,
  wcu: a.wcu - b.wcu,
  rcu: a.rcu - b.rcu,
  items: a.items - b.items,
  wcuBy: minusBy(a.wcuBy, b.wcuBy),
  aws: a.aws - b.aws,
  awsBy: minusBy(a.awsBy, b.awsBy),
  written: Object.fromEntries(
    Object.entries(a.written)
      .map(([kind, w]): [string, Meter['written'][string]] => {
        const o = b.written[kind] ?? { count: 0, putBytes: 0, puts: 0 };
        return [kind, { count: w.count - o.count, putBytes: w.putBytes - o.putBytes, puts: w.puts - o.puts }];
      })
      .filter(([, w]) => w.count !== 0),
  ),
  byWriter: Object.fromEntries(
    Object.entries(a.byWriter)
      .map(([writer, w]): [string, Meter['byWriter'][string]] => {
        const o = b.byWriter[writer] ?? { calls: 0, wcu: 0, aws: 0 };
        return [writer, { calls: w.calls - o.calls, wcu: w.wcu - o.wcu, aws: w.aws - o.aws }];
      })
      .filter(([, w]) => w.calls !== 0),
  ),
});

/** Waits until no DynamoDB call was made for `quietMs` (the stream and queue pollers have caught up). */
async function quiet(m: Meter, quietMs = 2_500, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() - m.last < quietMs && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function table(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

const units = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

interface Breakdown {
  readonly name: string;
  readonly all: Snapshot;
}

/** DynamoDB's storage overhead per item and per index entry, bytes. */
const STORAGE_OVERHEAD = 100;

/**
 * What one ticket keeps stored, by DynamoDB's storage rules: each item of its partition (ticket,
 * detail, events) plus 100 bytes, each index entry it has (the index's keys, the table's keys,
 * what the index projects, plus 100 bytes), and the sent-email log entries of its events.
 */
async function storedBytes(
  documents: DynamoDBDocumentClient,
  tableName: string,
  ticketId: string,
): Promise<{
  items: number;
  itemBytes: number;
  entries: number;
  entryBytes: number;
  emails: number;
  emailBytes: number;
}> {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryPages(documents, {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': `TICKET#${ticketId}` },
  }))
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
  /** An item's size, or of the attributes of it that `names` lists. */
  const size = (item: Record<string, unknown>, names: readonly string[] = Object.keys(item)) =>
    itemBytes(
      Object.fromEntries(names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]])),
    );
  const result = { items: items.length, itemBytes: 0, entries: 0, entryBytes: 0, emails: 0, emailBytes: 0 };
  for (const item of items) {
    result.itemBytes += size(item) + STORAGE_OVERHEAD;
    for (const index of tableDefinition.globalSecondaryIndexes) {
      if (item[index.partitionKey] === undefined || item[index.sortKey] === undefined) continue;
      const keys = ['PK', 'SK', index.partitionKey, index.sortKey];
      const { projection, include = [] } = index as IndexDefinition;
      const projected =
        projection === 'ALL'
          ? Object.keys(item).filter((name) => !keys.includes(name))
          : projection === 'INCLUDE'
            ? include
            : [];
      result.entries += 1;
      result.entryBytes += size(item, [...keys, ...projected]) + STORAGE_OVERHEAD;
    }
  }
  const eventIds = new Set(
    items.filter((item) => item.entityType === 'TicketEvent').map((item) => String(item.id)),
  );
  for await (const page of paginateScan(
    { client: documents },
    {
      TableName: tableName,
      FilterExpression: 'begins_with(PK, :email)',
      ExpressionAttributeValues: { ':email': 'EMAIL#' },
    },
  )) {
    for (const item of (page.Items ?? []) as Record<string, unknown>[]) {
      const eventId = String(item.PK).split('#')[1] ?? '';
      if (!eventIds.has(eventId)) continue;
      result.emails += 1;
      result.emailBytes += size(item) + STORAGE_OVERHEAD;
    }
  }
  return result;
}

async function operations(out: {
  m?: Meter;
}): Promise<{ rows: string[][]; breakdowns: Breakdown[]; storage: string[][] }> {
  const breakdowns: Breakdown[] = [];
  const runtime = await startRuntime({ port: 0, sweepSeconds: 3600, visibilityTimeoutSeconds: 2 });
  // A client of its own: the runtime's client is each function's, and no function reads this.
  const reader = new DynamoDBClient({
    endpoint: runtime.endpoints.dynamodb,
    region: 'us-east-1',
    credentials,
  });
  const m = meter(getDynamoDbClient(), reader);
  out.m = m;
  const rows: string[][] = [];
  const storage: string[][] = [];
  try {
    const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
      const response = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    };
    const token = async (sub: string, groups: string[]) =>
      (
        await call('POST', '/_local/token', undefined, {
          sub,
          groups,
          email: `${sub}@example.com`,
          email_verified: true,
        })
      ).token as string;
    const shop = await token('shop', ['integrations']);
    const agent = await token('agent-1', ['agents']);
    const order = (customerId: string, orderId: string) =>
      call('PUT', `/v1/orders/${orderId}`, shop, {
        customerId,
        customerEmail: `${customerId}@example.com`,
        locale: 'en',
        currency: 'CNY',
        placedAt: new Date(Date.now() - 5 * DAY).toISOString(),
        shippedAt: new Date(Date.now() - 4 * DAY).toISOString(),
        deliveredAt: new Date(Date.now() - 2 * DAY).toISOString(),
        shippingFee: 1000,
        items: [
          {
            sku: 'KETTLE-1',
            name: 'Electric kettle',
            quantity: 2,
            unitPrice: 12900,
            category: 'home',
            noReasonReturn: true,
          },
        ],
      });

    /** One operation: what its request cost, and what it cost with everything it set off. */
    const measure = async (
      name: string,
      operation: () => Promise<unknown>,
      done?: () => Promise<boolean>,
    ) => {
      await quiet(m);
      const before = snapshot(m);
      await operation();
      const request = minus(snapshot(m), before);
      if (done) {
        const deadline = Date.now() + 60_000;
        while (!(await done()) && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await quiet(m);
      const all = minus(snapshot(m), before);
      breakdowns.push({ name, all });
      rows.push([
        name,
        String(request.calls),
        units(request.wcu),
        units(request.aws),
        units(request.rcu),
        String(all.calls),
        units(all.wcu),
        units(all.aws),
        units(all.rcu),
      ]);
    };

    // A configured desk: every admin-edited configuration stored (saved back as it reads), as a
    // desk has them once its admins set it up; the defaults alone are never stored.
    const admin = await token('admin-1', ['admins']);
    const stored = (value: Record<string, unknown>) => {
      const { updatedAt: _updatedAt, ...rest } = value;
      return rest;
    };
    for (const path of ['/v1/after-sales-policy', '/v1/classifier', '/v1/routing-rules'])
      await call('PUT', path, admin, stored(await call('GET', path, admin)));
    const policies = await call('GET', '/v1/sla-policies', admin);
    const fields = new Set(Object.keys(putSlaPolicyRequestSchema().shape));
    for (const policy of policies.items as Record<string, unknown>[]) {
      const body = Object.fromEntries(Object.entries(policy).filter(([field]) => fields.has(field)));
      await call('PUT', `/v1/sla-policies/${String(policy.id)}`, admin, body);
    }

    // Warm the containers (the caches fill on the first request, as after a cold start).
    const ann = await token('bench-warm', ['customers']);
    await order('bench-warm', 'BENCH-WARM');
    await call('POST', '/v1/tickets', ann, {
      type: 'inquiry',
      reason: 'other',
      subject: 'Warm-up',
      description: 'A first ticket that fills the containers.',
      channel: 'web',
    });

    const customer = await token('bench-1', ['customers']);
    await order('bench-1', 'BENCH-1');
    let ticketId = '';
    await measure('open a ticket (inquiry)', async () => {
      ticketId = (
        await call('POST', '/v1/tickets', customer, {
          type: 'inquiry',
          reason: 'other',
          subject: 'Where is my parcel?',
          description: 'It has not moved for three days.',
          channel: 'web',
        })
      ).id;
    });
    await measure('post a message (staff reply)', () =>
      call('POST', `/v1/tickets/${ticketId}/messages`, agent, { body: 'We are looking into it.' }),
    );
    await measure('perform an action (set_priority)', () =>
      call('POST', `/v1/tickets/${ticketId}/actions`, agent, { action: 'set_priority', priority: 'high' }),
    );
    // Changes that move no listed field and no clock: the goal's cases without an index write.
    await measure('post an internal note', () =>
      call('POST', `/v1/tickets/${ticketId}/messages`, agent, {
        body: 'Carrier says Tuesday.',
        internal: true,
      }),
    );
    await measure('post a message (customer follow-up)', () =>
      call('POST', `/v1/tickets/${ticketId}/messages`, customer, { body: 'Any news?' }),
    );

    // Routing and assignment on their own (issue 10): every member of the support team steps
    // away, a new inquiry is routed and waits in the team queue; one agent comes back and the
    // assigner hands it to them.
    const team = await call('GET', '/v1/teams/support', admin);
    const members = await Promise.all(
      (team.members as string[]).map(async (id) => ({ id, token: await token(id, ['agents']) })),
    );
    for (const member of members)
      await call('PUT', '/v1/staff/me/availability', member.token, { available: false });
    const waiter = await token('bench-3', ['customers']);
    let waitingId = '';
    await measure('open a ticket nobody has room for: routed and queued', async () => {
      waitingId = (
        await call('POST', '/v1/tickets', waiter, {
          type: 'inquiry',
          reason: 'other',
          subject: 'Opening hours',
          description: 'When are you open on Sunday?',
          channel: 'web',
        })
      ).id;
    });
    const returning = members[0];
    if (!returning) throw new Error('The support team has no members to assign to.');
    await measure(
      'an agent comes back: the waiting ticket is assigned',
      () => call('PUT', '/v1/staff/me/availability', returning.token, { available: true }),
      async () => (await call('GET', `/v1/tickets/${waitingId}`, agent)).assigneeId === returning.id,
    );
    for (const member of members.slice(1))
      await call('PUT', '/v1/staff/me/availability', member.token, { available: true });

    const refunder = await token('bench-2', ['customers']);
    await order('bench-2', 'BENCH-2');
    let refundId = '';
    await measure(
      'auto-approved refund: open → paid → emails',
      async () => {
        refundId = (
          await call('POST', '/v1/tickets', refunder, {
            type: 'refund',
            orderId: 'BENCH-2',
            items: [{ sku: 'KETTLE-1', quantity: 1 }],
            reason: 'defective',
            description: 'It leaks.',
            channel: 'web',
          })
        ).id;
      },
      async () => (await call('GET', `/v1/tickets/${refundId}`, agent)).status === 'refunded',
    );

    const documents = DynamoDBDocumentClient.from(reader);
    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    for (const [name, id] of [
      ['the inquiry above: opened, 2 replies, 1 note, 1 action', ticketId],
      ['the refund above: opened → refunded', refundId],
    ] as const) {
      const stored = await storedBytes(documents, runtime.tableName, id);
      storage.push([
        name,
        `${stored.items} / ${kb(stored.itemBytes)}`,
        `${stored.entries} / ${kb(stored.entryBytes)}`,
        `${stored.emails} / ${kb(stored.emailBytes)}`,
        kb(stored.itemBytes + stored.entryBytes + stored.emailBytes),
      ]);
    }
  } finally {
    reader.destroy();
    await runtime.stop();
  }
  return { rows, breakdowns, storage };
}

/**
 * The ticket's own write units (its transactions: ticket, detail and event items, what rides
 * with them, and their index entries) and every other writer's, with what follows, as this
 * bench measured them on main at 99142e4, before the ticket item was split (ADR 23).
 */
const before: Record<string, { own: number; others: number }> = {
  'open a ticket (inquiry)': { own: 56, others: 7 },
  'post a message (staff reply)': { own: 34, others: 4 },
  'perform an action (set_priority)': { own: 24, others: 0 },
  'auto-approved refund: open → paid → emails': { own: 152, others: 17 },
};

/** Issue 15's goals for the ticket's own writes. */
const goals: Record<string, number> = {
  'post a message (staff reply)': 8,
  'perform an action (set_priority)': 8,
  'post an internal note': 8,
  'post a message (customer follow-up)': 8,
  'auto-approved refund: open → paid → emails': 40,
};

function printGoals(breakdowns: readonly Breakdown[]) {
  console.log(
    "\nThe ticket's own WCU against issue 15's goals, judged by AWS's rules (DynamoDB Local's figure beside; before: main at 99142e4, DynamoDB Local's); other writers beside",
  );
  const rows: string[][] = [];
  for (const { name, all } of breakdowns) {
    const was = before[name];
    const goal = goals[name];
    if (!was && goal === undefined) continue;
    const own = all.byWriter.ticket ?? { calls: 0, wcu: 0, aws: 0 };
    rows.push([
      name,
      units(own.aws),
      goal === undefined
        ? '–'
        : `≤ ${goal}: ${own.aws <= goal ? 'met' : `not met, ${units(own.aws - goal)} over`}`,
      was ? `${units(was.own)} → ${units(own.wcu)}` : units(own.wcu),
      `${units(all.aws - own.aws)} / ${units(all.wcu - own.wcu)}`,
    ]);
  }
  table(
    [
      'operation',
      "ticket's own WCU (AWS)",
      'goal',
      "ticket's own WCU (Local)",
      'other writers WCU (AWS / Local)',
    ],
    rows,
  );
}

/** Where each operation's write units went: the ticket's own writes and each other writer; table and index; items by kind. */
function printBreakdowns(breakdowns: readonly Breakdown[]) {
  console.log(
    "\nWrite units with what follows: the ticket's own transactions, and every other writer on its own line",
  );
  const rows: string[][] = [];
  for (const { name, all } of breakdowns) {
    const own = all.byWriter.ticket ?? { calls: 0, wcu: 0, aws: 0 };
    rows.push([name, "ticket's own", String(own.calls), units(own.aws), units(own.wcu)]);
    for (const [writer, w] of Object.entries(all.byWriter).sort(([a], [b]) => a.localeCompare(b)))
      if (writer !== 'ticket') rows.push(['', writer, String(w.calls), units(w.aws), units(w.wcu)]);
  }
  table(['operation', 'writer', 'write calls', 'WCU (AWS)', 'WCU (Local)'], rows);

  const where = ['table', ...tableDefinition.globalSecondaryIndexes.map((index) => index.name)];
  for (const [title, of] of [
    ["by AWS's rules", (all: Snapshot) => all.awsBy],
    ['as DynamoDB Local reports them (ReturnConsumedCapacity INDEXES)', (all: Snapshot) => all.wcuBy],
  ] as const) {
    console.log(`\nWrite units by table and index, ${title}, with what follows`);
    table(
      ['operation', ...where],
      breakdowns.map(({ name, all }) => [name, ...where.map((w) => units(of(all)[w] ?? 0))]),
    );
  }

  console.log('\nItems written, with what follows: kind ×count (average bytes of the puts)');
  table(
    ['operation', 'items'],
    breakdowns.map(({ name, all }) => [
      name,
      Object.entries(all.written)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, w]) => `${kind} ×${w.count}${w.puts ? ` (${Math.round(w.putBytes / w.puts)} B)` : ''}`)
        .join(', '),
    ]),
  );
}

/**
 * The report counters' writes for a day of a desk: 200 tickets opened five minutes apart, each
 * with a random history (the report tests' histories, fixed seed), their changes interleaved
 * ticket by ticket as a busy stream carries them, delivered in stream batches of 1 (every change
 * its own transaction, as before batches were written together), 10 and 100. Each batch is
 * handed to the aggregates as the stream consumer does: every ticket's changes in order, the
 * tickets side by side. Each size on a table of its own; the bench stops if a size leaves other
 * counters than one by one.
 */
async function reportCounterWrites(): Promise<string[][]> {
  const plans = fc.sample(planArb('day'), { numRuns: 200, seed: 42 }).map((plan, index) => ({
    ...plan,
    id: `day-${index}`,
    openedAtMinute: index * 5,
  }));
  const { changes } = play(plans, 60);
  const byTicket = new Map<string, TicketChange[]>();
  for (const change of changes) {
    const id = (change.after ?? change.before)?.id ?? '';
    byTicket.set(id, [...(byTicket.get(id) ?? []), change]);
  }
  const stream: TicketChange[] = [];
  const queues = [...byTicket.values()];
  for (let turn = 0; stream.length < changes.length; turn++)
    for (const queue of queues) if (queue[turn]) stream.push(queue[turn] as TicketChange);

  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials });
  const reader = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials });
  const m = meter(client, reader);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const clock = { now: () => new Date() };
  const days = [
    ...new Set(changes.map((change) => (change.after ?? change.before)?.createdAt.slice(0, 10) ?? '')),
  ];
  let expected: string | undefined;
  const rows: string[][] = [];
  try {
    for (const size of [1, 10, 100]) {
      const tableName = `bench-counters-${size}`;
      await ensureTable(reader, tableName);
      const aggregates = new DynamoDbAggregates(documents, tableName, clock);
      const start = snapshot(m);
      let added = 0;
      for (let i = 0; i < stream.length; i += size) {
        const batch = new Map<string, TicketChange[]>();
        for (const change of stream.slice(i, i + size)) {
          const id = (change.after ?? change.before)?.id ?? '';
          batch.set(id, [...(batch.get(id) ?? []), change]);
        }
        await Promise.all(
          [...batch.values()].map(async (ticketChanges) => {
            for (const change of ticketChanges)
              if (await aggregates.apply(changeIdOf(change), contributionsOf(change))) added += 1;
          }),
        );
      }
      const used = minus(snapshot(m), start);
      const items = Object.values(used.written).reduce((sum, w) => sum + w.count, 0);
      // Every batch size leaves the same counters (a key's counters summed, in a fixed order).
      const counters = new Map<string, number>();
      for (const { rows: dayRows } of await aggregates.daysOf(days))
        for (const row of dayRows)
          for (const [name, value] of Object.entries(row.counters)) {
            const id = `${JSON.stringify(row.key)} ${name}`;
            counters.set(id, (counters.get(id) ?? 0) + value);
          }
      const stored = JSON.stringify([...counters.entries()].filter(([, n]) => n !== 0).sort());
      expected ??= stored;
      if (stored !== expected) throw new Error(`batches of ${size} left other counters than one by one`);
      rows.push([
        String(size),
        String(stream.length),
        String(added),
        String(used.calls),
        String(items),
        units(used.aws),
        (used.aws / added).toFixed(1),
      ]);
    }
  } finally {
    client.destroy();
    reader.destroy();
    await dynamo.stop();
  }
  return rows;
}

/** The auto-approval history of a customer with `earlier` refunds in the last 30 days, before and after. */
async function historyReads(): Promise<string[][]> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials });
  const reader = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials });
  const m = meter(client, reader);
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const rows: string[][] = [];
  try {
    const tableName = 'bench-history';
    await ensureTable(client, tableName);
    const tickets = new DynamoDbTicketRepository(documents, tableName);
    const history = new DynamoDbRefundHistory(documents, tableName);
    const now = new Date();
    for (const earlier of [0, 20, 100, 300]) {
      const customerId = `history-${earlier}`;
      const opened = aTicket({ type: 'refund' });
      const at = (ago: number) => new Date(now.getTime() - ago).toISOString();
      const make = (id: string, ago: number, status: Ticket['status']): Ticket => ({
        ...opened,
        id,
        customerId,
        status,
        createdAt: at(ago),
        updatedAt: at(ago),
        refund: opened.refund
          ? { ...opened.refund, status: status === 'refunded' ? 'issued' : 'pending' }
          : null,
      });
      const all = [
        ...Array.from({ length: earlier }, (_, i) =>
          make(`${customerId}-${i}`, (i + 1) * 60 * 60_000, 'refunded'),
        ),
        make(`${customerId}-self`, 0, 'requested'),
      ];
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < all.length) {
            const ticket = all[next++] as Ticket;
            await tickets.create(ticket, [anEvent(ticket)]);
          }
        }),
      );
      const self = all.at(-1) as Ticket;

      // Before: the customer's list entries, 100 a page, until one is older than 30 days.
      const since = now.getTime() - 30 * DAY;
      let before = snapshot(m);
      let cursor: string | undefined;
      do {
        const page = await tickets.list({ scope: { kind: 'customer', customerId }, limit: 100, cursor });
        const oldest = page.items.at(-1);
        cursor =
          page.nextCursor && oldest && Date.parse(oldest.createdAt) >= since ? page.nextCursor : undefined;
      } while (cursor);
      const full = minus(snapshot(m), before);

      before = snapshot(m);
      await recentRefunds(history, self, now, defaultAfterSalesPolicy.autoApproval);
      const bounded = minus(snapshot(m), before);
      rows.push([
        String(earlier),
        `${full.calls} / ${full.items} / ${units(full.rcu)}`,
        `${bounded.calls} / ${bounded.items} / ${units(bounded.rcu)}`,
      ]);
    }
  } finally {
    client.destroy();
    reader.destroy();
    await dynamo.stop();
  }
  return rows;
}

export async function benchOperationCost(): Promise<void> {
  console.log(
    "Operation cost, summed per operation: WCU as DynamoDB Local reports them (Local) and by AWS's rules (AWS); RCU and calls as DynamoDB Local reports them",
  );
  const meterOf: { m?: Meter } = {};
  const measured = await operations(meterOf);
  table(
    [
      'operation',
      'request calls',
      'WCU (Local)',
      'WCU (AWS)',
      'RCU',
      'with what follows: calls',
      'WCU (Local)',
      'WCU (AWS)',
      'RCU',
    ],
    measured.rows,
  );
  printGoals(measured.breakdowns);
  printBreakdowns(measured.breakdowns);
  console.log(
    '\nStored per ticket (DynamoDB storage rules: 100 bytes more per item and per index entry), count / KB',
  );
  table(['ticket', 'items', 'index entries', 'sent-email log', 'KB in all'], measured.storage);
  for (const kind of ['Ticket', 'TicketDetail', 'TicketEvent']) {
    const item = meterOf.m?.largest[kind];
    if (!item) continue;
    const fields = Object.entries(item)
      .map(([field, value]): [string, number] => [field, Buffer.byteLength(field) + attributeBytes(value)])
      .sort(([, a], [, b]) => b - a);
    console.log(
      `\nThe largest ${kind} item written: ${itemBytes(item)} bytes; its heaviest attributes: ${fields
        .slice(0, 12)
        .map(([field, bytes]) => `${field} ${bytes}`)
        .join(', ')}`,
    );
  }
  console.log('\nAuto-approval history read under the default rule (at most 3 refunds in 30 days)');
  table(
    ['earlier refunds', 'before: Queries / items / RCU', 'after: Queries / items / RCU'],
    await historyReads(),
  );
  console.log(
    "\nReport counters for a day of 200 tickets, by stream batch size (WCU by AWS's rules; a batch's changes share one transaction)",
  );
  table(
    [
      'changes a batch',
      'changes',
      'changes with increments',
      'write calls',
      'items written',
      'WCU (AWS)',
      'WCU per counted change',
    ],
    await reportCounterWrites(),
  );
}
