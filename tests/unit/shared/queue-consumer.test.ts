import type { SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { logger } from '../../../functions/shared/observability.js';
import { queueConsumer } from '../../../functions/shared/queue-consumer.js';
import { lambdaContext } from '../../../local/lambda.js';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

function message(messageId: string, body: string, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1764763200000',
      SenderId: 'sender',
      ApproximateFirstReceiveTimestamp: '1764763200000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:work',
    awsRegion: 'eu-west-1',
  };
}

afterEach(() => vi.restoreAllMocks());

describe('queueConsumer', () => {
  it("reports each failed record and logs its error with the record's id and attempt", async () => {
    // Arrange
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const handled: string[] = [];
    const handler = queueConsumer({
      schema: z.object({ n: z.int() }),
      handle: async (body, record) => {
        if (body.n === 2) throw new Error('the gateway is down');
        handled.push(record.messageId);
      },
    });

    // Act
    const response = await handler(
      {
        Records: [
          message('m-1', '{"n":1}'),
          message('m-2', '{"n":2}', 3),
          message('m-3', '{"n":"three"}'),
          message('m-4', '{"n":4}'),
        ],
      },
      lambdaContext('worker'),
    );

    // Assert
    expect(handled).toEqual(['m-1', 'm-4']);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      'm-2',
      'm-3',
    ]);
    const failures = new Map(
      warn.mock.calls
        .filter(([text]) => String(text).startsWith('Record failed'))
        .map(([, extra]) => [(extra as { recordId: string }).recordId, extra]),
    );
    expect([...failures.keys()].sort()).toEqual(['m-2', 'm-3']);
    expect(failures.get('m-2')).toMatchObject({ attempt: 3, error: { message: 'the gateway is down' } });
    expect(failures.get('m-3')).toMatchObject({ attempt: 1, error: { name: '$ZodError' } });
  });
});
