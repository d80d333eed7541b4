import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { logger } from '../../../functions/shared/observability.js';
import { queueConsumer, streamConsumer } from '../../../functions/shared/queue-consumer.js';
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

/** A handler step that finishes only when the test says so. */
function held() {
  let release: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe('queueConsumer: one ticket in order', () => {
  const schema = z.object({ ticketId: z.string(), n: z.int() });
  /** Two messages of ticket t-1 (n 1, 2), then one of t-2 (n 3). */
  const twoTickets = () => ({
    Records: [
      message('m-1', '{"ticketId":"t-1","n":1}'),
      message('m-2', '{"ticketId":"t-1","n":2}'),
      message('m-3', '{"ticketId":"t-2","n":3}'),
    ],
  });

  it("handles one ticket's messages in their batch order and other tickets' alongside", async () => {
    // Arrange: t-1's first message is slow (an order lookup, a slow mail server); its second is fast.
    const first = held();
    const handled: number[] = [];
    const handler = queueConsumer({
      schema,
      handle: async (body) => {
        if (body.n === 1) await first.promise;
        handled.push(body.n);
        if (body.n === 3) first.release(); // t-2's message was not held up by t-1's
      },
    });

    // Act
    const response = await handler(twoTickets(), lambdaContext('worker'));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(handled).toEqual([3, 1, 2]);
  });

  it("fails a ticket's later messages when an earlier one fails, so none overtakes it on the retry", async () => {
    // Arrange
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const handled: number[] = [];
    const handler = queueConsumer({
      schema,
      handle: async (body) => {
        if (body.n === 1) throw new Error('the mail server is down');
        handled.push(body.n);
      },
    });

    // Act
    const response = await handler(twoTickets(), lambdaContext('worker'));

    // Assert
    expect(handled).toEqual([3]);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      'm-1',
      'm-2',
    ]);
  });
});

describe('streamConsumer: one item key in order', () => {
  const record = (eventID: string, pk: string): DynamoDBRecord => ({
    eventID,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: { Keys: { PK: { S: pk }, SK: { S: eventID } }, SequenceNumber: eventID },
  });

  it("hands on one partition's records in stream order, the way the stream delivered them", async () => {
    // Arrange: the ticket's first event takes longer to route than its second.
    const first = held();
    const routed: string[] = [];
    const handler = streamConsumer({
      handle: async (r) => {
        if (r.eventID === '1') await first.promise;
        routed.push(r.eventID ?? '');
        if (r.eventID === '3') first.release();
      },
    });

    // Act
    const response = await handler(
      { Records: [record('1', 'TICKET#t-1'), record('2', 'TICKET#t-1'), record('3', 'TICKET#t-2')] },
      lambdaContext('router'),
    );

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(routed).toEqual(['3', '1', '2']);
  });
});
