import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeEventBus } from '../../functions/events/adapters/event-bus.eventbridge.js';
import { SqsQueuePublisher } from '../../functions/events/adapters/queue-publisher.sqs.js';
import { handler } from '../../functions/events/handlers/on-table-change.js';
import { makeRouteEvent } from '../../functions/events/use-cases/route-event.js';
import { type QueueName, queueUrlEnvName } from '../../functions/shared/queue-catalog.js';
import type { TicketEventEnvelope, TicketEventName } from '../../functions/tickets/contracts/events.js';
import type { RunningProcess } from '../../local/dynamodb-local.js';
import { type EventBusLocal, startEventBusLocal, startSqsLocal } from '../../local/emulators.js';
import { lambdaContext } from '../../local/lambda.js';
import { freePort } from '../../local/ports.js';
import { ensureQueues } from '../../local/provision.js';
import { credentials, region } from './support.js';

let sqs: RunningProcess;
let bus: EventBusLocal;

beforeAll(async () => {
  [sqs, bus] = await Promise.all([freePort().then(startSqsLocal), startEventBusLocal(0)]);
  const sqsClient = new SQSClient({
    endpoint: sqs.endpoint,
    region,
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  const provisioned = await ensureQueues(sqsClient, `handler-${Date.now()}`);
  sqsClient.destroy();
  for (const [name, queue] of Object.entries(provisioned))
    process.env[queueUrlEnvName(name as QueueName)] = queue.url;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    EVENT_BUS_NAME: 'test-bus',
  });
});
afterAll(async () => {
  await sqs?.stop();
  await bus?.stop();
});

function envelope(
  overrides: Partial<Omit<TicketEventEnvelope, 'type' | 'data'>> & {
    type?: TicketEventName;
    data?: object;
  } = {},
): TicketEventEnvelope {
  return {
    id: `e-${Math.random().toString(36).slice(2)}`,
    type: 'TicketCreated',
    version: 1,
    ticketId: 't-1',
    ticketType: 'refund',
    at: '2026-11-24T08:00:00.000Z',
    actor: { id: 'c-1', role: 'customer' },
    visibility: 'public',
    data: {
      type: 'refund',
      status: 'requested',
      reason: 'defective',
      channel: 'web',
      orderId: 'o-1',
      items: [{ sku: 'KETTLE-1', name: 'Electric kettle', quantity: 1, unitPrice: 12900 }],
    },
    ...overrides,
  } as TicketEventEnvelope;
}

function streamRecord(event: TicketEventEnvelope, sequence: string): DynamoDBRecord {
  const { version: _version, ...stored } = event;
  return {
    eventID: sequence,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: sequence,
      NewImage: marshall({
        PK: `TICKET#${event.ticketId}`,
        SK: `EVENT#${event.at}#${event.id}`,
        entityType: 'TicketEvent',
        ...stored,
      }) as never,
    },
  };
}

describe('makeRouteEvent on the emulators', () => {
  it('sends an event to the queues its rules name and to the bus', async () => {
    const sqsClient = new SQSClient({
      endpoint: sqs.endpoint,
      region,
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    const queues = await ensureQueues(sqsClient, `router-${Date.now()}`);
    const route = makeRouteEvent({
      bus: new EventBridgeEventBus(
        new EventBridgeClient({ endpoint: bus.endpoint, region, credentials }),
        'test-bus',
      ),
      queues: new SqsQueuePublisher(sqsClient, (name) => queues[name].url),
      rules: [{ queue: 'refunds', subscriptions: [{ ticketTypes: ['refund'] }] }],
    });
    const event = envelope();

    await route(event);

    const received = await sqsClient.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.refunds.url,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    expect(received.Messages?.map((m) => JSON.parse(m.Body ?? '{}').id)).toEqual([event.id]);
    expect(received.Messages?.[0]?.MessageAttributes?.eventType?.StringValue).toBe('TicketCreated');
    expect(bus.events.find((e) => (e.detail as TicketEventEnvelope).id === event.id)).toMatchObject({
      busName: 'test-bus',
      source: 'redress.tickets',
      detailType: 'TicketCreated',
    });
    sqsClient.destroy();
  });
});

describe('on-table-change handler', () => {
  let eventBridge: ReturnType<typeof mockClient>;
  beforeAll(async () => {
    eventBridge = mockClient(EventBridgeClient);
    // Public events also go to the notifications queue: the handler finds it as on Lambda.
    const sqsClient = new SQSClient({
      endpoint: sqs.endpoint,
      region,
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    const queues = await ensureQueues(sqsClient, `handler-${Date.now()}`);
    sqsClient.destroy();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      [queueUrlEnvName('notifications')]: queues.notifications.url,
    });
  });
  afterEach(() => eventBridge.reset());
  afterAll(() => eventBridge.restore());

  it('reports only the record whose publication was throttled as a batch item failure', async () => {
    const ok = envelope();
    const throttled = envelope({ type: 'TicketResolved', data: { summary: null } });
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: { DetailType: string }[] }) => {
      if (input.Entries[0]?.DetailType === 'TicketResolved') {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      return { FailedEntryCount: 0, Entries: [{ EventId: '1' }] };
    });
    const event: DynamoDBStreamEvent = { Records: [streamRecord(ok, '100'), streamRecord(throttled, '200')] };

    const response = await handler(event, lambdaContext('router'));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '200' }]);
    expect(eventBridge.commandCalls(PutEventsCommand).length).toBeGreaterThanOrEqual(2);
  });

  it('fails the whole batch, for Lambda to retry, when EventBridge refuses every entry', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });

    const result = handler({ Records: [streamRecord(envelope(), '300')] }, lambdaContext('router'));

    await expect(result).rejects.toThrow(/All records failed/);
  });

  it('skips internal events and items that are not events without calling the bus', async () => {
    const internal = envelope({
      type: 'MessageAdded',
      visibility: 'internal',
      data: { body: 'x', internal: true },
    });
    const notAnEvent: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '500',
        NewImage: marshall({ PK: 'ORDER#1', SK: 'ORDER', entityType: 'Order' }) as never,
      },
    };

    const response = await handler(
      { Records: [streamRecord(internal, '400'), notAnEvent] },
      lambdaContext('router'),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
