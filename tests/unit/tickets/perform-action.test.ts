import { describe, expect, it, vi } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../functions/shared/errors.js';
import type { Ticket } from '../../../functions/tickets/domain/ticket.js';
import { makeCreateTicket } from '../../../functions/tickets/use-cases/create-ticket.js';
import { makeGetTicket } from '../../../functions/tickets/use-cases/get-ticket.js';
import { makePerformAction } from '../../../functions/tickets/use-cases/perform-action.js';
import {
  agent,
  anOrder,
  aTicket,
  customer,
  HOUR,
  iso,
  plus,
  T0,
  ticketDeps,
} from '../../fixtures/builders.js';

/** A ticket stored as it is, with no order behind it (enough for actions that hold nothing). */
function setup(ticket: Ticket = aTicket({ id: 't-1', type: 'refund', customerId: 'c-1', holds: null })) {
  const deps = ticketDeps();
  deps.tickets.seed(ticket);
  deps.clock.set(plus(T0, HOUR));
  return { deps, performAction: makePerformAction(deps) };
}

/** A refund opened through the use case, so that the order holds its units. */
async function openedRefund(quantity = 2) {
  const deps = ticketDeps();
  deps.orders.seed(anOrder());
  const view = await makeCreateTicket(deps)(customer('c-1'), {
    type: 'refund',
    orderId: 'o-1',
    items: [{ sku: 'KETTLE-1', quantity }],
    reason: 'missing_item',
    description: 'It leaks.',
    channel: 'web',
  });
  deps.clock.set(plus(T0, HOUR));
  return { deps, ticketId: view.id, performAction: makePerformAction(deps) };
}

describe('makePerformAction', () => {
  it('applies the action, bumps the version and records the events', async () => {
    // Prepare
    const { deps, performAction } = setup();

    // Act
    const view = await performAction(agent('a-1'), 't-1', {
      action: 'assign',
      assigneeId: 'a-1',
      version: 1,
    });

    // Assess
    expect(view).toMatchObject({ assigneeId: 'a-1', version: 2 });
    expect(deps.tickets.stored('t-1')?.version).toBe(2);
    expect(deps.tickets.timeline('t-1')).toEqual([
      expect.objectContaining({
        type: 'TicketAssigned',
        visibility: 'internal',
        actor: { id: 'a-1', role: 'agent' },
        at: iso(T0, HOUR),
      }),
    ]);
  });

  it('refuses a stale version with STALE_VERSION and writes nothing', async () => {
    // Prepare
    const { deps, performAction } = setup(aTicket({ id: 't-1', type: 'refund', version: 4 }));

    // Act
    const attempt = performAction(agent(), 't-1', { action: 'set_priority', priority: 'high', version: 3 });

    // Assess
    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'STALE_VERSION' });
    expect(deps.tickets.stored('t-1')).toMatchObject({ priority: 'normal', version: 4 });
    expect(deps.tickets.writes).toBe(0);
  });

  it('refuses with STALE_VERSION when the ticket changes between read and write of a versioned action', async () => {
    // Prepare
    const { deps, performAction } = setup();
    deps.tickets.interfereOnNextUpdate((stored) => ({ ...stored, assigneeId: 'a-2' }));

    // Act
    const attempt = performAction(agent(), 't-1', { action: 'set_priority', priority: 'high', version: 1 });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'STALE_VERSION' });
    expect(deps.tickets.stored('t-1')).toMatchObject({ priority: 'normal', assigneeId: 'a-2', version: 2 });
  });

  it('retries on fresh state when a concurrent change lands and no version was given', async () => {
    // Prepare
    const { deps, performAction } = setup();
    deps.tickets.interfereOnNextUpdate((stored) => ({ ...stored, assigneeId: 'a-2' }));

    // Act
    const view = await performAction(agent(), 't-1', { action: 'set_priority', priority: 'high' });

    // Assess
    expect(deps.tickets.conflicts).toBe(1);
    expect(view).toMatchObject({ priority: 'high', assigneeId: 'a-2', version: 3 });
    expect(deps.tickets.stored('t-1')).toMatchObject({ priority: 'high', assigneeId: 'a-2', version: 3 });
    expect(deps.tickets.timeline('t-1').map((event) => event.type)).toEqual(['PriorityChanged']);
  });

  it('judges the retried action on fresh state', async () => {
    // Prepare: the customer cancels while the agent resolves
    const { deps, performAction } = setup();
    deps.tickets.interfereOnNextUpdate((stored) => ({ ...stored, status: 'cancelled' }));

    // Act
    const attempt = performAction(agent(), 't-1', { action: 'resolve' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'ACTION_NOT_ALLOWED', allowedActions: [] });
    expect(deps.tickets.stored('t-1')?.status).toBe('cancelled');
  });

  it('keeps retrying an unversioned action past three conflicts until it lands', async () => {
    // Prepare: six writers land first, one after the other
    const { deps, performAction } = setup();
    for (let i = 0; i < 6; i++) deps.tickets.interfereOnNextUpdate((stored) => ({ ...stored }));

    // Act
    const view = await performAction(agent(), 't-1', { action: 'set_priority', priority: 'high' });

    // Assess
    expect(deps.tickets.conflicts).toBe(6);
    expect(view).toMatchObject({ priority: 'high', version: 8 });
    expect(deps.tickets.timeline('t-1').map((event) => event.type)).toEqual(['PriorityChanged']);
  });

  it('gives up with STALE_VERSION once the contention deadline has passed', async () => {
    // Prepare: writers keep landing first, and the deadline is short
    const { deps, performAction } = setup();
    for (let i = 0; i < 10_000; i++) deps.tickets.interfereOnNextUpdate((stored) => ({ ...stored }));
    vi.stubEnv('CONTENTION_DEADLINE_MS', '200');
    const started = Date.now();

    // Act
    const attempt = performAction(agent(), 't-1', { action: 'set_priority', priority: 'high' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'STALE_VERSION' });
    vi.unstubAllEnvs();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(deps.tickets.stored('t-1')?.priority).toBe('normal');
  });

  it('refuses the wrong role with ForbiddenError and an unfitting state with allowedActions', async () => {
    // Prepare
    const { performAction } = setup();

    // Act
    const byCustomer = performAction(customer('c-1'), 't-1', { action: 'resolve' });
    const reopen = performAction(customer('c-1'), 't-1', { action: 'close' });

    // Assess
    await expect(byCustomer).rejects.toThrow(ForbiddenError);
    await expect(reopen).rejects.toMatchObject({ code: 'ACTION_NOT_ALLOWED', allowedActions: ['cancel'] });
  });

  it("reports another customer's ticket as not found", async () => {
    // Prepare
    const { performAction } = setup();

    // Act
    const attempt = performAction(customer('c-2'), 't-1', { action: 'cancel' });

    // Assess
    await expect(attempt).rejects.toThrow(NotFoundError);
  });

  it('schedules the automatic close of a resolved ticket', async () => {
    // Prepare
    const { deps, ticketId, performAction } = await openedRefund();

    // Act
    const view = await performAction(agent(), ticketId, { action: 'resolve', summary: 'Refunded by hand.' });

    // Assess
    expect(view.status).toBe('resolved');
    expect(view.autoCloseAt).toBe(iso(T0, HOUR + 7 * 24 * HOUR));
    expect(deps.tickets.stored(ticketId)?.autoCloseAt).toBe(view.autoCloseAt);
  });

  it('gives the held units back to the order when the customer cancels, atomically with the ticket', async () => {
    // Prepare
    const { deps, ticketId, performAction } = await openedRefund(2);
    const held = deps.orders.peek('o-1');

    // Act
    await performAction(customer('c-1'), ticketId, { action: 'cancel', reason: 'Found a fix.' });

    // Assess
    expect(held?.items[0]?.reservedQuantity).toBe(2);
    expect(held?.shippingCommitted).toBe(1000);
    const released = deps.orders.peek('o-1');
    expect(released?.items[0]?.reservedQuantity).toBe(0);
    expect(released?.shippingCommitted).toBe(0);
    expect(deps.tickets.stored(ticketId)).toMatchObject({ status: 'cancelled', holds: null });
  });

  it('writes neither ticket nor order when the order change is refused', async () => {
    // Prepare: the order no longer shows the reservation the ticket holds
    const { deps, ticketId, performAction } = await openedRefund(2);
    const order = deps.orders.peek('o-1');
    if (!order) throw new Error('order missing');
    deps.orders.seed({ ...order, items: order.items.map((line) => ({ ...line, reservedQuantity: 0 })) });

    // Act
    const attempt = performAction(customer('c-1'), ticketId, { action: 'cancel' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'EXCEEDS_REFUNDABLE' });
    expect(deps.tickets.stored(ticketId)?.status).toBe('requested');
    expect(deps.tickets.timeline(ticketId).map((event) => event.type)).toEqual([
      'TicketCreated',
      'TicketRouted',
      'TicketClassified',
    ]);
  });
});

describe('tags', () => {
  it('adds a tag as an internal event that customers never see, and shows tags to staff only', async () => {
    // Prepare
    const { deps, performAction } = setup();

    // Act
    const view = await performAction(agent('a-1'), 't-1', { action: 'add_tag', tag: 'vip' });
    const customerView = await makeGetTicket(deps)(customer('c-1'), 't-1');

    // Assess
    expect(view).toMatchObject({ tags: ['vip'], version: 2 });
    expect(deps.tickets.stored('t-1')?.tags).toEqual(['vip']);
    expect(deps.tickets.timeline('t-1')).toEqual([
      expect.objectContaining({ type: 'TagAdded', visibility: 'internal', data: { tag: 'vip' } }),
    ]);
    expect(customerView).not.toHaveProperty('tags');
    expect(customerView.timeline).toEqual([]);
  });

  it('writes nothing when the tag is there already, or not there to remove', async () => {
    // Prepare
    const { deps, performAction } = setup(
      aTicket({ id: 't-1', customerId: 'c-1', holds: null, tags: ['vip'] }),
    );

    // Act
    const added = await performAction(agent('a-1'), 't-1', { action: 'add_tag', tag: 'vip' });
    const removed = await performAction(agent('a-1'), 't-1', { action: 'remove_tag', tag: 'late' });

    // Assess
    expect(added).toMatchObject({ tags: ['vip'], version: 1 });
    expect(removed).toMatchObject({ tags: ['vip'], version: 1 });
    expect(deps.tickets.writes).toBe(0);
    expect(deps.tickets.timeline('t-1')).toEqual([]);
  });

  it('removes a tag, on a resolved ticket too', async () => {
    // Prepare
    const { deps, performAction } = setup(
      aTicket({ id: 't-1', customerId: 'c-1', holds: null, status: 'resolved', tags: ['vip', 'late'] }),
    );

    // Act
    const removed = await performAction(agent('a-1'), 't-1', { action: 'remove_tag', tag: 'vip' });

    // Assess
    expect(removed).toMatchObject({ tags: ['late'], version: 2 });
    expect(deps.tickets.timeline('t-1')).toEqual([
      expect.objectContaining({ type: 'TagRemoved', data: { tag: 'vip' } }),
    ]);
  });

  it('refuses a 21st tag with 422 TOO_MANY_TAGS and a customer with 403', async () => {
    // Prepare
    const twenty = Array.from({ length: 20 }, (_, index) => `tag-${index}`);
    const { deps, performAction } = setup(
      aTicket({ id: 't-1', customerId: 'c-1', holds: null, tags: twenty }),
    );

    // Act
    const tooMany = performAction(agent('a-1'), 't-1', { action: 'add_tag', tag: 'one-more' });
    const byCustomer = performAction(customer('c-1'), 't-1', { action: 'add_tag', tag: 'mine' });

    // Assess
    await expect(tooMany).rejects.toMatchObject({ code: 'TOO_MANY_TAGS', errors: [{ path: 'tag' }] });
    await expect(byCustomer).rejects.toBeInstanceOf(ForbiddenError);
    expect(deps.tickets.writes).toBe(0);
  });
});
