import { describe, expect, it } from 'vitest';
import { makeListTickets } from '../../../functions/tickets/use-cases/list-tickets.js';
import { agent, aTicket, customer, HOUR, plus, T0, ticketDeps } from '../../fixtures/builders.js';

function setup() {
  const deps = ticketDeps();
  deps.tickets
    .seed(aTicket({ id: 't-1', customerId: 'c-1' }, {}, T0))
    .seed(aTicket({ id: 't-2', customerId: 'c-2', assigneeId: 'a-1' }, {}, plus(T0, HOUR)))
    .seed(
      aTicket({ id: 't-3', customerId: 'c-1', type: 'refund', assigneeId: 'a-2' }, {}, plus(T0, 2 * HOUR)),
    )
    .seed(aTicket({ id: 't-4', customerId: 'c-3', status: 'closed' }, {}, plus(T0, 3 * HOUR)));
  return { deps, listTickets: makeListTickets(deps) };
}

const ids = (page: { items: readonly { id: string }[] }) => page.items.map((item) => item.id);

describe('makeListTickets', () => {
  it('gives a customer their own tickets, whatever view they ask for', async () => {
    // Prepare
    const { listTickets } = setup();

    for (const view of [undefined, 'all', 'unassigned', 'mine', 'breached'] as const) {
      // Act
      const page = await listTickets(customer('c-1'), { view, limit: 20 });

      // Assess
      expect(ids(page), String(view)).toEqual(['t-3', 't-1']);
    }
  });

  it('gives staff the unassigned queue and their own queue', async () => {
    // Prepare
    const { listTickets } = setup();

    // Act
    const unassigned = await listTickets(agent('a-1'), { view: 'unassigned', limit: 20 });
    const mine = await listTickets(agent('a-1'), { view: 'mine', limit: 20 });
    const all = await listTickets(agent('a-1'), { limit: 20 });

    // Assess
    expect(ids(unassigned)).toEqual(['t-1']);
    expect(ids(mine)).toEqual(['t-2']);
    expect(ids(all)).toEqual(['t-4', 't-3', 't-2', 't-1']);
  });

  it('lists open tickets past their warning as breaching and past their deadline as breached', async () => {
    // Prepare: first responses are due 24 h after opening (hours 0, 1, 2), warnings after 18 h
    const { deps, listTickets } = setup();
    deps.clock.set(plus(T0, 24 * HOUR + 30 * 60_000));

    // Act
    const breaching = await listTickets(agent(), { view: 'breaching', limit: 20 });
    const breached = await listTickets(agent(), { view: 'breached', limit: 20 });

    // Assess
    expect(ids(breaching)).toEqual(['t-3', 't-2', 't-1']);
    expect(ids(breached)).toEqual(['t-1']);
  });

  it('filters by type and pages with a cursor', async () => {
    // Prepare
    const { listTickets } = setup();

    // Act
    const refunds = await listTickets(agent(), { type: 'refund', limit: 20 });
    const first = await listTickets(agent(), { limit: 3 });
    const second = await listTickets(agent(), { limit: 3, cursor: first.nextCursor ?? undefined });

    // Assess
    expect(ids(refunds)).toEqual(['t-3']);
    expect(ids(first)).toEqual(['t-4', 't-3', 't-2']);
    expect(first.nextCursor).not.toBeNull();
    expect(ids(second)).toEqual(['t-1']);
    expect(second.nextCursor).toBeNull();
  });
});
