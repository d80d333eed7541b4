import type { Clock } from '../../shared/clock.js';
import type { DueTimerIndex, TimerQueue } from '../domain/ports.js';

export interface SweepResult {
  readonly due: number;
  readonly itemsRead: number;
  readonly shards: number;
  readonly oldestDueAt: string | null;
}

/**
 * One sweep: reads only the due entries of every shard and hands them to the sla-timers
 * queue. Its cost grows with the number of due timers, never with the number of open tickets.
 * An entry swept twice (the worker was slow) is harmless: firing is idempotent.
 */
export function makeSweepDueTimers({
  index,
  queue,
  clock,
}: {
  index: DueTimerIndex;
  queue: TimerQueue;
  clock: Clock;
}) {
  return async (): Promise<SweepResult> => {
    const now = clock.now();
    const shards = Array.from({ length: index.shards }, (_, shard) => shard);
    const results = await Promise.all(shards.map((shard) => index.due(shard, now)));
    const entries = results.flatMap((result) => result.entries);
    await queue.enqueue(
      entries.map((entry) => ({ kind: 'due' as const, ticketId: entry.ticketId, dueAt: entry.dueAt })),
    );
    return {
      due: entries.length,
      itemsRead: results.reduce((sum, result) => sum + result.itemsRead, 0),
      shards: shards.length,
      oldestDueAt: entries.map((entry) => entry.dueAt).sort()[0] ?? null,
    };
  };
}
