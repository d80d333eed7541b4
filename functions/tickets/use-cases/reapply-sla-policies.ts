import type { TimerQueue } from '../../sla/domain/ports.js';
import type { Ticket } from '../domain/ticket.js';
import type { TicketDeps } from './deps.js';
import { settle } from './deps.js';
import { retryOnContention } from './retry-on-contention.js';

const PAGE = 100;

/**
 * A policy changed: every open ticket moves onto the policy that now matches it. One page per
 * message; the rest continues in a follow-up message, so no single invocation runs long.
 *
 * A ticket another writer changed meanwhile (the assigner, a worker) is re-read and moved on its
 * fresh version: those writers do not all settle the SLA, so a lost race must not leave the
 * ticket on the old policy. A race lost until the contention deadline fails the message, which
 * the queue redelivers.
 */
export function makeReapplyPolicies(
  deps: Pick<TicketDeps, 'tickets' | 'clock' | 'policies' | 'settings' | 'afterSales'> & {
    queue: TimerQueue;
  },
) {
  const { tickets, clock, queue } = deps;
  /** Settles one ticket on the policies in force; true when that changed (and stored) it. */
  const move = async (ticketId: string): Promise<boolean> => {
    const contention = retryOnContention();
    let ticket: Ticket | undefined = await tickets.get(ticketId);
    for (;;) {
      if (!ticket) return false;
      const next = await settle(ticket, deps, clock.now());
      if (next.sla === ticket.sla) return false;
      try {
        await tickets.update({ ...next, version: ticket.version + 1 }, ticket.version, []);
        return true;
      } catch (error) {
        if (!(await contention.again(error))) throw error;
        ticket = await tickets.get(ticketId);
      }
    }
  };
  return async (message: { policyId: string; version: number; cursor?: string | undefined }) => {
    // The open-tickets index lists them (its shards in parallel); each is read whole to be moved.
    const page = await tickets.search({
      view: { kind: 'open' },
      filters: {},
      limit: PAGE,
      cursor: message.cursor,
    });
    let moved = 0;
    for (const listed of page.items) {
      if (await move(listed.id)) moved += 1;
    }
    if (page.nextCursor) {
      await queue.enqueue([
        {
          kind: 'policy-changed',
          policyId: message.policyId,
          version: message.version,
          cursor: page.nextCursor,
        },
      ]);
    }
    return { scanned: page.items.length, moved, more: page.nextCursor !== null };
  };
}
