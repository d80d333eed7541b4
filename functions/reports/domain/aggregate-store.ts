import type { AggregateDay, AggregateRow } from './aggregates.js';

/** Port: where a ticket change's increments are added, each change once. */
export interface AggregateWriter {
  /**
   * Adds one change's increments (`contributionsOf`) atomically and once: the same `changeId`
   * applied again (a redelivered stream record) adds nothing. Resolves true when this call added
   * them; false when the change was counted already or has nothing to add. A store may write the
   * calls made together in one write (a batch's changes), all or nothing.
   */
  apply(changeId: string, increments: readonly AggregateRow[]): Promise<boolean>;
}

/** Port: the aggregate rows of whole UTC days. */
export interface AggregateReader {
  /**
   * One entry per day asked (`YYYY-MM-DD`), in that order; a day with no tickets has no rows. A
   * key may come in several rows (a store may keep its counters in more than one item): they add up.
   */
  daysOf(days: readonly string[]): Promise<AggregateDay[]>;
}
