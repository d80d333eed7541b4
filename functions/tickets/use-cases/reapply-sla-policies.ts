import { ConflictError } from '../../shared/errors.js';
import type { TimerQueue } from '../../sla/domain/ports.js';
import type { TicketDeps } from './deps.js';
import { settle } from './deps.js';

const PAGE = 100;

/**
 * A policy changed: every open ticket moves onto the policy that now matches it. One page per
 * message; the rest continues in a follow-up message, so no single invocation runs long.
 */
export function makeReapplyPolicies(
  deps: Pick<TicketDeps, 'tickets' | 'clock' | 'policies' | 'settings' | 'afterSales'> & {
    queue: TimerQueue;
  },
) {
  const { tickets, clock, queue } = deps;
  return async (message: { policyId: string; version: number; cursor?: string | undefined }) => {
    const page = await tickets.list({ scope: { kind: 'all' }, limit: PAGE, cursor: message.cursor });
    let moved = 0;
    for (const ticket of page.items) {
      const now = clock.now();
      const next = await settle(ticket, deps, now);
      if (next.sla === ticket.sla) continue;
      try {
        await tickets.update({ ...next, version: ticket.version + 1 }, ticket.version, []);
        moved += 1;
      } catch (error) {
        // Changed meanwhile: that change settled the ticket on the new policy already.
        if (!(error instanceof ConflictError)) throw error;
      }
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
