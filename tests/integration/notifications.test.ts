import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbDigestStore } from '../../functions/notifications/adapters/digest-store.dynamodb.js';
import { DynamoDbSentLog } from '../../functions/notifications/adapters/sent-log.dynamodb.js';
import { getSesClient } from '../../functions/notifications/compose.js';
import { handler } from '../../functions/notifications/handlers/on-notification-event.js';
import { systemClock } from '../../functions/shared/clock.js';
import { DynamoDbStaffRepository } from '../../functions/staff/adapters/staff-repository.dynamodb.js';
import { makeSeedDesk } from '../../functions/staff/use-cases/seed-desk.js';
import type { TicketEventEnvelope } from '../../functions/tickets/contracts/events.js';
import type { RunningProcess } from '../../local/dynamodb-local.js';
import { startSesLocal, startSqsLocal } from '../../local/emulators.js';
import { lambdaContext } from '../../local/lambda.js';
import { freePort } from '../../local/ports.js';
import { ensureQueues, type ProvisionedQueue } from '../../local/provision.js';
import { event, ticket } from '../unit/notifications/support.js';
import { credentials, type LocalTable, region, startLocalTable } from './support.js';

let table: LocalTable;
let ses: RunningProcess;
let sqs: RunningProcess;
let notificationsQueue: ProvisionedQueue;

interface StoredEmail {
  destination: { to: string[] };
  from: string;
  subject: string;
  body: { html?: string; text?: string };
}
async function inbox(): Promise<StoredEmail[]> {
  return ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: StoredEmail[] }).emails;
}

async function storeTicket(overrides: Record<string, unknown> = {}) {
  const stored = ticket({ id: `t-${Math.random().toString(36).slice(2)}`, ...overrides });
  await table.documentClient.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { PK: `TICKET#${stored.id}`, SK: 'TICKET', entityType: 'Ticket', ...stored },
    }),
  );
  return stored;
}

let messageSeq = 0;
function sqsRecord(body: unknown, eventType = 'TicketCreated'): SQSRecord {
  messageSeq += 1;
  return {
    messageId: `m-${messageSeq}`,
    receiptHandle: `r-${messageSeq}`,
    body: JSON.stringify(body),
    attributes: {} as SQSRecord['attributes'],
    messageAttributes: { eventType: { dataType: 'String', stringValue: eventType } },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:notifications',
    awsRegion: region,
  };
}
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

beforeAll(async () => {
  [table, ses, sqs] = await Promise.all([
    startLocalTable(),
    freePort().then(startSesLocal),
    freePort().then(startSqsLocal),
  ]);
  const sqsClient = new SQSClient({
    endpoint: sqs.endpoint,
    region,
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  notificationsQueue = (await ensureQueues(sqsClient, `notify-${Date.now()}`)).notifications;
  sqsClient.destroy();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    QUEUE_URL_NOTIFICATIONS: notificationsQueue.url,
    MAIL_FROM: 'redress@shop.example',
    APP_URL: 'https://shop.example',
    SURVEY_SECRET: 'integration-secret',
    ADDRESS_HASH_SECRET: 'integration-address-hash-secret',
  });
  await makeSeedDesk({
    staff: new DynamoDbStaffRepository(table.documentClient, table.tableName),
    clock: systemClock,
  })();
});
afterAll(async () => {
  await table?.stop();
  await ses?.stop();
  await sqs?.stop();
});
beforeEach(async () => {
  await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
});

describe('on-notification-event on DynamoDB Local and the SES emulator', () => {
  it('sends one email per customer-visible event through SES, with HTML and text', async () => {
    const stored = await storeTicket({ locale: 'en', customerEmail: 'ann@example.com' });

    const response = await handler(
      batch(sqsRecord(event({ ticketId: stored.id }))),
      lambdaContext('notifier'),
    );

    expect(response.batchItemFailures).toEqual([]);
    const emails = await inbox();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      from: 'redress@shop.example',
      destination: { to: ['ann@example.com'] },
    });
    expect(emails[0]?.subject).toContain('We received your refund request');
    expect(emails[0]?.body.html).toContain('<html lang="en">');
    expect(emails[0]?.body.text).toContain('An agent will reply by');
  });

  it('sends nothing twice for a message duplicated in one batch and redelivered in the next', async () => {
    const stored = await storeTicket();
    const created = event({ ticketId: stored.id });
    const copy = sqsRecord(created);

    // The records of a batch run side by side: the copy either finds the email sent, or finds the
    // claim in flight and goes back to the queue to find it sent on its next delivery.
    // Either record may be the one that wins the claim; the other (if any) is redelivered.
    const original = sqsRecord(created);
    const first = await handler(batch(original, copy), lambdaContext('notifier'));
    const lost = first.batchItemFailures[0]?.itemIdentifier === original.messageId ? original : copy;
    const second = await handler(batch(lost), lambdaContext('notifier'));

    expect(first.batchItemFailures.length).toBeLessThanOrEqual(1);
    expect([
      [],
      [{ itemIdentifier: copy.messageId }],
      [{ itemIdentifier: original.messageId }],
    ]).toContainEqual(first.batchItemFailures);
    expect(second.batchItemFailures).toEqual([]);
    expect(await inbox()).toHaveLength(1);
  });

  it('reports only the record whose event does not parse as a batch item failure', async () => {
    const stored = await storeTicket();
    const good = sqsRecord(event({ ticketId: stored.id }));
    const poison = sqsRecord({ not: 'an event' });

    const response = await handler(batch(good, poison), lambdaContext('notifier'));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: poison.messageId }]);
    expect(await inbox()).toHaveLength(1);
  });

  it('holds a night-time warning for a Shanghai agent and schedules a wake-up on the queue', async () => {
    // agent-2 works 09:00–18:00 Shanghai, Monday to Friday: a Saturday is always outside.
    const stored = await storeTicket({ assigneeId: 'agent-2' });
    const warning = event({
      ticketId: stored.id,
      type: 'SlaWarning',
      visibility: 'internal',
      data: { metric: 'firstResponse', dueAt: '2026-11-25T08:00:00.000Z' },
    });
    const now = new Date();
    const inOffice = (() => {
      const local = new Date(now.getTime() + 8 * 3600_000);
      const day = local.getUTCDay();
      const hour = local.getUTCHours();
      return day >= 1 && day <= 5 && hour >= 9 && hour < 18;
    })();

    const response = await handler(batch(sqsRecord(warning, 'SlaWarning')), lambdaContext('notifier'));

    expect(response.batchItemFailures).toEqual([]);
    if (inOffice) {
      expect((await inbox()).map((e) => e.destination.to[0])).toEqual(['agent-2@redress.local']);
      return;
    }
    expect(await inbox()).toHaveLength(0);
    const sqsClient = new SQSClient({
      endpoint: sqs.endpoint,
      region,
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    const woken = await sqsClient.send(
      new ReceiveMessageCommand({ QueueUrl: notificationsQueue.url, MessageAttributeNames: ['All'] }),
    );
    sqsClient.destroy();
    // Delayed by up to 15 minutes: not visible yet.
    expect(woken.Messages ?? []).toHaveLength(0);
    const held = await new DynamoDbDigestStore(table.documentClient, table.tableName).held(
      'agent-2@redress.local',
      (
        await table.documentClient.send(
          new (
            await import('@aws-sdk/lib-dynamodb')
          ).QueryCommand({
            TableName: table.tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :s)',
            ExpressionAttributeValues: { ':pk': 'DIGEST#agent-2@redress.local', ':s': 'SCHEDULE#' },
          }),
        )
      ).Items?.[0]?.SK.replace('SCHEDULE#', '') ?? '',
    );
    expect(held.map((alert) => alert.eventId)).toEqual([warning.id]);
  });
});

describe('SES throttling', () => {
  let mock: AwsClientStub<SESv2Client>;
  beforeAll(() => {
    mock = mockClient(getSesClient());
  });
  afterAll(() => mock.restore());

  it('retries a throttled send through the batch failure and the mail goes out once', async () => {
    const stored = await storeTicket();
    const created: TicketEventEnvelope = event({ ticketId: stored.id });
    const forward = new SESv2Client({ endpoint: ses.endpoint, region, credentials });
    mock
      .on(SendEmailCommand)
      .rejectsOnce(
        Object.assign(new Error('Maximum sending rate exceeded.'), {
          name: 'TooManyRequestsException',
          $metadata: { httpStatusCode: 429 },
        }),
      )
      .callsFake((input: SendEmailCommandInput) => forward.send(new SendEmailCommand(input)));
    const record = sqsRecord(created);

    const throttled = await handler(
      batch(record, sqsRecord(event({ ticketId: 'no-such-ticket' }))),
      lambdaContext('notifier'),
    );
    const retried = await handler(batch(record), lambdaContext('notifier'));
    const redelivered = await handler(batch(record), lambdaContext('notifier'));

    expect(throttled.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(retried.batchItemFailures).toEqual([]);
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(mock.commandCalls(SendEmailCommand)).toHaveLength(2);
    expect(await inbox()).toHaveLength(1);
    forward.destroy();
  });
});

describe('DynamoDbSentLog', () => {
  it('claims once, reports in-progress while fresh, takes over a stale claim and remembers a sent email', async () => {
    const log = new DynamoDbSentLog(table.documentClient, table.tableName);
    const now = new Date('2026-11-24T08:00:00.000Z');
    const later = new Date(now.getTime() + 3 * 60_000);

    const results = [
      await log.claim('e-1#a@b.c', now),
      await log.claim('e-1#a@b.c', now),
      await log.claim('e-1#a@b.c', later),
    ];
    await log.markSent('e-1#a@b.c', 'm-1', later);
    await log.release('e-1#a@b.c');
    results.push(await log.claim('e-1#a@b.c', new Date(later.getTime() + 3_600_000)));
    await log.claim('e-2#a@b.c', now);
    await log.release('e-2#a@b.c');
    results.push(await log.claim('e-2#a@b.c', now));

    expect(results).toEqual(['claimed', 'in-progress', 'claimed', 'sent', 'claimed']);
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const log = new DynamoDbSentLog(table.documentClient, table.tableName);
    const now = new Date();

    const results = await Promise.all(Array.from({ length: 10 }, () => log.claim('e-race#a@b.c', now)));

    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
  });
});

describe('on-ses-event and suppression', () => {
  const snsEvent = (...messages: unknown[]) => ({
    Records: messages.map((message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:000000000000:ses-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `sns-${i}`,
        TopicArn: 'arn:aws:sns:us-east-1:000000000000:ses-events',
        Subject: null,
        Message: JSON.stringify(message),
        Timestamp: new Date().toISOString(),
        SignatureVersion: '1',
        Signature: '',
        SigningCertUrl: '',
        UnsubscribeUrl: '',
        MessageAttributes: {},
      },
    })),
  });

  it('suppresses permanent bounces and complaints, not transient bounces, and then sends nothing there', async () => {
    const { handler: onSesEvent } = await import('../../functions/notifications/handlers/on-ses-event.js');
    const bounced = await storeTicket({ customerEmail: 'gone@example.com' });
    const complained = await storeTicket({ customerEmail: 'Angry@Example.com' });
    const full = await storeTicket({ customerEmail: 'full@example.com' });

    await onSesEvent(
      snsEvent(
        {
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress: 'gone@example.com' }],
          },
        },
        {
          eventType: 'Bounce',
          bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'full@example.com' }] },
        },
        { eventType: 'Delivery', delivery: { recipients: ['x@example.com'] } },
      ) as never,
      lambdaContext('ses-events'),
    );
    await onSesEvent(
      {
        version: '0',
        id: 'eb-1',
        'detail-type': 'Email Complaint Received',
        source: 'aws.ses',
        account: '000000000000',
        time: new Date().toISOString(),
        region,
        resources: [],
        detail: {
          eventType: 'Complaint',
          complaint: {
            complainedRecipients: [{ emailAddress: 'angry@example.com' }],
            complaintFeedbackType: 'abuse',
          },
        },
      },
      lambdaContext('ses-events'),
    );
    const response = await handler(
      batch(
        sqsRecord(event({ ticketId: bounced.id })),
        sqsRecord(event({ ticketId: complained.id })),
        sqsRecord(event({ ticketId: full.id })),
      ),
      lambdaContext('notifier'),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect((await inbox()).map((email) => email.destination.to[0])).toEqual(['full@example.com']);
  });
});
