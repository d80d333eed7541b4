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
 * (`BatchItemFailures`), so the metric stream is never empty.
 */
function batchConsumer<TEvent extends SQSEvent | DynamoDBStreamEvent, TRecord>(
  eventType: (typeof EventType)[keyof typeof EventType],
  recordHandler: (record: TRecord) => Promise<void>,
) {
  const processor = new BatchProcessor(eventType);
  return middy(async (event: TEvent, context: Context): Promise<SQSBatchResponse> => {
    const response = await processPartialResponse(event, recordHandler as never, processor, { context });
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
