import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProcess } from '../../local/dynamodb-local.js';
import { startSqsLocal } from '../../local/emulators.js';
import { pollQueue, pollStream } from '../../local/pollers.js';
import { freePort } from '../../local/ports.js';
import { ensureQueues } from '../../local/provision.js';
import { credentials, type LocalTable, region, startLocalTable } from './support.js';

let table: LocalTable;
let sqs: RunningProcess;

beforeAll(async () => {
  [table, sqs] = await Promise.all([startLocalTable(), freePort().then(startSqsLocal)]);
});
afterAll(async () => {
  await sqs?.stop();
  await table?.stop();
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A stream handler that stops at the first record (by sort key) `fails` says fails and reports it,
 * as the router does; the ids it handled go to `seen`.
 */
function handlerFailing(fails: (id: string) => boolean, seen: string[]) {
  return async (event: DynamoDBStreamEvent) => {
    for (const record of event.Records) {
      const id = record.dynamodb?.NewImage?.SK?.S ?? '';
      if (fails(id))
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      seen.push(id);
    }
    return { batchItemFailures: [] };
  };
}

describe('pollStream', () => {
  it('retries from the first failed record, in order, like a Lambda event source mapping', async () => {
    const client = new DynamoDBStreamsClient({ endpoint: table.dynamo.endpoint, region, credentials });
    const seen: string[] = [];
    let failedOnce = false;
    const poller = pollStream({
      client,
      streamArn: table.streamArn,
      functionName: 'test-router',
      log: () => undefined,
      idleMs: 20,
      handler: handlerFailing((id) => {
        if (id !== 'item-2' || failedOnce) return false;
        failedOnce = true;
        return true;
      }, seen),
    });
    try {
      for (const sk of ['item-1', 'item-2', 'item-3']) {
        await table.documentClient.send(
          new PutCommand({ TableName: table.tableName, Item: { PK: 'POLL', SK: sk } }),
        );
      }
      await until(() => seen.length >= 3);
    } finally {
      await poller.stop();
      client.destroy();
    }

    expect(failedOnce).toBe(true);
    expect(seen).toEqual(['item-1', 'item-2', 'item-3']);
  });

  it('gives up only a record that keeps failing and goes on with the rest, as bisection on error isolates it', async () => {
    const client = new DynamoDBStreamsClient({ endpoint: table.dynamo.endpoint, region, credentials });
    const seen: string[] = [];
    const logged: string[] = [];
    const poller = pollStream({
      client,
      streamArn: table.streamArn,
      functionName: 'test-router',
      log: (line) => logged.push(line),
      idleMs: 20,
      maxRetries: 2,
      startAt: 'LATEST',
      handler: handlerFailing((id) => id === 'poison-2', seen),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // the poller's LATEST iterator is taken
      // One write of four items: their records come in one batch.
      await table.documentClient.send(
        new BatchWriteCommand({
          RequestItems: {
            [table.tableName]: ['poison-1', 'poison-2', 'poison-3', 'poison-4'].map((sk) => ({
              PutRequest: { Item: { PK: 'POLL', SK: sk } },
            })),
          },
        }),
      );
      await until(() => seen.includes('poison-4'));
    } finally {
      await poller.stop();
      client.destroy();
    }

    expect(seen.filter((id) => id.startsWith('poison'))).toEqual(['poison-1', 'poison-3', 'poison-4']);
    expect(logged.some((line) => line.includes('giving up 1 stream record'))).toBe(true);
  });

  it('hands over empty maps as Lambda does ({"M":{}}), although DynamoDB Local streams them as {}', async () => {
    // An SLA policy saved with `match: {}` (the default policy, as the admin form saves it back)
    // reached the router as `"match": {}`: unmarshall threw, and the record and the rest of its
    // batch were given up after the retries.
    const client = new DynamoDBStreamsClient({ endpoint: table.dynamo.endpoint, region, credentials });
    const images: Record<string, unknown>[] = [];
    const poller = pollStream({
      client,
      streamArn: table.streamArn,
      functionName: 'test-router',
      log: () => undefined,
      idleMs: 20,
      startAt: 'LATEST',
      handler: async (event: DynamoDBStreamEvent) => {
        for (const record of event.Records)
          images.push(unmarshall(record.dynamodb?.NewImage as Record<string, AttributeValue>));
        return { batchItemFailures: [] };
      },
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // the poller's LATEST iterator is taken
      await table.documentClient.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { PK: 'POLL', SK: 'empty-map', match: {}, nested: { inner: {}, list: [{}] }, none: [] },
        }),
      );
      await until(() => images.some((image) => image.SK === 'empty-map'));
    } finally {
      await poller.stop();
      client.destroy();
    }

    expect(images.find((image) => image.SK === 'empty-map')).toEqual({
      PK: 'POLL',
      SK: 'empty-map',
      match: {},
      nested: { inner: {}, list: [{}] },
      none: [],
    });
  });
});

describe('pollQueue', () => {
  it('deletes handled messages and leaves reported failures to the redrive policy, which moves poison to the DLQ', async () => {
    const client = new SQSClient({
      endpoint: sqs.endpoint,
      region,
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    const queues = await ensureQueues(client, `poll-${Date.now()}`);
    const queue = queues.notifications;
    // A one-second visibility timeout makes the redeliveries quick.
    await client.send(
      new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { VisibilityTimeout: '1' } }),
    );
    await client.send(
      new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify({ kind: 'good' }) }),
    );
    await client.send(
      new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify({ kind: 'poison' }) }),
    );
    const handled: string[] = [];
    let poisonAttempts = 0;
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['QueueArn'] }),
    );
    const poller = pollQueue({
      client,
      queueUrl: queue.url,
      queueArn: Attributes?.QueueArn ?? '',
      functionName: 'test-consumer',
      batchSize: 10,
      log: () => undefined,
      handler: async (event: SQSEvent) => {
        const batchItemFailures = [];
        for (const record of event.Records) {
          if (JSON.parse(record.body).kind === 'poison') {
            poisonAttempts += 1;
            batchItemFailures.push({ itemIdentifier: record.messageId });
          } else {
            handled.push(record.messageId);
          }
        }
        return { batchItemFailures };
      },
    });
    let dead: string[] = [];
    try {
      await until(async () => {
        const received = await client.send(
          new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        dead = [...dead, ...(received.Messages ?? []).map((m) => m.Body ?? '')];
        return dead.length > 0;
      }, 20_000);
    } finally {
      await poller.stop();
      client.destroy();
    }

    expect(handled).toHaveLength(1);
    expect(poisonAttempts).toBe(5);
    expect(dead.map((body) => JSON.parse(body).kind)).toEqual(['poison']);
  });
});
