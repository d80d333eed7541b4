import { describe, expect, it } from 'vitest';
import { ticketIdFor } from '../../../functions/shared/derived-id.js';
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  ValidationError,
} from '../../../functions/shared/errors.js';
import { selectPolicy } from '../../../functions/sla/domain/policy.js';
import type { CreateTicketRequest } from '../../../functions/tickets/contracts/ticket.js';
import { makeCreateTicket } from '../../../functions/tickets/use-cases/create-ticket.js';
import { agent, anOrder, customer, iso, staffView, T0, ticketDeps } from '../../fixtures/builders.js';

function request(overrides: Partial<CreateTicketRequest> = {}): CreateTicketRequest {
  return {
    type: 'refund',
    orderId: 'o-1',
    items: [{ sku: 'KETTLE-1', quantity: 1 }],
    reason: 'missing_item',
    description: 'It leaks.',
    channel: 'web',
    ...overrides,
  };
}

function setup() {
  const deps = ticketDeps();
  deps.orders.seed(anOrder(), anOrder({ id: 'o-2', customerId: 'c-2', customerEmail: 'c-2@example.com' }));
  return { deps, createTicket: makeCreateTicket(deps) };
}

describe('makeCreateTicket', () => {
  it("opens a customer's refund on their own order, priced from the order", async () => {
    // Prepare
    const { deps, createTicket } = setup();

    // Act
    const view = await createTicket(customer('c-1'), request());

    // Assess
    expect(view).toMatchObject({
      id: 'id-1',
      type: 'refund',
      status: 'requested',
      orderId: 'o-1',
      refund: { itemsAmount: 12900, shippingAmount: 1000, amount: 13900, currency: 'CNY', status: 'pending' },
      allowedActions: ['cancel'],
      version: 1,
      createdAt: iso(T0),
      sla: { firstResponse: { dueAt: iso(T0, 24 * 3_600_000), state: 'running' } },
    });
    expect(deps.tickets.stored('id-1')).toMatchObject({ status: 'requested', customerId: 'c-1' });
    expect(deps.tickets.stored('id-1')?.sla.policyId).toBe('default');
    expect(deps.tickets.timeline('id-1')).toEqual([
      expect.objectContaining({
        type: 'TicketCreated',
        ticketId: 'id-1',
        ticketType: 'refund',
        actor: { id: 'c-1', role: 'customer' },
        visibility: 'public',
        at: iso(T0),
      }),
      expect.objectContaining({
        type: 'TicketRouted',
        visibility: 'internal',
        data: {
          team: 'support',
          priority: 'normal',
          rule: null,
          reason: 'no rule matched; refund tickets go to team support',
        },
      }),
      expect.objectContaining({ type: 'TicketClassified', visibility: 'internal' }),
    ]);
  });

  describe('classification at intake', () => {
    const threat = (overrides: Partial<CreateTicketRequest> = {}) =>
      request({
        type: 'inquiry',
        orderId: undefined,
        items: undefined,
        reason: 'service',
        description: '客服一直不回复，我要去12315投诉你们',
        ...overrides,
      });

    it('sends a legal threat to the complaints team, urgent, under the urgent SLA policy', async () => {
      // Prepare
      const { deps, createTicket } = setup();

      // Act
      const view = await createTicket(customer('c-1'), threat());

      // Assess
      const stored = deps.tickets.stored(view.id);
      expect(stored).toMatchObject({ priority: 'urgent', team: 'complaints' });
      expect(stored?.classification?.labels.map((entry) => entry.label)).toContain('legal_threat');
      const policyList = await deps.policies.current();
      expect(stored?.sla.policyId).toBe(
        selectPolicy(policyList, { type: 'inquiry', priority: 'urgent', customerTier: 'standard' }).id,
      );
      const classified = deps.tickets.timeline(view.id).find((event) => event.type === 'TicketClassified');
      expect(classified).toMatchObject({
        visibility: 'internal',
        data: { labels: expect.arrayContaining([expect.objectContaining({ label: 'legal_threat' })]) },
      });
    });

    it('keeps the priority and team of a ticket without a threat', async () => {
      // Prepare
      const { deps, createTicket } = setup();

      // Act
      const view = await createTicket(
        customer('c-1'),
        threat({ description: 'When does my parcel arrive?' }),
      );

      // Assess
      expect(deps.tickets.stored(view.id)).toMatchObject({ priority: 'normal', team: 'support' });
    });

    it('shows the classification to staff and never to the customer', async () => {
      // Prepare
      const { createTicket } = setup();

      // Act
      const mine = await createTicket(customer('c-1'), threat());
      const theirs = staffView(await createTicket(agent(), threat({ customerId: 'c-1' })));

      // Assess
      expect(mine).not.toHaveProperty('classification');
      expect(theirs.classification?.labels.map((entry) => entry.label)).toContain('legal_threat');
    });

    it('flags a reason the text contradicts', async () => {
      // Prepare
      const { createTicket } = setup();

      // Act
      const view = staffView(
        await createTicket(
          agent(),
          request({ reason: 'defective', description: 'Nothing is wrong with it, I bought it by mistake.' }),
        ),
      );

      // Assess
      expect(view.classification?.reasonMismatch).toMatchObject({
        chosen: 'defective',
        suggested: 'no_longer_needed',
      });
    });

    it('answers a replay under the same key with the stored classification, judged once', async () => {
      // Prepare
      const { deps, createTicket } = setup();
      const first = staffView(
        await createTicket(agent(), threat({ customerId: 'c-1' }), { idempotencyKey: 'k-1' }),
      );
      await deps.classifier.save(
        { labels: [{ label: 'other', threshold: 1, terms: [{ term: '投诉', weight: 1 }] }], hints: [] },
        0,
        iso(T0),
      );

      // Act
      const again = staffView(
        await createTicket(agent(), threat({ customerId: 'c-1' }), { idempotencyKey: 'k-1' }),
      );

      // Assess
      expect(again.classification).toEqual(first.classification);
      expect(again.classification?.configVersion).toBe(0);
    });
  });

  it('routes it by the rules in force: a VIP customer goes to the vip team at high priority', async () => {
    // Prepare
    const { deps, createTicket } = setup();
    deps.orders.seed(anOrder({ id: 'o-3', customerTier: 'vip' }));

    // Act
    const view = await createTicket(customer('c-1'), request({ orderId: 'o-3' }));

    // Assess
    expect(deps.tickets.stored(view.id)).toMatchObject({ team: 'vip', priority: 'high' });
    expect(deps.tickets.timeline(view.id).find((event) => event.type === 'TicketRouted')).toMatchObject({
      visibility: 'internal',
      data: { team: 'vip', priority: 'high', rule: 'vip', reason: "rule 'vip' matched tier=vip" },
    });
  });

  it("reports another customer's order as not found and writes nothing", async () => {
    // Prepare
    const { deps, createTicket } = setup();

    // Act
    const attempt = createTicket(customer('c-1'), request({ orderId: 'o-2' }));

    // Assess
    await expect(attempt).rejects.toThrow(NotFoundError);
    await expect(attempt).rejects.toThrow('Order o-2 was not found.');
    expect(deps.tickets.writes).toBe(0);
  });

  it('reports an unknown order as not found', async () => {
    // Prepare
    const { createTicket } = setup();

    // Act
    const attempt = createTicket(agent(), request({ orderId: 'o-404' }));

    // Assess
    await expect(attempt).rejects.toThrow(NotFoundError);
  });

  it('forbids a customer to open a ticket for someone else or to set a priority', async () => {
    // Prepare
    const { deps, createTicket } = setup();

    // Act
    const forOther = createTicket(customer('c-1'), request({ customerId: 'c-2' }));
    const withPriority = createTicket(customer('c-1'), request({ priority: 'urgent' }));

    // Assess
    await expect(forOther).rejects.toThrow(ForbiddenError);
    await expect(withPriority).rejects.toThrow(ForbiddenError);
    expect(deps.tickets.writes).toBe(0);
  });

  it('makes staff name the customer when there is no order', async () => {
    // Prepare
    const { createTicket } = setup();

    // Act
    const attempt = createTicket(
      agent(),
      request({ type: 'inquiry', orderId: undefined, items: undefined, reason: 'other' }),
    );

    // Assess
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      errors: [{ path: 'customerId', message: expect.any(String) }],
    });
  });

  it('opens a ticket for the named customer on phone intake', async () => {
    // Prepare
    const { deps, createTicket } = setup();

    // Act
    const view = staffView(
      await createTicket(
        agent('a-1'),
        request({
          type: 'complaint',
          orderId: undefined,
          items: undefined,
          reason: 'service',
          channel: 'phone',
          customerId: 'c-9',
          priority: 'high',
        }),
      ),
    );

    // Assess
    expect(view).toMatchObject({ customerId: 'c-9', channel: 'phone', priority: 'high', team: 'complaints' });
    expect(view.sla.policyId).toBe('complaints');
    expect(deps.tickets.timeline(view.id)[0]?.actor).toEqual({ id: 'a-1', role: 'agent' });
  });

  it("takes the customer from the order when staff name none, and refuses one that isn't the order's", async () => {
    // Prepare
    const { createTicket } = setup();

    // Act
    const fromOrder = staffView(await createTicket(agent(), request({ orderId: 'o-2' })));
    const mismatch = createTicket(agent(), request({ orderId: 'o-2', customerId: 'c-1' }));

    // Assess
    expect(fromOrder.customerId).toBe('c-2');
    await expect(mismatch).rejects.toThrow(ValidationError);
  });

  it('shows staff the actions staff may take on the new ticket', async () => {
    // Prepare
    const { createTicket } = setup();

    // Act
    const view = await createTicket(agent(), request());

    // Assess
    expect(view.allowedActions).toEqual(expect.arrayContaining(['assign', 'request_info', 'resolve']));
  });

  it('reserves the claimed units on the order, so that they cannot be claimed twice', async () => {
    // Prepare: the order has two kettles
    const { deps, createTicket } = setup();
    await createTicket(customer('c-1'), request({ items: [{ sku: 'KETTLE-1', quantity: 2 }] }));

    // Act
    const again = createTicket(customer('c-1'), request({ items: [{ sku: 'KETTLE-1', quantity: 1 }] }));

    // Assess
    expect(deps.orders.peek('o-1')?.items[0]?.reservedQuantity).toBe(2);
    await expect(again).rejects.toThrow(BusinessRuleError);
    await expect(again).rejects.toMatchObject({
      code: 'EXCEEDS_REFUNDABLE',
      errors: [{ path: 'items.0.quantity', message: expect.any(String) }],
    });
    expect(deps.tickets.writes).toBe(1);
  });

  it('refuses a return outside its window with RETURN_WINDOW_CLOSED and writes nothing', async () => {
    // Prepare: delivered on 18 November; a no-reason return on 30 November
    const { deps, createTicket } = setup();
    deps.clock.set(new Date('2026-11-30T10:00:00Z'));

    // Act
    const attempt = createTicket(customer('c-1'), request({ type: 'return', reason: 'no_longer_needed' }));

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'RETURN_WINDOW_CLOSED' });
    expect(deps.tickets.writes).toBe(0);
    expect(deps.orders.peek('o-1')?.items[0]?.reservedQuantity).toBe(0);
  });

  describe('under an Idempotency-Key', () => {
    it('derives the id from the caller and the key, and a second run answers the first ticket', async () => {
      // Prepare: the order has two kettles; the first run holds both
      const { deps, createTicket } = setup();
      const claim = request({ items: [{ sku: 'KETTLE-1', quantity: 2 }] });
      const first = await createTicket(customer('c-1'), claim, { idempotencyKey: 'k-1' });

      // Act: the same request runs again (its idempotency record did not stop it)
      const second = await createTicket(customer('c-1'), claim, { idempotencyKey: 'k-1' });

      // Assess
      expect(first.id).toBe(ticketIdFor('c-1', 'k-1'));
      expect(second).toEqual(first);
      expect(deps.tickets.writes).toBe(1);
      expect(deps.orders.peek('o-1')?.items[0]?.reservedQuantity).toBe(2);
    });

    it('answers the first ticket when it was written between the check and the write', async () => {
      // Prepare: the first run is written, but the second run's check does not see it yet
      const { deps, createTicket } = setup();
      const first = await createTicket(customer('c-1'), request(), { idempotencyKey: 'k-1' });
      const read = deps.tickets.get.bind(deps.tickets);
      let reads = 0;
      deps.tickets.get = async (id) => (++reads === 1 ? undefined : read(id));

      // Act
      const second = await createTicket(customer('c-1'), request(), { idempotencyKey: 'k-1' });

      // Assess: the "must not exist" condition refused the second write
      expect(second.id).toBe(first.id);
      expect(deps.tickets.writes).toBe(1);
      expect(deps.orders.peek('o-1')?.items[0]?.reservedQuantity).toBe(1);
    });

    it('refuses the key with another request as IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
      // Prepare
      const { deps, createTicket } = setup();
      await createTicket(customer('c-1'), request(), { idempotencyKey: 'k-1' });

      // Act
      const other = createTicket(customer('c-1'), request({ items: [{ sku: 'KETTLE-1', quantity: 2 }] }), {
        idempotencyKey: 'k-1',
      });

      // Assess
      await expect(other).rejects.toThrow(ConflictError);
      await expect(other).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(deps.tickets.writes).toBe(1);
    });

    it('opens separate tickets for separate keys, and for separate callers with one key', async () => {
      // Prepare
      const { deps, createTicket } = setup();

      // Act
      const a = await createTicket(customer('c-1'), request(), { idempotencyKey: 'k-1' });
      const b = await createTicket(customer('c-1'), request(), { idempotencyKey: 'k-2' });
      const c = await createTicket(agent(), request({ items: [{ sku: 'MUG-1', quantity: 1 }] }), {
        idempotencyKey: 'k-1',
      });

      // Assess
      expect(new Set([a.id, b.id, c.id]).size).toBe(3);
      expect(c.id).toBe(ticketIdFor(agent().id, 'k-1'));
      expect(deps.tickets.writes).toBe(3);
    });
  });

  describe('MAX_TICKETS_PER_HOUR', () => {
    const inquiry = (description: string) =>
      request({ type: 'inquiry', reason: 'other', items: undefined, description });

    it("refuses the customer's (N+1)th ticket of the clock hour with 429 TOO_MANY_TICKETS until the hour ends", async () => {
      // Prepare: 10:00 plus 15 minutes
      const { deps } = setup();
      const createTicket = makeCreateTicket(deps, { maxTicketsPerHour: 2 });
      deps.clock.advance(15 * 60_000);
      await createTicket(customer('c-1'), inquiry('one'));
      await createTicket(customer('c-1'), inquiry('two'));

      // Act
      const refused = await createTicket(customer('c-1'), inquiry('three')).catch((error: unknown) => error);

      // Assess
      expect(refused).toBeInstanceOf(TooManyRequestsError);
      expect(refused).toMatchObject({ code: 'TOO_MANY_TICKETS', retryAfterSeconds: 45 * 60 });
      expect(deps.tickets.writes).toBe(2);
      expect(deps.tickets.stored('id-3')).toBeUndefined();
      // The next hour starts afresh; another customer was never limited.
      const other = await createTicket(customer('c-2'), request({ orderId: 'o-2' }));
      expect(deps.tickets.stored(other.id)?.customerId).toBe('c-2');
      deps.clock.advance(45 * 60_000);
      const nextHour = await createTicket(customer('c-1'), inquiry('four'));
      expect(deps.tickets.stored(nextHour.id)?.customerId).toBe('c-1');
    });

    it('does not count tickets staff open for the customer, nor a create that fails', async () => {
      // Prepare
      const { deps } = setup();
      const createTicket = makeCreateTicket(deps, { maxTicketsPerHour: 1 });
      await createTicket(agent(), { ...inquiry('phoned in'), customerId: 'c-1', channel: 'phone' });
      const failed = await createTicket(
        customer('c-1'),
        request({ items: [{ sku: 'KETTLE-1', quantity: 99 }] }),
      ).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(BusinessRuleError);

      // Act
      const view = await createTicket(customer('c-1'), inquiry('mine'));

      // Assess
      expect(deps.tickets.stored(view.id)?.customerId).toBe('c-1');
      expect(deps.tickets.opened.get('c-1#2026-11-20T10')).toBe(1);
    });
  });
});
