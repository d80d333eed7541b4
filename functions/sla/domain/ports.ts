import type { TimerMessage } from '../contracts/policy.js';

export interface DueEntry {
  readonly ticketId: string;
  readonly dueAt: string;
}

/** Port: the sparse, sharded index of next deadlines. */
export interface DueTimerIndex {
  readonly shards: number;
  /** Entries of one shard due at or before `now`, and how many index items the read cost. */
  due(shard: number, now: Date): Promise<{ entries: DueEntry[]; itemsRead: number }>;
}

/** Port: the sla-timers queue. */
export interface TimerQueue {
  enqueue(messages: readonly TimerMessage[]): Promise<void>;
}
