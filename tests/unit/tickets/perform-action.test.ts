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

describe('merge', () => {
  /** Two refunds of one unit each on order o-1 by customer c-1, the source with two messages. */
  async function twoRefunds() {
    const deps = ticketDeps();
    deps.orders.seed(anOrder());
    const create = makeCreateTicket(deps);
    const open = (description: string) =>
      create(customer('c-1'), {
        type: 'refund',
        orderId: 'o-1',
        items: [{ sku: 'KETTLE-1', quantity: 1 }],
        reason: 'missing_item',
        description,
        channel: 'web',
      });
    const source = await open('The kettle is missing.');
    deps.clock.set(plus(T0, 10 * 60 * 1000));
    const target = await open('Still no kettle in the box.');
    const sourceTicket = deps.tickets.stored(source.id) as Ticket;
    const say = (
      at: Date,
      actor: { id: string; role: 'customer' | 'agent' },
      body: string,
      internal: boolean,
    ) => ({
      id: `m-${body.length}-${internal}`,
      ticketId: source.id,
      ticketType: 'refund' as const,
      type: 'MessageAdded' as const,
      at: at.toISOString(),
      actor,
      visibility: internal ? ('internal' as const) : ('public' as const),
      data: { body, internal },
    });
    deps.tickets.seed(sourceTicket, [
      ...deps.tickets.timeline(source.id),
      say(plus(T0, 20 * 60 * 1000), { id: 'c-1', role: 'customer' }, 'Here is a photo.', false),
      say(plus(T0, 30 * 60 * 1000), { id: 'a-1', role: 'agent' }, 'Looks like the same box.', true),
    ]);
    deps.clock.set(plus(T0, HOUR));
    return { deps, sourceId: source.id, targetId: target.id, performAction: makePerformAction(deps) };
  }

  it('closes the source with a link, gives its unit back and copies its messages onto the target in one write', async () => {
    // Prepare
    const { deps, sourceId, targetId, performAction } = await twoRefunds();
    const writesBefore = deps.tickets.writes;

    // Act
    const view = await performAction(agent('a-1'), sourceId, { action: 'merge', intoTicketId: targetId });

    // Assess
    expect(view).toMatchObject({ status: 'closed', mergedInto: targetId, version: 2 });
    expect(deps.tickets.writes).toBe(writesBefore + 1);
    expect(deps.orders.peek('o-1')?.items[0]).toMatchObject({ sku: 'KETTLE-1', reservedQuantity: 1 });
    expect(deps.tickets.stored(sourceId)?.refund?.status).toBe('cancelled');
    expect(deps.tickets.stored(targetId)?.version).toBe(2);
    expect(deps.tickets.timeline(sourceId).at(-1)).toMatchObject({
      type: 'TicketMerged',
      visibility: 'public',
      data: { into: targetId, from: 'requested' },
    });
    const received = deps.tickets.timeline(targetId).slice(-4);
    expect(received.map((event) => [event.type, event.actor.id, event.at, event.visibility])).toEqual([
      ['MessageCopied', 'c-1', iso(T0, 0), 'public'],
      ['MessageCopied', 'c-1', iso(T0, 20 * 60 * 1000), 'public'],
      ['MessageCopied', 'a-1', iso(T0, 30 * 60 * 1000), 'internal'],
      ['TicketMergedIn', 'a-1', iso(T0, HOUR), 'public'],
    ]);
    expect(received[0]?.data).toEqual({
      body: 'The kettle is missing.',
      internal: false,
      mergedFrom: sourceId,
      originalEventId: null,
    });
    expect(received[3]?.data).toEqual({ mergedFrom: sourceId, messages: 3, releasedUnits: 1 });
  });

  const refusals: [
    string,
    (deps: ReturnType<typeof ticketDeps>, ids: { sourceId: string; targetId: string }) => string,
  ][] = [
    ['MERGE_SAME_TICKET', (_deps, { sourceId }) => sourceId],
    ['MERGE_TARGET_NOT_FOUND', () => 'no-such-ticket'],
    [
      'MERGE_DIFFERENT_CUSTOMER',
      (deps, { targetId }) => {
        deps.tickets.seed({ ...(deps.tickets.stored(targetId) as Ticket), customerId: 'c-2' });
        return targetId;
      },
    ],
    [
      'MERGE_DIFFERENT_ORDER',
      (deps, { targetId }) => {
        deps.tickets.seed({ ...(deps.tickets.stored(targetId) as Ticket), orderId: 'o-2' });
        return targetId;
      },
    ],
    [
      'MERGE_TARGET_NOT_OPEN',
      (deps, { targetId }) => {
        deps.tickets.seed({ ...(deps.tickets.stored(targetId) as Ticket), status: 'resolved' });
        return targetId;
      },
    ],
    [
      'MERGE_MONEY_IN_FLIGHT',
      (deps, { sourceId, targetId }) => {
        const source = deps.tickets.stored(sourceId) as Ticket;
        deps.tickets.seed({
          ...source,
          status: 'approved',
          refund: source.refund && { ...source.refund, status: 'approved' },
        });
        return targetId;
      },
    ],
    [
      'MERGE_GOODS_IN_FLIGHT',
      (deps, { sourceId, targetId }) => {
        deps.tickets.seed({
          ...(deps.tickets.stored(sourceId) as Ticket),
          returnShipment: { carrier: 'SF', trackingNumber: 'SF123', at: iso(T0, 0) },
        });
        return targetId;
      },
    ],
  ];

  it.each(refusals)('refuses with 422 %s naming intoTicketId, and writes nothing', async (code, arrange) => {
    // Prepare
    const { deps, sourceId, targetId, performAction } = await twoRefunds();
    const intoTicketId = arrange(deps, { sourceId, targetId });
    const writesBefore = deps.tickets.writes;

    // Act
    const attempt = performAction(agent('a-1'), sourceId, { action: 'merge', intoTicketId });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code, errors: [{ path: 'intoTicketId' }] });
    expect(deps.tickets.writes).toBe(writesBefore);
    expect(deps.orders.peek('o-1')?.items[0]?.reservedQuantity).toBe(2);
  });

  it('offers merge to staff on open tickets only, never to the customer', async () => {
    // Prepare
    const { deps, sourceId, performAction } = await twoRefunds();
    deps.tickets.seed({ ...(deps.tickets.stored(sourceId) as Ticket), status: 'resolved' });

    // Act
    const onResolved = performAction(agent('a-1'), sourceId, { action: 'merge', intoTicketId: 'x' });
    const byCustomer = performAction(customer('c-1'), sourceId, { action: 'merge', intoTicketId: 'x' });

    // Assess
    await expect(onResolved).rejects.toMatchObject({ code: 'ACTION_NOT_ALLOWED' });
    await expect(byCustomer).rejects.toBeInstanceOf(ForbiddenError);
  });
});
