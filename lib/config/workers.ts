import { eventsConfig } from '../../functions/events/config.js';
import { notificationsConfig, surveySecret } from '../../functions/notifications/config.js';
import { paymentGatewaySecret, refundsConfig } from '../../functions/refunds/config.js';
import { carrierSecret, returnsConfig } from '../../functions/returns/config.js';
import { type FunctionManifest, noTable, ticketWrites } from '../../functions/shared/manifest.js';
import { ticketsConfig } from '../../functions/tickets/config.js';
import { type QueueName, queueNames } from './queues.js';

/**
 * The functions that are not HTTP routes: the stream router, queue consumers, schedules and
 * consumers of AWS service events. Plain data read by the CDK stateless stack and by the local
 * runtime's pollers and timers. Handler paths are relative to the project root; each module
 * exports `handler`. Each entry is also its function's manifest (functions/shared/manifest.ts):
 * the configuration, secrets, queues and table access the stacks grant and the runtimes set.
 */
export interface QueueConsumerDefinition extends FunctionManifest {
  readonly name: string;
  readonly queue: QueueName;
  readonly batchSize: number;
}

export interface ScheduleDefinition extends FunctionManifest {
  readonly name: string;
  /** Rate on AWS; the local runtime may run it faster (`npm start`'s sweep period). */
  readonly everySeconds: number;
}

/**
 * A function fed by a rule on the account's default EventBridge bus (where AWS services publish;
 * not the Redress public bus), with retries and a dead-letter queue. The stack scopes the rule to
 * the stage (for `aws.ses`: the stage's configuration set), so only sources it knows how to scope
 * are allowed.
 */
export interface EventConsumerDefinition extends FunctionManifest {
  readonly name: string;
  readonly source: 'aws.ses';
  /** The `detail-type` values the rule matches. */
  readonly detailTypes: readonly string[];
}

/** The far end of the outbox: it sends to every workflow queue and puts events on the bus. */
export const streamRouter = {
  name: 'event-router',
  handler: 'functions/events/handlers/on-table-change.ts',
  batchSize: 100,
  config: [eventsConfig],
  sendTo: queueNames,
  table: noTable,
} as const satisfies FunctionManifest & { name: string; batchSize: number };

/** Each workflow adds its consumer here when it lands. */
export const queueConsumers: readonly QueueConsumerDefinition[] = [
  {
    name: 'sla-timer-worker',
    queue: 'sla-timers',
    handler: 'functions/sla/handlers/on-sla-timer.ts',
    batchSize: 10,
    config: [ticketsConfig],
    // Re-applying a changed policy re-enqueues the rest of its pages.
    sendTo: ['sla-timers'],
    // Fires due timers (the ticket, policies by Query, the ticket and its events in one
    // transaction) and re-applies changed policies page by page over the all-tickets index.
    table: {
      operations: ['GetItem', 'Query', 'TransactWriteItems', 'PutItem', 'UpdateItem', 'ConditionCheckItem'],
      indexes: ['GSI3'],
      exact: true,
    },
  },
  {
    name: 'notifier',
    queue: 'notifications',
    handler: 'functions/notifications/handlers/on-notification-event.ts',
    batchSize: 10,
    config: [notificationsConfig],
    // Signs survey tokens for the links in the resolved email.
    secrets: [surveySecret],
    // Wakes itself for a digest with a delayed message on its own queue.
    sendTo: ['notifications'],
    sendsEmail: true,
    // Tickets and staff (Get, Query), the sent log (claim, mark, release), held alerts and digests.
    table: { operations: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'] },
  },
  {
    name: 'refund-worker',
    queue: 'refunds',
    handler: 'functions/refunds/handlers/on-refund-event.ts',
    batchSize: 5,
    config: [ticketsConfig, refundsConfig],
    secrets: [paymentGatewaySecret],
    table: ticketWrites,
  },
  {
    name: 'return-worker',
    queue: 'returns',
    handler: 'functions/returns/handlers/on-return-event.ts',
    batchSize: 5,
    config: [ticketsConfig, returnsConfig],
    secrets: [carrierSecret],
    table: ticketWrites,
  },
  {
    name: 'complaint-worker',
    queue: 'complaints',
    handler: 'functions/complaints/handlers/on-complaint-event.ts',
    batchSize: 10,
    config: [ticketsConfig],
    table: ticketWrites,
  },
];

export const schedules: readonly ScheduleDefinition[] = [
  {
    name: 'sla-sweeper',
    handler: 'functions/sla/handlers/sweep-due-timers.ts',
    everySeconds: 60,
    // Builds the SLA wiring, which settles tickets with the ticket core's settings.
    config: [ticketsConfig],
    // Reads only the due entries of the keys-only due-timer index and hands them to the queue.
    sendTo: ['sla-timers'],
    table: { operations: [], indexes: ['GSI4'], exact: true },
  },
];

/**
 * Consumers of AWS service events. AWS only: the local runtime (local/runtime.ts) does not wire
 * them, since the SES emulator publishes no bounce or complaint feedback.
 */
export const eventConsumers: readonly EventConsumerDefinition[] = [
  {
    // Permanent bounces and complaints from the stage's SES configuration set suppress the address.
    name: 'ses-feedback',
    handler: 'functions/notifications/handlers/on-ses-event.ts',
    source: 'aws.ses',
    detailTypes: ['Email Bounced', 'Email Complaint Received'],
    // Puts `SUPPRESSION#<address>`, nothing else.
    table: { operations: ['PutItem'], exact: true },
  },
];
