import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { type LambdaHandler, lambdaContext } from './lambda.js';

export interface Poller {
  stop(): Promise<void>;
}

type Log = (message: string) => void;

interface BatchResponse {
  batchItemFailures?: { itemIdentifier: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A stream record's attribute value as Lambda delivers it. DynamoDB Local streams an empty map as
 * `{}` (no type), which `unmarshall` refuses; Lambda gives `{"M":{}}`. Lists and maps are walked.
 */
function asLambdaGivesIt(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const typed = value as { M?: Record<string, unknown>; L?: unknown[] };
  if (Object.keys(typed).length === 0) return { M: {} };
  if (typed.M)
    return {
      M: Object.fromEntries(Object.entries(typed.M).map(([name, inner]) => [name, asLambdaGivesIt(inner)])),
    };
  if (typed.L) return { L: typed.L.map(asLambdaGivesIt) };
  return value;
}

/**
 * Feeds a DynamoDB stream to a handler like Lambda's event source mapping does: in order per
 * shard, and on `batchItemFailures` it retries from the first failed record, with backoff,
 * up to `maxRetries` times before it gives that record up (deployed, bisection on error isolates
 * it and Lambda sends it to the on-failure destination; here it is logged) and goes on with the
 * records after it.
 */
export function pollStream(options: {
  client: DynamoDBStreamsClient;
  streamArn: string;
  handler: LambdaHandler;
  functionName: string;
  log: Log;
  /** Where each shard starts when no checkpoint exists. */
  startAt?: 'TRIM_HORIZON' | 'LATEST';
  checkpoints?: Map<string, string>;
  onCheckpoint?: (shardId: string, sequenceNumber: string) => void;
  maxRetries?: number;
  idleMs?: number;
}): Poller {
  const { client, streamArn, handler, functionName, log } = options;
  const checkpoints = options.checkpoints ?? new Map<string, string>();
  const maxRetries = options.maxRetries ?? 5;
  const idleMs = options.idleMs ?? 100;
  const iterators = new Map<string, string | null>();
  let running = true;

  async function iteratorFor(shardId: string, after?: string, at?: string): Promise<string | undefined> {
    const result = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(at
          ? { ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: at }
          : after
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
            : { ShardIteratorType: options.startAt ?? 'TRIM_HORIZON' }),
      }),
    );
    return result.ShardIterator;
  }

  async function discoverShards(): Promise<void> {
    const description = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId;
      if (!shardId || iterators.has(shardId)) continue;
      iterators.set(shardId, (await iteratorFor(shardId, checkpoints.get(shardId))) ?? null);
    }
  }

  function toEvent(records: StreamRecord[]): DynamoDBStreamEvent {
    const image = (raw: Record<string, unknown> | undefined) =>
      raw && Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, asLambdaGivesIt(value)]));
    return {
      Records: records.map((record) => ({
        eventID: record.eventID,
        eventName: record.eventName,
        eventVersion: record.eventVersion,
        eventSource: 'aws:dynamodb',
        awsRegion: record.awsRegion ?? 'us-east-1',
        eventSourceARN: streamArn,
        dynamodb: {
          ...(record.dynamodb as object),
          Keys: image(record.dynamodb?.Keys),
          NewImage: image(record.dynamodb?.NewImage),
          OldImage: image(record.dynamodb?.OldImage),
          ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
            ? Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
            : undefined,
        },
      })) as DynamoDBStreamEvent['Records'],
    };
  }

  async function deliver(shardId: string, records: StreamRecord[]): Promise<void> {
    let batch = records;
    for (let attempt = 0; batch.length > 0; attempt++) {
      let failedAt: number;
      try {
        const response = (await handler(toEvent(batch), lambdaContext(functionName))) as
          | BatchResponse
          | undefined;
        const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        failedAt = batch.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
      } catch (error) {
        log(`${functionName} failed: ${(error as Error).message}`);
        failedAt = 0;
      }
      const done = failedAt === -1 ? batch : batch.slice(0, failedAt);
      const last = done[done.length - 1]?.dynamodb?.SequenceNumber;
      if (last) {
        checkpoints.set(shardId, last);
        options.onCheckpoint?.(shardId, last);
      }
      if (failedAt === -1) return;
      if (attempt >= maxRetries) {
        // Bisection on error (as deployed) narrows a failing batch down to the record that fails:
        // that one is given up, the records after it are delivered.
        const skipped = batch[failedAt]?.dynamodb?.SequenceNumber;
        log(
          `${functionName}: giving up 1 stream record (${skipped}) of shard ${shardId} after ${attempt + 1} attempts`,
        );
        if (skipped) {
          checkpoints.set(shardId, skipped);
          options.onCheckpoint?.(shardId, skipped);
        }
        batch = batch.slice(failedAt + 1);
        attempt = -1;
        continue;
      }
      batch = batch.slice(failedAt);
      if (!running) return;
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }

  const loop = (async () => {
    let lastDiscovery = 0;
    while (running) {
      try {
        if (Date.now() - lastDiscovery > 5000) {
          await discoverShards();
          lastDiscovery = Date.now();
        }
        let busy = false;
        for (const [shardId, iterator] of iterators) {
          if (!iterator || !running) continue;
          const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
          const records = page.Records ?? [];
          if (records.length > 0) {
            busy = true;
            await deliver(shardId, records);
          }
          iterators.set(shardId, page.NextShardIterator ?? null);
          if (
            records.length > 0 &&
            checkpoints.get(shardId) !== records[records.length - 1]?.dynamodb?.SequenceNumber
          ) {
            // Some records were given up or are to be retried: continue after the checkpoint.
            iterators.set(shardId, (await iteratorFor(shardId, checkpoints.get(shardId))) ?? null);
          }
        }
        if (!busy) await sleep(idleMs);
      } catch (error) {
        if (running) log(`stream poller: ${(error as Error).message}`);
        await sleep(500);
      }
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * Feeds an SQS queue to a handler like Lambda's event source mapping: messages reported in
 * `batchItemFailures` (or all, if the handler throws) stay on the queue and come back after
 * the visibility timeout, until the redrive policy moves them to the DLQ.
 */
/** Lost messages on demand (`POST /_local/queues/{name}/drop {"times": n}`), for fault tests. */
export class QueueFaults {
  private readonly pending = new Map<string, number>();

  drop(queue: string, times: number): void {
    this.pending.set(queue, (this.pending.get(queue) ?? 0) + times);
  }

  /** Whether the next message of this queue is lost. */
  take(queue: string): boolean {
    const left = this.pending.get(queue) ?? 0;
    if (left <= 0) return false;
    this.pending.set(queue, left - 1);
    return true;
  }
}

export function pollQueue(options: {
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: LambdaHandler;
  functionName: string;
  batchSize: number;
  log: Log;
  /** Fault injection: true drops the message unprocessed, as a lost message would be. */
  drop?: () => boolean;
}): Poller {
  const { client, queueUrl, queueArn, handler, functionName, log } = options;
  let running = true;
  const toEvent = (messages: Message[]): SQSEvent => ({
    Records: messages.map((message) => ({
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: (message.Attributes ?? {}) as SQSEvent['Records'][number]['attributes'],
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          { dataType: value.DataType ?? 'String', stringValue: value.StringValue },
        ]),
      ),
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  });
  const loop = (async () => {
    while (running) {
      try {
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(10, options.batchSize),
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        const receivedMessages = received.Messages ?? [];
        const dropped = receivedMessages.filter(() => options.drop?.() ?? false);
        if (dropped.length > 0) {
          log(`${functionName}: dropped ${dropped.length} message(s) (fault injection)`);
          await client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: dropped.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
            }),
          );
        }
        const messages = receivedMessages.filter((m) => !dropped.includes(m));
        if (messages.length === 0) continue;
        let failed: Set<string>;
        try {
          const response = (await handler(toEvent(messages), lambdaContext(functionName))) as
            | BatchResponse
            | undefined;
          failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        } catch (error) {
          log(`${functionName} failed: ${(error as Error).message}`);
          failed = new Set(messages.map((m) => m.MessageId ?? ''));
        }
        const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
        if (done.length > 0) {
          await client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
            }),
          );
        }
      } catch (error) {
        if (running) log(`queue poller ${functionName}: ${(error as Error).message}`);
        await sleep(500);
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
