import { SESv2Client } from '@aws-sdk/client-sesv2';
import { systemClock } from '../shared/clock.js';
import type { Env } from '../shared/config.js';
import { queueUrl } from '../shared/queues.js';
import { readSecret } from '../shared/secrets.js';
import { getSqsClient } from '../shared/sqs-client.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbTicketRepository } from '../tickets/adapters/ticket-repository.dynamodb.js';
import { surveySecret } from '../tickets/config.js';
import { SqsDigestScheduler } from './adapters/digest-scheduler.sqs.js';
import { DynamoDbDigestStore } from './adapters/digest-store.dynamodb.js';
import { DynamoDbErasedCustomers } from './adapters/erased-customers.dynamodb.js';
import { SesMailer } from './adapters/mailer.ses.js';
import { DynamoDbSentLog } from './adapters/sent-log.dynamodb.js';
import { DynamoDbStaffDirectory } from './adapters/staff-directory.dynamodb.js';
import { notificationsConfig } from './config.js';
import type { StaffDirectory } from './domain/ports.js';
import type { StaffMember } from './domain/staff.js';
import { suppressionList } from './feedback-compose.js';
import type { NotificationDeps, NotificationSettings } from './use-cases/deps.js';

let deps: Promise<NotificationDeps> | undefined;
let sesClient: SESv2Client | undefined;

/** The SES v2 client (the SDK's endpoint settings point it at the emulator locally). */
export function getSesClient(): SESv2Client {
  sesClient ??= new SESv2Client({});
  return sesClient;
}

/** The sender and the frontend's address (`notificationsConfig`); the survey signing secret. */
export async function notificationSettings(env: Env = process.env): Promise<NotificationSettings> {
  const config = env === process.env ? notificationsConfig.get() : notificationsConfig.parse(env);
  return {
    from: config.mailFrom,
    appUrl: config.appUrl ?? null,
    surveySecret: (await readSecret(surveySecret.name, env)) ?? null,
  };
}

/** Staff rarely change: a warm function reads the directory at most once a minute. */
class CachedStaffDirectory implements StaffDirectory {
  private cached: { at: number; members: Promise<StaffMember[]> } | undefined;
  constructor(
    private readonly inner: StaffDirectory,
    private readonly ttlMs = 60_000,
  ) {}
  list(): Promise<StaffMember[]> {
    if (!this.cached || Date.now() - this.cached.at > this.ttlMs) {
      const members = this.inner.list();
      members.catch(() => {
        this.cached = undefined;
      });
      this.cached = { at: Date.now(), members };
    }
    return this.cached.members;
  }
}

/** The production wiring of the notifier, built once per process (a failed build is retried). */
export function notificationDeps(): Promise<NotificationDeps> {
  if (!deps) {
    const building = buildNotificationDeps();
    building.catch(() => {
      if (deps === building) deps = undefined;
    });
    deps = building;
  }
  return deps;
}

async function buildNotificationDeps(): Promise<NotificationDeps> {
  const { client, tableName } = tableConfig();
  return {
    tickets: new DynamoDbTicketRepository(client, tableName),
    staff: new CachedStaffDirectory(new DynamoDbStaffDirectory(client, tableName)),
    mailer: new SesMailer(getSesClient(), notificationsConfig.get().sesConfigurationSet),
    sentLog: new DynamoDbSentLog(client, tableName),
    suppressions: suppressionList(),
    erased: new DynamoDbErasedCustomers(client, tableName),
    digests: new DynamoDbDigestStore(client, tableName),
    digestScheduler: new SqsDigestScheduler(getSqsClient(), queueUrl('notifications')),
    clock: systemClock,
    settings: await notificationSettings(),
  };
}
