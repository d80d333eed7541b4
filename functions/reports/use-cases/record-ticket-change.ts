import type { AggregateWriter } from '../domain/aggregate-store.js';
import { changeIdOf, contributionsOf, type TicketChange } from '../domain/aggregates.js';

export interface RecordTicketChangeDeps {
  readonly writer: AggregateWriter;
}

/**
 * Adds one committed ticket change to the report aggregates: its increments, once per change
 * (`changeIdOf`), so a redelivered stream record adds nothing. Resolves true when it added them.
 * A failed write rejects, and the stream retries the record.
 */
export function makeRecordTicketChange({ writer }: RecordTicketChangeDeps) {
  return (change: TicketChange): Promise<boolean> =>
    writer.apply(changeIdOf(change), contributionsOf(change));
}
