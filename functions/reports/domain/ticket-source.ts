import type { ReportTicket } from './summary.js';

/** Port: the tickets created in a half-open period [from, to), read as they stand now. */
export interface TicketSource {
  createdBetween(from: Date, to: Date): AsyncIterable<ReportTicket>;
}
