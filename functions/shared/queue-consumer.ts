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

/**
 * The one shape of every batch consumer: Powertools' partial batch response (a record that
 * throws is reported in `batchItemFailures`, so the queue retries it and its DLQ keeps what never
 * succeeds), the Lambda context in every log line, and the metrics the records added published
 * once per invocation, whatever happens. Each batch also counts its failed records
 * (`BatchItemFailures`), so the metric stream is never empty, and logs each failed record's error
 * with the record's id (Powertools only collects them), so that a failure is read in the logs
 * before its record reaches the DLQ.
 */
function batchConsumer<
  TEvent extends SQSEvent | DynamoDBStreamEvent,
  TRecord extends SQSRecord | DynamoDBRecord,
>(eventType: (typeof EventType)[keyof typeof EventType], recordHandler: (record: TRecord) => Promise<void>) {
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
    const response = await processPartialResponse(event, logged as never, processor, { context });
    metrics.addMetric('BatchItemFailures', MetricUnit.Count, response.batchItemFailures.length);
    return response;
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

/**
 * A consumer of an SQS queue: each message body is JSON parsed with `schema` (a body that does not
 * parse is a failed record, like one whose `handle` throws) and handed to `handle` with its record
 * (receive count, attributes).
 */
export function queueConsumer<S extends z.ZodMiniType>(options: {
  readonly schema: S;
  readonly handle: (message: z.output<S>, record: SQSRecord) => Promise<void>;
}) {
  // Each message is one request: the configurations it reads share one read of their version item.
  return batchConsumer<SQSEvent, SQSRecord>(EventType.SQS, (record) =>
    inSettingsRequest(async () => options.handle(options.schema.parse(JSON.parse(record.body)), record)),
  );
}

/** A consumer of the table's stream, with the same stack as the queue consumers. */
export function streamConsumer(options: { readonly handle: (record: DynamoDBRecord) => Promise<void> }) {
  return batchConsumer<DynamoDBStreamEvent, DynamoDBRecord>(EventType.DynamoDBStreams, options.handle);
}
