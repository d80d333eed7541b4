import type { QueueName } from './queues.js';

/**
 * The functions that are not HTTP routes: the stream router, queue consumers, schedules and
 * consumers of AWS service events. Plain data read by the CDK stateless stack and by the local
 * runtime's pollers and timers. Handler paths are relative to the project root; each module
 * exports `handler`.
 */
export interface QueueConsumerDefinition {
  readonly name: string;
  readonly queue: QueueName;
  readonly handler: string;
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

export interface ScheduleDefinition {
  readonly name: string;
  readonly handler: string;
  /** Rate on AWS; the local runtime may run it faster (SLA_SWEEP_SECONDS). */
  readonly everySeconds: number;
}

/**
 * A function fed by a rule on the account's default EventBridge bus (where AWS services publish;
 * not the Redress public bus), with retries and a dead-letter queue. The stack scopes the rule to
 * the stage (for `aws.ses`: the stage's configuration set), so only sources it knows how to scope
 * are allowed.
 */
export interface EventConsumerDefinition {
  readonly name: string;
  readonly handler: string;
  readonly source: 'aws.ses';
  /** The `detail-type` values the rule matches. */
  readonly detailTypes: readonly string[];
}

export const streamRouter = {
  name: 'event-router',
  handler: 'functions/events/handlers/on-table-change.ts',
  batchSize: 100,
} as const;

/** Each workflow adds its consumer here when it lands, with the events it takes. */
export const queueConsumers = [
  {
    name: 'sla-timer-worker',
    queue: 'sla-timers',
    handler: 'functions/tickets/handlers/on-sla-timer.ts',
    batchSize: 10,
  },
  {
    name: 'notifier',
    queue: 'notifications',
    handler: 'functions/notifications/handlers/on-notification-event.ts',
    batchSize: 10,
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
    subscriptions: [
      // Immediate acknowledgement into the complaint team's queue.
      { ticketTypes: ['complaint'], events: ['TicketCreated'] },
    ],
  },
] as const satisfies readonly QueueConsumerDefinition[];

export const schedules: readonly ScheduleDefinition[] = [
  { name: 'sla-sweeper', handler: 'functions/sla/handlers/sweep-due-timers.ts', everySeconds: 60 },
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
  },
];
