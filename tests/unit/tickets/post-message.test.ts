import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../../functions/shared/derived-id.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../functions/shared/errors.js';
import { applyAction } from '../../../functions/tickets/domain/lifecycle.js';
import { makeGetTicket } from '../../../functions/tickets/use-cases/get-ticket.js';
import { makePostMessage } from '../../../functions/tickets/use-cases/post-message.js';
import { lifecycleOf } from '../../../functions/tickets/workflows/lifecycles.js';
import { agent, aTicket, customer, HOUR, iso, plus, T0, ticketDeps } from '../../fixtures/builders.js';

function setup(ticket = aTicket({ id: 't-1', customerId: 'c-1' })) {
  const deps = ticketDeps();
  deps.tickets.seed(ticket);
  deps.clock.set(plus(T0, 2 * HOUR));
  return { deps, postMessage: makePostMessage(deps), getTicket: makeGetTicket(deps) };
}

describe('makePostMessage', () => {
  it('forbids a customer to write an internal note, and writes nothing', async () => {
    // Prepare
    const { deps, postMessage } = setup();

    // Act
    const attempt = postMessage(customer('c-1'), 't-1', { body: 'psst', internal: true });

    // Assess
    await expect(attempt).rejects.toThrow(ForbiddenError);
    expect(deps.tickets.writes).toBe(0);
  });

  it("reports another customer's ticket as not found", async () => {
    // Prepare
    const { postMessage } = setup();

    // Act
    const attempt = postMessage(customer('c-2'), 't-1', { body: 'Hello', internal: false });

    // Assess
    await expect(attempt).rejects.toThrow(NotFoundError);
  });

  it('stores a public staff message as the first response', async () => {
    // Prepare
    const { deps, postMessage } = setup();

    // Act
    const message = await postMessage(agent('a-1'), 't-1', { body: 'We are on it.', internal: false });

    // Assess
    expect(message).toMatchObject({
      type: 'MessageAdded',
      visibility: 'public',
      actor: { id: 'a-1', role: 'agent' },
      data: { body: 'We are on it.', internal: false },
      at: iso(T0, 2 * HOUR),
    });
    const stored = deps.tickets.stored('t-1');
    expect(stored?.version).toBe(2);
    expect(stored?.sla.clocks.firstResponse?.completedAt).toBe(iso(T0, 2 * HOUR));
  });

  it("keeps an internal note out of the first response and out of the customer's view", async () => {
    // Prepare
    const { deps, postMessage, getTicket } = setup();

    // Act
    await postMessage(agent(), 't-1', { body: 'Check the serial number.', internal: true });

    // Assess
    expect(deps.tickets.stored('t-1')?.sla.clocks.firstResponse?.completedAt).toBeNull();
    const forCustomer = await getTicket(customer('c-1'), 't-1');
    const forAgent = await getTicket(agent(), 't-1');
    expect(forCustomer.timeline?.some((event) => event.type === 'MessageAdded')).toBe(false);
    expect(forAgent.timeline?.filter((event) => event.type === 'MessageAdded')).toHaveLength(1);
  });

  it('resumes a ticket waiting on the customer when the customer answers', async () => {
    // Prepare
    const opened = aTicket({ id: 't-1', type: 'refund', customerId: 'c-1' });
    const waiting = applyAction(lifecycleOf('refund'), {
      ticket: opened,
      input: { action: 'request_info' },
      actorId: 'a-1',
      roles: agent('a-1').roles,
      now: plus(T0, HOUR),
    }).ticket;
    const { deps, postMessage } = setup(waiting);

    // Act
    await postMessage(customer('c-1'), 't-1', { body: 'Here is the photo.', internal: false });

    // Assess
    expect(deps.tickets.stored('t-1')?.status).toBe('requested');
    expect(deps.tickets.timeline('t-1').map((event) => event.type)).toEqual([
      'MessageAdded',
      'TicketResumed',
    ]);
  });

  it('refuses a message on a closed ticket with TICKET_CLOSED', async () => {
    // Prepare
    const { deps, postMessage } = setup(aTicket({ id: 't-1', status: 'closed' }));

    // Act
    const attempt = postMessage(customer('c-1'), 't-1', { body: 'One more thing', internal: false });

    // Assess
    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'TICKET_CLOSED' });
    expect(deps.tickets.writes).toBe(0);
  });

  it('appends the message once when another write lands first', async () => {
    // Prepare
    const { deps, postMessage } = setup();
    deps.tickets.interfereOnNextUpdate((stored) => ({ ...stored, assigneeId: 'a-2' }));

    // Act
    await postMessage(customer('c-1'), 't-1', { body: 'Any news?', internal: false });

    // Assess
    expect(deps.tickets.conflicts).toBe(1);
    expect(deps.tickets.stored('t-1')).toMatchObject({ assigneeId: 'a-2', version: 3 });
    expect(deps.tickets.timeline('t-1').filter((event) => event.type === 'MessageAdded')).toHaveLength(1);
  });

  it('lands a message however many writers get there first (no fixed number of tries)', async () => {
    // Prepare: five other writes land between each read and write
    const { deps, postMessage } = setup();
    for (let i = 0; i < 5; i++) deps.tickets.interfereOnNextUpdate((stored) => ({ ...stored }));

    // Act
    await postMessage(customer('c-1'), 't-1', { body: 'Any news?', internal: false });

    // Assess
    expect(deps.tickets.conflicts).toBe(5);
    expect(deps.tickets.stored('t-1')?.version).toBe(7);
    expect(deps.tickets.timeline('t-1').filter((event) => event.type === 'MessageAdded')).toHaveLength(1);
  });

  describe('under an Idempotency-Key', () => {
    const messages = (deps: ReturnType<typeof setup>['deps']) =>
      deps.tickets.timeline('t-1').filter((event) => event.type === 'MessageAdded');

    it('derives the id from caller, ticket and key, and a second run answers the first message', async () => {
      // Prepare
      const { deps, postMessage } = setup();
      const first = await postMessage(
        customer('c-1'),
        't-1',
        { body: 'Any news?', internal: false },
        { idempotencyKey: 'k-1' },
      );

      // Act: the same request runs again (its idempotency record did not stop it)
      deps.clock.set(plus(T0, 3 * HOUR));
      const second = await postMessage(
        customer('c-1'),
        't-1',
        { body: 'Any news?', internal: false },
        { idempotencyKey: 'k-1' },
      );

      // Assess
      expect(first?.id).toBe(messageIdFor('c-1', 't-1', 'k-1'));
      expect(second).toEqual(first);
      expect(messages(deps)).toHaveLength(1);
      expect(deps.tickets.writes).toBe(1);
    });

    it('answers the first message when it landed between the check and the write', async () => {
      // Prepare: the second run's check does not see the first message yet
      const { deps, postMessage } = setup();
      const input = { body: 'Any news?', internal: false };
      const first = await postMessage(customer('c-1'), 't-1', input, { idempotencyKey: 'k-1' });
      const read = deps.tickets.getWithTimeline.bind(deps.tickets);
      let reads = 0;
      deps.tickets.getWithTimeline = async (id) => {
        const found = await read(id);
        return ++reads === 1 && found ? { ...found, events: [] } : found;
      };

      // Act
      const second = await postMessage(customer('c-1'), 't-1', input, { idempotencyKey: 'k-1' });

      // Assess: the claim on the message id refused the second write
      expect(second).toEqual(first);
      expect(messages(deps)).toHaveLength(1);
      expect(deps.tickets.writes).toBe(1);
    });

    it('answers the first message even after the ticket closed', async () => {
      // Prepare
      const { deps, postMessage } = setup();
      const input = { body: 'Thanks!', internal: false };
      const first = await postMessage(customer('c-1'), 't-1', input, { idempotencyKey: 'k-1' });
      const stored = deps.tickets.stored('t-1');
      if (stored) deps.tickets.seed({ ...stored, status: 'closed' }, deps.tickets.timeline('t-1'));

      // Act
      const second = await postMessage(customer('c-1'), 't-1', input, { idempotencyKey: 'k-1' });

      // Assess
      expect(second).toEqual(first);
    });

    it('refuses the key with another body as IDEMPOTENCY_KEY_REUSED, and posts separate keys separately', async () => {
      // Prepare
      const { deps, postMessage } = setup();
      await postMessage(
        customer('c-1'),
        't-1',
        { body: 'Any news?', internal: false },
        { idempotencyKey: 'k-1' },
      );

      // Act
      const reused = postMessage(
        customer('c-1'),
        't-1',
        { body: 'Something else', internal: false },
        { idempotencyKey: 'k-1' },
      );
      await expect(reused).rejects.toThrow(ConflictError);
      await postMessage(
        customer('c-1'),
        't-1',
        { body: 'Any news?', internal: false },
        { idempotencyKey: 'k-2' },
      );
      await postMessage(
        agent('a-1'),
        't-1',
        { body: 'Any news?', internal: false },
        { idempotencyKey: 'k-1' },
      );

      // Assess
      await expect(reused).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(messages(deps)).toHaveLength(3);
    });
  });
});
