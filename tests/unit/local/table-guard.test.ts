import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { TableUse } from '../../../functions/shared/manifest.js';
import {
  guardTable,
  partsOf,
  type RunningFunction,
  runAs,
  type TableUseRecord,
  UndeclaredTableUseError,
} from '../../../local/table-guard.js';

const TableName = 'redress-test';

/** A document client whose requests stop after the guard: what reaches the wire is counted. */
function guardedClient(record?: TableUseRecord) {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  guardTable(client, record);
  const sent: string[] = [];
  client.middlewareStack.add(
    (_next, context) => async () => {
      sent.push(context.commandName ?? '');
      return { output: { $metadata: {} } as never, response: {} };
    },
    { step: 'build', name: 'stop-before-the-wire' },
  );
  return { documents: DynamoDBDocumentClient.from(client), sent };
}

const as = (table: TableUse, name = 'test-function'): RunningFunction => ({ name, table });

describe('guardTable', () => {
  it('lets a declared GetItem through and refuses an undeclared DeleteItem, naming the function and the operation', async () => {
    const { documents, sent } = guardedClient();
    const fn = as({ operations: ['GetItem', 'UpdateItem'] }, 'answer-survey');
    await runAs(fn, () =>
      documents.send(new GetCommand({ TableName, Key: { PK: 'TICKET#t-1', SK: 'TICKET' } })),
    );
    const deleting = runAs(fn, () =>
      documents.send(new DeleteCommand({ TableName, Key: { PK: 'TICKET#t-1', SK: 'TICKET' } })),
    );
    await expect(deleting).rejects.toThrow(UndeclaredTableUseError);
    await expect(deleting).rejects.toThrow(
      /^answer-survey sends DeleteItem, which its manifest does not declare/,
    );
    expect(sent).toEqual(['GetItemCommand']);
  });

  it('checks every item of a transaction, and the transaction itself', async () => {
    const { documents, sent } = guardedClient();
    const transaction = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName, Item: { PK: 'TICKET#t-1', SK: 'TICKET' } } },
        {
          ConditionCheck: {
            TableName,
            Key: { PK: 'ORDER#o-1', SK: 'ORDER' },
            ConditionExpression: 'attribute_exists(PK)',
          },
        },
      ],
    });
    await expect(
      runAs(as({ operations: ['TransactWriteItems', 'PutItem'] }), () => documents.send(transaction)),
    ).rejects.toThrow(/sends ConditionCheckItem/);
    await expect(
      runAs(as({ operations: ['PutItem', 'ConditionCheckItem'] }), () => documents.send(transaction)),
    ).rejects.toThrow(/sends TransactWriteItems/);
    await runAs(as({ operations: ['TransactWriteItems', 'PutItem', 'ConditionCheckItem'] }), () =>
      documents.send(transaction),
    );
    expect(sent).toEqual(['TransactWriteItemsCommand']);
  });

  it('holds a Query on an index to the declared indexes, and one on the table to Query', async () => {
    const { documents } = guardedClient();
    const onIndex = new QueryCommand({
      TableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'CUSTOMER#c-1' },
    });
    const onTable = new QueryCommand({
      TableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeNames: { '#pk': 'PK' },
      ExpressionAttributeValues: { ':pk': 'TICKET#t-1', ':sk': 'EVENT#' },
    });
    const indexOnly = as({ operations: [], indexes: ['GSI1'] });
    await runAs(indexOnly, () => documents.send(onIndex));
    await expect(runAs(indexOnly, () => documents.send(onTable))).rejects.toThrow(/sends Query,/);
    await expect(
      runAs(as({ operations: ['Query'], indexes: ['GSI2'] }), () => documents.send(onIndex)),
    ).rejects.toThrow(/queries the index GSI1/);
  });

  it('holds the partition keys of items, batches and table queries to the declared key patterns', async () => {
    const { documents } = guardedClient();
    const settingsOnly = as({
      operations: ['GetItem', 'Query', 'BatchWriteItem'],
      keys: ['SETTINGS', 'MACROS'],
    });
    await runAs(settingsOnly, () =>
      documents.send(new GetCommand({ TableName, Key: { PK: 'SETTINGS', SK: 'VERSIONS' } })),
    );
    await expect(
      runAs(settingsOnly, () =>
        documents.send(new GetCommand({ TableName, Key: { PK: 'TICKET#t-1', SK: 'TICKET' } })),
      ),
    ).rejects.toThrow(/sends GetItem on the partition TICKET#t-1/);
    await expect(
      runAs(settingsOnly, () =>
        documents.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': 'STAFF' },
          }),
        ),
      ),
    ).rejects.toThrow(/sends Query on the partition STAFF/);
    await expect(
      runAs(settingsOnly, () =>
        documents.send(
          new BatchWriteCommand({
            RequestItems: {
              [TableName]: [
                { DeleteRequest: { Key: { PK: 'MACROS', SK: 'MACRO#m-1' } } },
                { PutRequest: { Item: { PK: 'DIGEST#a@x', SK: 'HELD' } } },
              ],
            },
          }),
        ),
      ),
    ).rejects.toThrow(/sends BatchWriteItem on the partition DIGEST#a@x/);
    const erasures = as({ operations: ['BatchGetItem'], keys: ['ERASURE#*'] });
    await runAs(erasures, () =>
      documents.send(
        new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [{ PK: 'ERASURE#e-1', SK: 'JOB' }] } } }),
      ),
    );
    await expect(
      runAs(erasures, () =>
        documents.send(
          new BatchGetCommand({
            RequestItems: { [TableName]: { Keys: [{ PK: 'ERASED#c-1', SK: 'MARK' }] } },
          }),
        ),
      ),
    ).rejects.toThrow(/on the partition ERASED#c-1/);
  });

  it('refuses what no manifest can declare, and any request outside a function', async () => {
    const { documents, sent } = guardedClient();
    await expect(
      runAs(as({ operations: ['GetItem', 'Query'] }), () => documents.send(new ScanCommand({ TableName }))),
    ).rejects.toThrow(/sends Scan/);
    await expect(
      documents.send(new UpdateCommand({ TableName, Key: { PK: 'SETTINGS', SK: 'VERSIONS' } })),
    ).rejects.toThrow(/^code outside any function sends UpdateItem/);
    expect(sent).toEqual([]);
  });

  it('records the operations and indexes each function used', async () => {
    const record: TableUseRecord = new Map();
    const { documents } = guardedClient(record);
    await runAs(as({ operations: ['PutItem'], indexes: ['GSI4'] }, 'sweeper'), async () => {
      await documents.send(new PutCommand({ TableName, Item: { PK: 'X', SK: 'Y' } }));
      await documents.send(
        new QueryCommand({
          TableName,
          IndexName: 'GSI4',
          KeyConditionExpression: 'GSI4PK = :pk',
          ExpressionAttributeValues: { ':pk': 'DUE#0' },
        }),
      );
    });
    expect(record).toEqual(new Map([['sweeper', new Set(['PutItem', 'index:GSI4'])]]));
  });
});

describe('partsOf', () => {
  it('reads marshalled keys as well as plain ones', () => {
    expect(partsOf('GetItemCommand', { Key: { PK: { S: 'SETTINGS' }, SK: { S: 'VERSIONS' } } })).toEqual([
      { operation: 'GetItem', partitionKeys: ['SETTINGS'] },
    ]);
  });
});
