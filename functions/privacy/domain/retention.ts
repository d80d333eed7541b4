import type { Ticket } from '../../tickets/domain/ticket.js';
import { retentionDueAt as endedTicketRetention } from '../../tickets/domain/timers.js';

/** What the rule reads of a ticket; `erasedAt` is set once its personal data is gone. */
export type RetainedTicket = Pick<Ticket, 'status' | 'closedAt' | 'updatedAt'> & {
  readonly erasedAt?: string | null;
};

/**
 * When a ticket's personal data falls due for erasure: the ticket core's retention date
 * (`retentionDays` after it closed, or after a cancelled ticket's last change). Null while the
 * ticket is open (a reopened ticket starts over when it closes again) and once it is erased.
 */
export function retentionDueAt(ticket: RetainedTicket, retentionDays: number): string | null {
  if (ticket.erasedAt) return null;
  return endedTicketRetention(ticket, retentionDays);
}

export function retentionDue(ticket: RetainedTicket, retentionDays: number, now: Date): boolean {
  const dueAt = retentionDueAt(ticket, retentionDays);
  return dueAt !== null && Date.parse(dueAt) <= now.getTime();
}
