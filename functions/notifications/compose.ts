import { SESv2Client } from '@aws-sdk/client-sesv2';
import { queueUrlEnvName } from '../../lib/config/queues.js';
import { systemClock } from '../shared/clock.js';
import { requireEnv } from '../shared/env.js';
import { readSecret } from '../shared/secrets.js';
import { getSqsClient } from '../shared/sqs-client.js';
import { tableConfig } from '../shared/table.js';
import { DynamoDbTicketRepository } from '../tickets/adapters/ticket-repository.dynamodb.js';
import { SqsDigestScheduler } from './adapters/digest-scheduler.sqs.js';
import { DynamoDbDigestStore } from './adapters/digest-store.dynamodb.js';
import { SesMailer } from './adapters/mailer.ses.js';
import { DynamoDbSentLog } from './adapters/sent-log.dynamodb.js';
import { DynamoDbStaffDirectory } from './adapters/staff-directory.dynamodb.js';
import { DynamoDbSuppressionList } from './adapters/suppression-list.dynamodb.js';
import type { StaffDirectory } from './domain/ports.js';
import type { StaffMember } from './domain/staff.js';
import type { NotificationDeps, NotificationSettings } from './use-cases/deps.js';

let deps: Promise<NotificationDeps> | undefined;
let sesClient: SESv2Client | undefined;

/** The SES v2 client (its endpoint comes from AWS_ENDPOINT_URL_SESV2 locally). */
export function getSesClient(): SESv2Client {
  sesClient ??= new SESv2Client({});
  return sesClient;
}

/** `MAIL_FROM`, `APP_URL` from the environment; `SURVEY_SECRET` from Secrets Manager (SURVEY_SECRET_NAME) or the environment. */
export async function notificationSettings(
  env: NodeJS.ProcessEnv = process.env,
): Promise<NotificationSettings> {
  return {
    from: requireEnv('MAIL_FROM'),
    appUrl: env.APP_URL && env.APP_URL !== '' ? env.APP_URL : null,
    surveySecret: (await readSecret('SURVEY_SECRET', env)) ?? null,
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
    mailer: new SesMailer(getSesClient(), process.env.SES_CONFIGURATION_SET || undefined),
    sentLog: new DynamoDbSentLog(client, tableName),
    suppressions: new DynamoDbSuppressionList(client, tableName),
    digests: new DynamoDbDigestStore(client, tableName),
    digestScheduler: new SqsDigestScheduler(getSqsClient(), requireEnv(queueUrlEnvName('notifications'))),
    clock: systemClock,
    settings: await notificationSettings(),
  };
}
