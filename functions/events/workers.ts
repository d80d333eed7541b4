import { inboundEmailConfig } from '../email/config.js';
import { addressHashSecret, notificationsConfig, replyAddressSecret } from '../notifications/config.js';
import { type FunctionManifest, noTable, ticketWrites } from '../shared/manifest.js';
import { type QueueName, queueNames } from '../shared/queue-catalog.js';
import { surveySecret, ticketsConfig } from '../tickets/config.js';
import { paymentGatewaySecret, refundsConfig } from '../tickets/workflows/refund/config.js';
import { carrierSecret, returnsConfig } from '../tickets/workflows/return/config.js';
import { eventsConfig } from './config.js';

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
  /**
   * The ticket events the consumer takes. The event router sends an event to the queue when one
   * subscription matches it (the router's rules are derived from these, nowhere else).
   */
  readonly subscriptions?: readonly Subscription[];
}

/**
 * Ticket events a consumer takes: those of the named event types (any type when left out), of
 * tickets of the named types (any when left out), of the given visibility (any when left out).
 * Names are those of the event catalog (functions/tickets/contracts/events.ts); the router checks
 * them against it when it compiles.
 */
export interface Subscription {
  readonly events?: readonly string[];
  readonly ticketTypes?: readonly string[];
  readonly visibility?: 'public' | 'internal';
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

/**
 * A second reader of the table stream (DynamoDB serves at most two per shard, the router being
 * the first): the report aggregates, fed from the Ticket items' images before and after each
 * change. Its own function rather than a branch of the router, so a failing aggregate write never
 * holds up or dead-letters the events behind it, and it is invoked only for Ticket items (the
 * stack's filter on `entityType`). Why, and the cut-over on AWS: docs/adr/0013.
 */
export const streamAggregator = {
  name: 'report-aggregator',
  handler: 'functions/reports/handlers/on-ticket-change.ts',
  batchSize: 100,
  /**
   * How long the stream waits to fill a batch: a batch's changes share one transaction and write
   * the rows they share once (ADR 13), so a report lags by up to this and writes less.
   */
  batchingWindowSeconds: 10,
  /** Only records whose old or new image is an item of this entity type reach the function. */
  entityType: 'Ticket',
  // One transaction per batch of changes: a conditional marker put per change (`RPTEV#<change>`)
  // and the counter updates (`RPT#<day>`), each item once.
  table: { operations: ['TransactWriteItems', 'PutItem', 'UpdateItem'], keys: ['RPT#*', 'RPTEV#*'] },
} as const satisfies FunctionManifest & {
  name: string;
  batchSize: number;
  batchingWindowSeconds: number;
  entityType: string;
};

/** Each workflow adds its consumer here when it lands, with the events it takes. */
export const queueConsumers = [
  {
    name: 'sla-timer-worker',
    queue: 'sla-timers',
    handler: 'functions/tickets/handlers/on-sla-timer.ts',
    batchSize: 10,
    config: [ticketsConfig],
    // Re-applying a changed policy re-enqueues the rest of its pages; an ended ticket whose
    // retention fell due goes to the privacy worker.
    sendTo: ['sla-timers', 'privacy'],
    // Fires due timers (the ticket, policies by Query, the ticket and its events in one
    // transaction) and re-applies changed policies page by page over the open-tickets index.
    table: { ...ticketWrites, indexes: ['GSI6'] },
  },
  {
    name: 'notifier',
    queue: 'notifications',
    handler: 'functions/notifications/handlers/on-notification-event.ts',
    batchSize: 10,
    config: [notificationsConfig],
    // Signs survey tokens for the links in the survey email (SurveyRequested) and the reply addresses of customer
    // email; looks erased customers' suppressions up (and keeps the customer address book) by
    // the address HMAC.
    secrets: [surveySecret, replyAddressSecret, addressHashSecret],
    // Wakes itself for a digest with a delayed message on its own queue.
    sendTo: ['notifications'],
    sendsEmail: true,
    // Tickets and staff (Get, Query), erasure marks (Get), suppressions by address and by HMAC
    // (BatchGet), the sent log (claim, mark, release), held alerts and digests.
    table: {
      operations: [
        'GetItem',
        'BatchGetItem',
        'Query',
        'PutItem',
        'UpdateItem',
        'DeleteItem',
        'BatchWriteItem',
      ],
    },
    subscriptions: [
      // Customer email for every customer-visible event.
      { visibility: 'public' },
      // Staff email for SLA alerts, escalations and workflows that need a person.
      {
        events: [
          'SlaWarning',
          'SlaBreached',
          'TicketEscalated',
          'RefundAttentionNeeded',
          'ApprovalEscalated',
          'WorkflowStuck',
        ],
      },
    ],
  },
  {
    name: 'refund-worker',
    queue: 'refunds',
    handler: 'functions/tickets/workflows/refund/handlers/on-refund-event.ts',
    batchSize: 5,
    config: [ticketsConfig, refundsConfig],
    secrets: [paymentGatewaySecret],
    // The ticket's writes; the auto-approval rules read the customer's earlier refunds (GSI1).
    table: { ...ticketWrites, indexes: ['GSI1'] },
    subscriptions: [
      // One-click judgement of a new refund, payment start once approved, the payment itself.
      { ticketTypes: ['refund'], events: ['TicketCreated', 'TicketApproved', 'RefundRequested'] },
      // A return is paid back once its goods passed inspection.
      { ticketTypes: ['return'], events: ['InspectionCompleted', 'RefundRequested'] },
    ],
  },
  {
    name: 'return-worker',
    queue: 'returns',
    handler: 'functions/tickets/workflows/return/handlers/on-return-event.ts',
    batchSize: 5,
    config: [ticketsConfig, returnsConfig],
    secrets: [carrierSecret],
    table: ticketWrites,
    subscriptions: [
      // Pickup booking or drop-off instructions once a return, exchange or repair is approved.
      { ticketTypes: ['return', 'exchange', 'repair'], events: ['TicketApproved'] },
    ],
  },
  {
    name: 'complaint-worker',
    queue: 'complaints',
    handler: 'functions/tickets/workflows/complaint/handlers/on-complaint-event.ts',
    batchSize: 10,
    config: [ticketsConfig],
    table: ticketWrites,
    subscriptions: [
      // Immediate acknowledgement into the complaint team's queue.
      { ticketTypes: ['complaint'], events: ['TicketCreated'] },
    ],
  },
  {
    // Takes no ticket events: the router sends it a job's run when the job item is written as
    // requested (functions/events/handlers/on-table-change.ts, ADR 11), and the timer worker an
    // ended ticket whose retention fell due.
    name: 'privacy-worker',
    queue: 'privacy',
    handler: 'functions/privacy/handlers/on-erasure-requested.ts',
    batchSize: 1,
    // RETENTION_DAYS: the retention rule is judged again on the fresh ticket.
    config: [ticketsConfig],
    // Suppressions move to the address HMAC.
    secrets: [addressHashSecret],
    // Reads the customer's tickets and orders (GSI1, partitions), sent log (BatchGet), suppressions,
    // the job; each step one transaction: the item's rewrite or delete and the job's counter.
    table: {
      operations: [
        'GetItem',
        'Query',
        'BatchGetItem',
        'PutItem',
        'UpdateItem',
        'DeleteItem',
        'TransactWriteItems',
      ],
      indexes: ['GSI1'],
    },
  },
  {
    name: 'assigner',
    queue: 'assignments',
    handler: 'functions/assignment/handlers/on-assignment-event.ts',
    batchSize: 10,
    config: [ticketsConfig],
    // The desk (Query), the ticket (Get), a team queue's head (Query), and the ticket's
    // transaction with the load counter and the queue entry.
    table: ticketWrites,
    subscriptions: [
      // A routed ticket gets an agent; so does one reopened or escalated to another team.
      { events: ['TicketRouted', 'TicketReopened', 'TicketEscalated'] },
      // A ticket that leaves its assignee frees room for the oldest waiting ones.
      { events: ['TicketAssigned', 'TicketResolved', 'TicketClosed', 'TicketCancelled', 'TicketMerged'] },
    ],
  },
] as const satisfies readonly QueueConsumerDefinition[];

export const schedules: readonly ScheduleDefinition[] = [
  {
    name: 'sla-sweeper',
    handler: 'functions/sla/handlers/sweep-due-timers.ts',
    everySeconds: 60,
    // Reads no configuration of its own: it only finds due timers (firing them is the ticket's).
    // Reads only the due entries of the keys-only due-timer index and hands them to the queue.
    sendTo: ['sla-timers'],
    table: { operations: [], indexes: ['GSI4'] },
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
    // Puts `SUPPRESSION#<address>`, nothing else (it never looks an address up, so it needs no
    // address HMAC key).
    table: { operations: ['PutItem'], keys: ['SUPPRESSION#*'] },
  },
];

/**
 * The analytics archive's transform (ADR 22), AWS only: Amazon Data Firehose invokes it with the
 * public events an EventBridge rule on the bus hands over, and writes the archive rows it returns
 * to S3 as Parquet. Locally the bus stand-in applies the same projection (local/event-archive.ts).
 */
export const archiveTransform = {
  name: 'archive-transform',
  handler: 'functions/events/handlers/archive-transform.ts',
  table: noTable,
} as const satisfies FunctionManifest & { name: string };

/**
 * The email channel (functions/email, ADR 16): on AWS, the SES receipt rule for the reply domain
 * stores each mail in the inbound bucket, then invokes this function with its id. Locally,
 * `POST /_local/inbound-email` runs the same use case on a raw message.
 */
export const inboundEmail = {
  name: 'inbound-email',
  handler: 'functions/email/handlers/on-inbound-email.ts',
  // The ticket core (post a message, open an inquiry), the sender, reply domain and configuration
  // set of the bounces, the support address, the size bound and the bucket.
  config: [ticketsConfig, notificationsConfig, inboundEmailConfig],
  // Verifies reply addresses; looks the sender up in the customer address book and the
  // suppression list by the address HMAC.
  secrets: [replyAddressSecret, addressHashSecret],
  sendsEmail: true,
  // Tickets (Get, Query), the message's or inquiry's transaction, the address book and erasure
  // marks (Get), suppressions (BatchGet), the bounce's sent-log entry (claim, mark, release).
  table: {
    operations: [
      'GetItem',
      'BatchGetItem',
      'Query',
      'TransactWriteItems',
      'PutItem',
      'UpdateItem',
      'DeleteItem',
    ],
  },
} as const satisfies FunctionManifest & { name: string };

/**
 * Cognito's pre-token-generation trigger (functions/staff, ADR 19): refuses tokens to staff
 * without TOTP. AWS only, in the stateful stack beside the user pool; it reads no table, and its
 * one right, AdminGetUser on that pool, is granted there.
 */
export const preTokenGeneration = {
  name: 'pre-token-generation',
  handler: 'functions/staff/handlers/pre-token-generation.ts',
  table: noTable,
} as const satisfies FunctionManifest & { name: string };
