import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../functions/shared/errors.js';
import { makeGetTicket } from '../../../functions/tickets/use-cases/get-ticket.js';
import { agent, anEvent, aTicket, customer, HOUR, supervisor, ticketDeps } from '../../fixtures/builders.js';

function setup() {
  const deps = ticketDeps();
  const ticket = aTicket({ id: 't-1', customerId: 'c-1' });
  deps.tickets.seed(ticket, [
    anEvent(ticket, { id: 'e-1', type: 'TicketCreated' }),
    anEvent(ticket, {
      id: 'e-2',
      type: 'MessageAdded',
      visibility: 'internal',
      actor: { id: 'a-1', role: 'agent' },
      data: { body: 'Customer sounds like a reseller.', internal: true },
    }),
    anEvent(ticket, {
      id: 'e-3',
      type: 'MessageAdded',
      actor: { id: 'a-1', role: 'agent' },
      data: { body: 'We are on it.', internal: false },
    }),
  ]);
  return { deps, getTicket: makeGetTicket(deps) };
}

describe('makeGetTicket', () => {
  it("reports another customer's ticket exactly like a missing one", async () => {
    // Prepare
    const { getTicket } = setup();

    // Act
    const other = getTicket(customer('c-2'), 't-1');
    const missing = getTicket(customer('c-2'), 't-404');

    // Assess
    await expect(other).rejects.toThrow(NotFoundError);
    await expect(other).rejects.toThrow('Ticket t-1 was not found.');
    await expect(missing).rejects.toThrow(NotFoundError);
  });

  it("never shows internal notes in a customer's timeline", async () => {
    // Prepare
    const { getTicket } = setup();

    // Act
    const view = await getTicket(customer('c-1'), 't-1');

    // Assess
    expect(view.timeline?.map((event) => event.id)).toEqual(['e-1', 'e-3']);
    expect(JSON.stringify(view)).not.toContain('reseller');
  });

  it('shows internal notes to staff', async () => {
    for (const who of [agent(), supervisor()]) {
      // Prepare
      const { getTicket } = setup();

      // Act
      const view = await getTicket(who, 't-1');

      // Assess
      expect(view.timeline?.map((event) => event.id)).toEqual(['e-1', 'e-2', 'e-3']);
      expect(view.timeline?.[1]).toMatchObject({ visibility: 'internal', data: { internal: true } });
    }
  });

  it('reports SLA states as of now', async () => {
    // Prepare
    const { deps, getTicket } = setup();
    deps.clock.advance(25 * HOUR);

    // Act
    const view = await getTicket(agent(), 't-1');

    // Assess
    expect(view.sla.firstResponse?.state).toBe('breached');
    expect(view.sla.resolution?.state).toBe('running');
  });
});
