import { describe, expect, it } from 'vitest';
import { defaultAfterSalesPolicy } from '../../../functions/after-sales/domain/policy.js';
import { ConflictError } from '../../../functions/shared/errors.js';
import { seededPolicies } from '../../../functions/sla/domain/policy.js';
import type { Ticket, TicketEvent } from '../../../functions/tickets/domain/ticket.js';
import { makeRateTicket } from '../../../functions/tickets/use-cases/rate-ticket.js';
import { NOW, ticket } from './support.js';

/** Tickets with version-conditioned updates, as the DynamoDB repository behaves. */
class Tickets {
  readonly rows = new Map<string, Ticket>();
  readonly events: TicketEvent[] = [];
  /** Runs once just before the next update commits: a concurrent writer. */
  interleave: (() => void) | undefined;
  async get(id: string) {
    return this.rows.get(id);
  }
  async update(next: Ticket, expected: number, events: readonly TicketEvent[]) {
    const run = this.interleave;
    this.interleave = undefined;
    run?.();
    if (this.rows.get(next.id)?.version !== expected) throw new ConflictError('stale', 'STALE_VERSION');
    this.rows.set(next.id, next);
    this.events.push(...events);
  }
}

function setup(overrides: Record<string, unknown> = {}) {
  const tickets = new Tickets();
  const resolved = ticket({
    status: 'resolved',
    resolvedAt: NOW.toISOString(),
    assigneeId: 'agent-1',
    ...overrides,
  });
  tickets.rows.set(resolved.id, resolved);
  let id = 0;
  const rate = makeRateTicket({
    tickets: tickets as never,
    clock: { now: () => NOW },
    newId: () => `id-${++id}`,
    policies: { current: async () => seededPolicies },
    afterSales: { current: async () => defaultAfterSalesPolicy },
    settings: { autoCloseDays: 7 },
  } as never);
  return { tickets, rate };
}

describe('makeRateTicket', () => {
  it('stores the answer on the ticket and as a SatisfactionRated event, in one write', async () => {
    const { tickets, rate } = setup();

    const result = await rate({
      ticketId: 't-1',
      customerId: 'c-1',
      answer: { score: 5, nps: 9, comment: 'Fast!' },
      via: 'survey',
    });

    expect(result).toEqual({
      ticketId: 't-1',
      score: 5,
      nps: 9,
      comment: 'Fast!',
      ratedAt: NOW.toISOString(),
    });
    expect(tickets.rows.get('t-1')).toMatchObject({
      version: 2,
      satisfaction: { score: 5, nps: 9, comment: 'Fast!', assigneeId: 'agent-1', via: 'survey' },
    });
    expect(tickets.events).toEqual([
      expect.objectContaining({
        type: 'SatisfactionRated',
        visibility: 'public',
        actor: { id: 'c-1', role: 'customer' },
        data: { score: 5, nps: 9, comment: 'Fast!', assigneeId: 'agent-1', via: 'survey' },
      }),
    ]);
  });

  it('refuses a second answer with 422 ALREADY_RATED, also when it races the first', async () => {
    const { tickets, rate } = setup();
    tickets.interleave = () => {
      const current = tickets.rows.get('t-1') as Ticket;
      tickets.rows.set('t-1', {
        ...current,
        version: current.version + 1,
        satisfaction: { score: 1 },
      } as Ticket);
    };

    await expect(
      rate({ ticketId: 't-1', customerId: 'c-1', answer: { score: 5 }, via: 'account' }),
    ).rejects.toMatchObject({
      code: 'ALREADY_RATED',
    });
    expect(tickets.events).toHaveLength(0);
  });

  it('refuses a ticket that is not resolved, and hides another customer’s ticket', async () => {
    const open = setup({ status: 'requested', resolvedAt: null });
    const other = setup();

    await expect(
      open.rate({ ticketId: 't-1', customerId: 'c-1', answer: { score: 4 }, via: 'account' }),
    ).rejects.toMatchObject({
      code: 'NOT_RESOLVED',
    });
    await expect(
      other.rate({ ticketId: 't-1', customerId: 'c-2', answer: { score: 4 }, via: 'account' }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
