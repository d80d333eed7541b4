/**
 * The SQS queues, one per workflow, each with its dead-letter queue. Plain data shared by the
 * CDK stateful stack and the local runtime.
 */
export interface QueueDefinition {
  /** Short name; the deployed queue is `<prefix>-<name>`, its DLQ `<prefix>-<name>-dlq`. */
  readonly name: QueueName;
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries before a message moves to the DLQ. */
  readonly maxReceiveCount: number;
  readonly purpose: string;
}

export const queueNames = [
  'refunds',
  'returns',
  'complaints',
  'sla-timers',
  'notifications',
  'privacy',
  'assignments',
] as const;
export type QueueName = (typeof queueNames)[number];

export const queueDefinitions: readonly QueueDefinition[] = [
  { name: 'refunds', visibilityTimeoutSeconds: 60, maxReceiveCount: 5, purpose: 'refund work and payments' },
  {
    name: 'returns',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    purpose: 'return, exchange, repair work',
  },
  { name: 'complaints', visibilityTimeoutSeconds: 60, maxReceiveCount: 5, purpose: 'complaint routing' },
  { name: 'sla-timers', visibilityTimeoutSeconds: 30, maxReceiveCount: 5, purpose: 'due SLA deadlines' },
  {
    name: 'notifications',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    purpose: 'customer and staff email',
  },
  {
    name: 'privacy',
    // One message runs a whole erasure (hundreds of conditional writes): the worker gets a sixth of
    // this (150 s); a run that dies resumes on the next delivery.
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 5,
    purpose: 'customer erasures',
  },
  {
    name: 'assignments',
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 5,
    purpose: 'auto-assignment and the team queues',
  },
];

/** The environment variable through which a function learns a queue's URL. */
export function queueUrlEnvName(name: QueueName): string {
  return `QUEUE_URL_${name.toUpperCase().replace(/-/g, '_')}`;
}
