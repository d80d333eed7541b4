import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/shared/errors.js';
import type { Ticket } from '../../../functions/tickets/domain/ticket.js';
import { makeListTickets } from '../../../functions/tickets/use-cases/list-tickets.js';
import {
  agent,
  aTicket,
  customer,
  HOUR,
  plus,
  staffPage,
  T0,
  ticketDeps,
  waitingForCustomer,
} from '../../fixtures/builders.js';

const tagged = (ticket: Ticket, tags: string[]) => ({ ...ticket, tags }) as Ticket;

/**
 * First responses are due 24 h after opening, warnings after 18 h: t-1 (hour 0) is due first,
 * t-3 (hour 2) last. t-2 and t-3 are assigned; t-4 is closed, t-5 waits for its customer.
 */
function setup(teams: Record<string, string[]> = {}) {
  const deps = ticketDeps();
  deps.tickets
    .seed(
      tagged(
        aTicket(
          {
            id: '79540bc0-0000-4000-8000-000000000001',
            customerId: 'c-1',
            customerEmail: 'Ann@Example.com',
            team: 'support',
          },
          {},
          T0,
        ),
        ['vip'],
      ),
    )
    .seed(
      aTicket({ id: 't-2', customerId: 'c-2', assigneeId: 'a-1', team: 'complaints' }, {}, plus(T0, HOUR)),
    )
    .seed(
      aTicket(
        {
          id: 't-3',
          customerId: 'c-1',
          type: 'refund',
          assigneeId: 'a-2',
          priority: 'high',
          team: 'support',
        },
        {},
        plus(T0, 2 * HOUR),
      ),
    )
    .seed(aTicket({ id: 't-4', customerId: 'c-3', status: 'closed' }, {}, plus(T0, 3 * HOUR)))
    .seed(
      waitingForCustomer(aTicket({ id: 't-5', customerId: 'c-3', team: 'support' }, {}, plus(T0, 4 * HOUR))),
    );
  const listTickets = makeListTickets({ ...deps, teamsOf: async (id) => teams[id] ?? [] });
  return { deps, listTickets };
}

const ids = (page: { items: readonly { id: string }[] }) => page.items.map((item) => item.id);
const FIRST = '79540bc0-0000-4000-8000-000000000001';

describe('makeListTickets', () => {
  it('gives a customer their own tickets, whatever view they ask for', async () => {
    const { listTickets } = setup();

    for (const view of [undefined, 'all', 'unassigned', 'mine', 'team', 'breached'] as const) {
      const page = await listTickets(customer('c-1'), { view, limit: 20 });

      expect(ids(page), String(view)).toEqual(['t-3', FIRST]);
    }
  });

  it('lists the queues by the nearest deadline: unassigned, mine, the caller’s teams or a named team', async () => {
    const { listTickets } = setup({ 'a-1': ['support', 'complaints'] });

    const unassigned = await listTickets(agent('a-1'), { view: 'unassigned', limit: 20 });
    const mine = await listTickets(agent('a-2'), { view: 'mine', limit: 20 });
    const team = await listTickets(agent('a-1'), { view: 'team', limit: 20 });
    const named = await listTickets(agent('a-1'), { view: 'team', team: 'complaints', limit: 20 });

    // t-5 waits for its customer: no clock runs, so it comes after every running deadline.
    expect(ids(unassigned)).toEqual([FIRST, 't-5']);
    expect(ids(mine)).toEqual(['t-3']);
    expect(ids(team)).toEqual([FIRST, 't-2', 't-3', 't-5']);
    expect(ids(named)).toEqual(['t-2']);
  });

  it('refuses the team view to a caller in no team who names none', async () => {
    const { listTickets } = setup();

    const refused = listTickets(agent('a-9'), { view: 'team', limit: 20 });

    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ errors: [{ path: 'query.team' }] });
  });

  it('lists warned tickets as breaching, overdue ones as breached, and those waiting for the customer', async () => {
    const { deps, listTickets } = setup();
    // Hour 24.5: t-1's deadline (hour 24) passed; t-2 and t-3 are past their warnings (hours 19, 20).
    deps.clock.set(plus(T0, 24 * HOUR + 30 * 60_000));

    const breaching = staffPage(await listTickets(agent(), { view: 'breaching', limit: 20 }));
    const breached = staffPage(await listTickets(agent(), { view: 'breached', limit: 20 }));
    const pending = await listTickets(agent(), { view: 'pending_customer', limit: 20 });

    expect(ids(breaching)).toEqual(['t-2', 't-3']);
    expect(ids(breached)).toEqual([FIRST]);
    expect(breached.items[0]?.nextDeadline?.state).toBe('breached');
    expect(breaching.items[0]?.nextDeadline?.state).toBe('warned');
    expect(ids(pending)).toEqual(['t-5']);
  });

  it('filters every view by type, priority, tag, team, assignee, channel and creation time', async () => {
    const { listTickets } = setup();
    const list = (query: Partial<Parameters<typeof listTickets>[1]>) =>
      listTickets(agent(), { limit: 20, ...query }).then(ids);

    expect(await list({ type: 'refund' })).toEqual(['t-3']);
    expect(await list({ priority: 'high' })).toEqual(['t-3']);
    expect(await list({ tag: 'vip' })).toEqual([FIRST]);
    expect(await list({ view: 'unassigned', team: 'support' })).toEqual([FIRST, 't-5']);
    expect(await list({ assigneeId: 'a-1' })).toEqual(['t-2']);
    expect(await list({ channel: 'email' })).toEqual([]);
    expect(
      await list({ createdFrom: plus(T0, HOUR).toISOString(), createdTo: plus(T0, 3 * HOUR).toISOString() }),
    ).toEqual(['t-3', 't-2']);
  });

  it('finds tickets by number, order id or email, and pages all tickets with a cursor', async () => {
    const { deps, listTickets } = setup();
    const refund = deps.tickets.stored('t-3') as Ticket;

    const byNumber = await listTickets(agent(), { q: '#79540BC0', limit: 20 });
    const byBareNumber = await listTickets(agent(), { q: '79540bc0', limit: 20 });
    const byOrder = await listTickets(agent(), { q: refund.orderId as string, limit: 20 });
    const byEmail = await listTickets(agent(), { q: 'ann@example.COM', limit: 20 });
    const first = await listTickets(agent(), { limit: 3 });
    const second = await listTickets(agent(), { limit: 3, cursor: first.nextCursor ?? undefined });

    expect(ids(byNumber)).toEqual([FIRST]);
    expect(byNumber.items[0]?.number).toBe('#79540BC0');
    expect(ids(byBareNumber)).toEqual([FIRST]);
    expect(ids(byOrder)).toEqual(['t-3']);
    expect(ids(byEmail)).toEqual([FIRST]);
    expect(ids(first)).toEqual(['t-5', 't-4', 't-3']);
    expect(ids(second)).toEqual(['t-2', FIRST]);
    expect(second.nextCursor).toBeNull();
  });
});
