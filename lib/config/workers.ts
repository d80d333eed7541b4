import type { QueueName } from './queues.js';

/**
 * The functions that are not HTTP routes: the stream router, queue consumers and schedules.
 * Plain data read by the CDK stateless stack and by the local runtime's pollers and timers.
 * Handler paths are relative to the project root; each module exports `handler`.
 */
export interface QueueConsumerDefinition {
  readonly name: string;
  readonly queue: QueueName;
  readonly handler: string;
  readonly batchSize: number;
}

export interface ScheduleDefinition {
  readonly name: string;
  readonly handler: string;
  /** Rate on AWS; the local runtime may run it faster (SLA_SWEEP_SECONDS). */
  readonly everySeconds: number;
}

export const streamRouter = {
  name: 'event-router',
  handler: 'functions/events/handlers/on-table-change.ts',
  batchSize: 100,
} as const;

/** Each workflow adds its consumer here when it lands. */
export const queueConsumers: readonly QueueConsumerDefinition[] = [
  {
    name: 'sla-timer-worker',
    queue: 'sla-timers',
    handler: 'functions/sla/handlers/on-sla-timer.ts',
    batchSize: 10,
  },
  {
    name: 'notifier',
    queue: 'notifications',
    handler: 'functions/notifications/handlers/on-notification-event.ts',
    batchSize: 10,
  },
  {
    name: 'refund-worker',
    queue: 'refunds',
    handler: 'functions/refunds/handlers/on-refund-event.ts',
    batchSize: 5,
  },
  {
    name: 'return-worker',
    queue: 'returns',
    handler: 'functions/returns/handlers/on-return-event.ts',
    batchSize: 5,
  },
  {
    name: 'complaint-worker',
    queue: 'complaints',
    handler: 'functions/complaints/handlers/on-complaint-event.ts',
    batchSize: 10,
  },
];

export const schedules: readonly ScheduleDefinition[] = [
  { name: 'sla-sweeper', handler: 'functions/sla/handlers/sweep-due-timers.ts', everySeconds: 60 },
];
