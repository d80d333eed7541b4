import { isTerminal, type Ticket } from '../../tickets/domain/ticket.js';

/** Three years, unless `RETENTION_DAYS` says otherwise. */
export const DEFAULT_RETENTION_DAYS = 1095;

const DAY = 24 * 60 * 60 * 1000;

/** What the rule reads of a ticket; `erasedAt` is set once its personal data is gone. */
export type RetainedTicket = Pick<Ticket, 'status' | 'closedAt' | 'updatedAt'> & {
  readonly erasedAt?: string | null;
};

/**
 * When a ticket's personal data falls due for erasure: `retentionDays` after it closed (or was
 * cancelled; `updatedAt` stands in for a cancelled ticket that never closed). Null while the
 * ticket is open (a reopened ticket starts over when it closes again) and once it is erased.
 */
export function retentionDueAt(ticket: RetainedTicket, retentionDays: number): string | null {
  if (!isTerminal(ticket) || ticket.erasedAt) return null;
  const since = ticket.closedAt ?? ticket.updatedAt;
  return new Date(Date.parse(since) + retentionDays * DAY).toISOString();
}

export function retentionDue(ticket: RetainedTicket, retentionDays: number, now: Date): boolean {
  const dueAt = retentionDueAt(ticket, retentionDays);
  return dueAt !== null && Date.parse(dueAt) <= now.getTime();
}

/** `RETENTION_DAYS` as configured: a whole number of days, at least one. */
export function retentionDaysFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_RETENTION_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`RETENTION_DAYS must be a whole number of days (at least 1), not "${value}"`);
  }
  return days;
}
