import {
  type AttributeValue,
  DeleteItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Item, itemWriteBill, type TableShape } from '../../bench/write-bill.js';
import { tableDefinition } from '../../functions/shared/table-catalog.js';
import { type LocalTable, startLocalTable } from './support.js';

/**
 * The bench bills writes by AWS's rules (bench/write-bill.ts). DynamoDB Local bills single writes
 * by the same rules, so the two must agree there, index by index; for transactions it does not
 * (it bills a transaction's same-sized items once), which is why the bench does not take its word.
 */
let table: LocalTable;
const shape: TableShape = {
  keys: [tableDefinition.partitionKey, tableDefinition.sortKey],
  indexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
    name: index.name,
    keys: [index.partitionKey, index.sortKey],
    projection: index.projection,
    include: 'include' in index ? index.include : [],
  })),
};

beforeAll(async () => {
  table = await startLocalTable();
});
afterAll(async () => {
  await table?.stop();
});

type Consumed = {
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
};
/** DynamoDB Local's units of one call, as the bill's shape: the table's and each written index's. */
function reported(consumed: Consumed | Consumed[] | undefined) {
  const entry = [consumed ?? []].flat()[0] ?? {};
  return {
    table: entry.Table?.CapacityUnits ?? 0,
    indexes: Object.fromEntries(
      Object.entries(entry.GlobalSecondaryIndexes ?? {}).map(([name, used]) => [
        name,
        used.CapacityUnits ?? 0,
      ]),
    ),
  };
}

const s = (text: string) => ({ S: text });
const key = { PK: s('TICKET#bill-1'), SK: s('TICKET') };
/** A ticket-like item in the list, customer and all-tickets indexes, about 1.5 KB. */
function ticket(due: string, status = 'open', extra: Item = {}): Item {
  return {
    ...key,
    entityType: s('Ticket'),
    id: s('bill-1'),
    status: s(status),
    priority: s('normal'),
    GSI1PK: s('CUSTOMER#c-1'),
    GSI1SK: s('TICKET#2026-12-04T05:00:00.000Z#bill-1'),
    GSI2PK: s('ASSIGNEE#none'),
    GSI2SK: s(`${due}#bill-1`),
    GSI3PK: s('TICKETS#2026-12-04#0'),
    GSI3SK: s('2026-12-04T05:00:00.000Z#bill-1'),
    description: s('x'.repeat(1_100)),
    ...extra,
  };
}

describe('the bench bills writes as DynamoDB Local does, where DynamoDB Local follows AWS (single writes)', () => {
  it('agrees on puts, key moves, projected and unprojected changes, and deletes, index by index', async () => {
    const client = table.client;
    let current: Item | undefined;
    const check = async (next: Item | undefined, send: () => Promise<{ ConsumedCapacity?: unknown }>) => {
      const output = await send();
      expect(itemWriteBill(current, next, shape, false)).toEqual(
        reported(output.ConsumedCapacity as Consumed),
      );
      current = next;
    };
    const put = (item: Item) => () =>
      client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: item as Record<string, AttributeValue>,
          ReturnConsumedCapacity: 'INDEXES',
        }),
      );

    await check(ticket('2026-12-05'), put(ticket('2026-12-05')));
    // The deadline moves: GSI2's key (delete + put); GSI1 and GSI3 unchanged.
    await check(ticket('2026-12-06'), put(ticket('2026-12-06')));
    // A listed attribute changes: every list entry is rewritten in place.
    await check(ticket('2026-12-06', 'pending_customer'), put(ticket('2026-12-06', 'pending_customer')));
    // An attribute no index projects: the table only.
    const noted = ticket('2026-12-06', 'pending_customer', { note: s('seen') });
    await check(noted, () =>
      client.send(
        new UpdateItemCommand({
          TableName: table.tableName,
          Key: key,
          UpdateExpression: 'SET note = :note',
          ExpressionAttributeValues: { ':note': s('seen') },
          ReturnConsumedCapacity: 'INDEXES',
        }),
      ),
    );
    await check(undefined, () =>
      client.send(
        new DeleteItemCommand({ TableName: table.tableName, Key: key, ReturnConsumedCapacity: 'INDEXES' }),
      ),
    );
  });

  it('DynamoDB Local bills a transaction of three 500-byte items 2 units; AWS bills 6 (two per item)', async () => {
    const items = [1, 2, 3].map((n) => ({ PK: s(`BILL#${n}`), SK: s('X'), pad: s('x'.repeat(485)) }));
    const output = await table.client.send(
      new TransactWriteItemsCommand({
        TransactItems: items.map((Item) => ({
          Put: { TableName: table.tableName, Item: Item as Record<string, AttributeValue> },
        })),
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(reported(output.ConsumedCapacity as Consumed).table).toBe(2);
    expect(items.reduce((sum, item) => sum + itemWriteBill(undefined, item, shape, true).table, 0)).toBe(6);
  });
});
