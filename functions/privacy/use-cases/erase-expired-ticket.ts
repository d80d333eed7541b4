import { planErasure, sentEmailPairs } from '../domain/erasure-plan.js';
import { retentionDue } from '../domain/retention.js';
import { carryOut, MAX_ROUNDS, type PrivacyDeps } from './deps.js';

export interface RetentionSettings {
  /** RETENTION_DAYS: how long a closed ticket keeps its personal data. */
  readonly retentionDays: number;
}

export type EraseExpiredTicketResult =
  | { readonly outcome: 'erased'; readonly steps: number }
  /** Open again, not closed long enough, erased already, or gone: nothing is written. */
  | { readonly outcome: 'not-due' | 'not-found' };

/**
 * Retention: the timer worker calls this for a ticket whose retention entry on the due-timer
 * index fell due. If the ticket has been closed for `retentionDays` it loses its personal data
 * the way an erasure takes it (the same tombstones, its sent-log entries first); the customer's
 * other tickets, orders and suppressions are not touched. Idempotent: a second call finds
 * nothing due.
 */
export function makeEraseExpiredTicket(
  deps: Pick<PrivacyDeps, 'reader' | 'writer' | 'hashKey' | 'clock'>,
  settings: RetentionSettings,
) {
  const { reader, clock } = deps;

  async function plan(ticketId: string) {
    const found = await reader.ticketWithTimeline(ticketId);
    if (!found) return undefined;
    const tickets = [found];
    const sentEmails = await reader.sentEmails(sentEmailPairs({ tickets }));
    return {
      found,
      steps: planErasure({ tickets, orders: [], sentEmails, suppressedAddresses: [] }),
    };
  }

  return async (ticketId: string): Promise<EraseExpiredTicketResult> => {
    let planned = await plan(ticketId);
    if (!planned) return { outcome: 'not-found' };
    const { ticket, erasedAt } = planned.found.stored;
    if (!retentionDue({ ...ticket, erasedAt }, settings.retentionDays, clock.now())) {
      return { outcome: 'not-due' };
    }
    let written = 0;
    for (let round = 1; planned && planned.steps.length > 0; round++) {
      if (round > MAX_ROUNDS) throw new Error(`Ticket ${ticketId} still changes after ${MAX_ROUNDS} rounds`);
      written += await carryOut(deps, planned.steps, null);
      planned = await plan(ticketId);
    }
    return { outcome: 'erased', steps: written };
  };
}
