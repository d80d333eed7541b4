import './zod-messages.js';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type {
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import { logger, metrics } from './observability.js';
import { inSettingsRequest } from './settings-cache.js';

/** A record left unhandled because an earlier record of its ticket failed in the same batch. */
export class EarlierRecordFailedError extends Error {
  constructor(readonly key: string) {
    super(`An earlier record of ${key} failed in this batch; this one waits for its retry.`);
    this.name = 'EarlierRecordFailedError';
  }
}

/**
 * Per batch: each record with a key waits for the record of the same key before it, and fails
 * when that one failed. Records of different keys (or none) run alongside.
 */
function keyOrder<TRecord>(records: readonly TRecord[], keyOf: (record: TRecord) => string | undefined) {
  const last = new Map<string, Promise<boolean>>();
  const turns = new Map<
    TRecord,
    { readonly key: string; readonly after?: Promise<boolean>; done(ok: boolean): void }
  >();
  for (const record of records) {
    const key = keyOf(record);
    if (key === undefined) continue;
    let done: (ok: boolean) => void = () => undefined;
    const finished = new Promise<boolean>((resolve) => {
      done = resolve;
    });
    turns.set(record, { key, after: last.get(key), done });
    last.set(key, finished);
  }
  return async (record: TRecord, run: () => Promise<void>): Promise<void> => {
    const turn = turns.get(record);
    if (!turn) return run();
    if (turn.after && !(await turn.after)) {
      turn.done(false);
      throw new EarlierRecordFailedError(turn.key);
    }
    try {
      await run();
      turn.done(true);
    } catch (error) {
      turn.done(false);
      throw error;
    }
  };
}

/**
 * The one shape of every batch consumer: Powertools' partial batch response (a record that
 * throws is reported in `batchItemFailures`, so the queue retries it and its DLQ keeps what never
 * succeeds), the Lambda context in every log line, and the metrics the records added published
 * once per invocation, whatever happens. Each batch also counts its failed records
 * (`BatchItemFailures`), so the metric stream is never empty, and logs each failed record's error
 * with the record's id (Powertools only collects them), so that a failure is read in the logs
 * before its record reaches the DLQ.
 *
 * Records that share a key (`keyOf`: the ticket) are handled one after another in the batch's
 * order, and a failure fails the ones after it; other keys run in parallel. So one ticket's events
 * leave the stream, and its emails leave the notifier, in the order they were committed
 * (ADR 5).
 */
function batchConsumer<
  TEvent extends SQSEvent | DynamoDBStreamEvent,
  TRecord extends SQSRecord | DynamoDBRecord,
>(
  eventType: (typeof EventType)[keyof typeof EventType],
  recordHandler: (record: TRecord) => Promise<void>,
  keyOf: (record: TRecord) => string | undefined,
) {
  const processor = new BatchProcessor(eventType);
  const logged = async (record: TRecord) => {
    try {
      await recordHandler(record);
    } catch (error) {
      const recordId = 'messageId' in record ? record.messageId : record.eventID;
      const attempt = 'attributes' in record ? Number(record.attributes.ApproximateReceiveCount) : undefined;
      logger.warn('Record failed; it is retried, then dead-lettered', {
        recordId,
        ...(attempt ? { attempt } : {}),
        error: error as Error,
      });
      throw error;
    }
  };
  return middy(async (event: TEvent, context: Context): Promise<SQSBatchResponse> => {
    const inOrder = keyOrder(event.Records as TRecord[], keyOf);
    const handle = (record: TRecord) => inOrder(record, () => logged(record));
    const response = await processPartialResponse(event, handle as never, processor, { context });
    metrics.addMetric('BatchItemFailures', MetricUnit.Count, response.batchItemFailures.length);
    return response;
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

/** The ticket a message is about, when it names one: its key for `keyOrder`. */
function ticketOf(message: unknown): string | undefined {
  const ticketId = (message as { ticketId?: unknown } | null)?.ticketId;
  return typeof ticketId === 'string' ? ticketId : undefined;
}

/**
 * A consumer of an SQS queue: each message body is JSON parsed with `schema` (a body that does not
 * parse is a failed record, like one whose `handle` throws) and handed to `handle` with its record
 * (receive count, attributes). Messages that name the same `ticketId` are handled in their order.
 */
export function queueConsumer<S extends z.ZodMiniType>(options: {
  readonly schema: S;
  readonly handle: (message: z.output<S>, record: SQSRecord) => Promise<void>;
}) {
  type Read = { readonly message: z.output<S> } | { readonly error: unknown };
  const reads = new WeakMap<SQSRecord, Read>();
  const read = (record: SQSRecord): Read => {
    let result = reads.get(record);
    if (!result) {
      try {
        result = { message: options.schema.parse(JSON.parse(record.body)) };
      } catch (error) {
        result = { error };
      }
      reads.set(record, result);
    }
    return result;
  };
  // Each message is one request: the configurations it reads share one read of their version item.
  return batchConsumer<SQSEvent, SQSRecord>(
    EventType.SQS,
    (record) =>
      inSettingsRequest(async () => {
        const result = read(record);
        if ('error' in result) throw result.error;
        return options.handle(result.message, record);
      }),
    (record) => {
      const result = read(record);
      return 'message' in result ? ticketOf(result.message) : undefined;
    },
  );
}

/**
 * A consumer of the table's stream, with the same stack as the queue consumers. Records of one
 * partition (a ticket's items and events) are handled in stream order.
 */
export function streamConsumer(options: { readonly handle: (record: DynamoDBRecord) => Promise<void> }) {
  return batchConsumer<DynamoDBStreamEvent, DynamoDBRecord>(
    EventType.DynamoDBStreams,
    options.handle,
    (record) => record.dynamodb?.Keys?.PK?.S,
  );
}
