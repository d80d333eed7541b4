import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, assignerActed, eventually, expectEmails, orderFacts, startApi } from './support.js';

let api: Api;
let shop: string;
let agent: string;

let seq = 0;
async function customerWithOrder() {
  seq += 1;
  const customerId = `m-${seq}-${Date.now()}`;
  const orderId = `o-${customerId}`;
  const put = await api.call('PUT', `/v1/orders/${orderId}`, {
    token: shop,
    body: orderFacts(customerId, { locale: 'en' }),
  });
  expect(put.status).toBe(201);
  const token = await api.token(customerId, ['customers'], { locale: 'en' });
  return { customerId, orderId, token, address: `${customerId}@example.com` };
}

/**
 * A drop-off return of one kettle: past the assigner's placement (waited for here), no worker
 * moves it before staff do, so versions seen by the tests are theirs.
 */
async function openReturn(token: string, orderId: string, description: string) {
  const response = await api.call('POST', '/v1/tickets', {
    token,
    body: {
      type: 'return',
      orderId,
      items: [{ sku: 'KETTLE-1', quantity: 1 }],
      reason: 'defective',
      returnMethod: 'dropoff',
      description,
    },
  });
  expect(response.status).toBe(201);
  const id = response.body.id as string;
  await eventually(
    async () => (await api.call('GET', `/v1/tickets/${id}`, { token: agent })).body,
    (ticket) => assignerActed(ticket),
  );
  return id;
}

const act = (ticketId: string, token: string, body: Record<string, unknown>) =>
  api.call('POST', `/v1/tickets/${ticketId}/actions`, { token, body });
const read = async (ticketId: string, token: string) =>
  (await api.call('GET', `/v1/tickets/${ticketId}`, { token })).body;
const claimed = async (orderId: string) => {
  const order = await api.call('GET', `/v1/orders/${orderId}`, { token: shop });
  return order.body.items.find((item: { sku: string }) => item.sku === 'KETTLE-1').claimedQuantity as number;
};

beforeAll(async () => {
  api = await startApi();
  [shop, agent] = await Promise.all([
    api.token('shop-platform', ['integrations']),
    api.token('agent-1', ['agents']),
  ]);
});
afterAll(async () => api?.runtime.stop());

describe('tags', () => {
  it('adds and removes tags for staff; the same tag twice writes nothing; customers never see them', async () => {
    const customer = await customerWithOrder();
    const id = await openReturn(customer.token, customer.orderId, 'The kettle leaks.');

    const added = await act(id, agent, { action: 'add_tag', tag: 'leak' });
    const again = await act(id, agent, { action: 'add_tag', tag: 'leak' });
    const second = await act(id, agent, { action: 'add_tag', tag: 'kettle_2026' });
    const removed = await act(id, agent, { action: 'remove_tag', tag: 'leak' });
    const invalid = await act(id, agent, { action: 'add_tag', tag: 'Not A Slug' });
    const byCustomer = await act(id, customer.token, { action: 'add_tag', tag: 'mine' });
    const staffView = await read(id, agent);
    const customerView = await read(id, customer.token);

    expect(added.body.tags).toEqual(['leak']);
    expect(again.body).toMatchObject({ tags: ['leak'], version: added.body.version });
    expect(second.body.tags).toEqual(['leak', 'kettle_2026']);
    expect(removed.body.tags).toEqual(['kettle_2026']);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error: { path: string }) => error.path)).toEqual(['tag']);
    expect(byCustomer.status).toBe(403);
    expect(staffView.tags).toEqual(['kettle_2026']);
    const tagEvents = staffView.timeline.filter((event: { type: string }) => event.type.startsWith('Tag'));
    expect(
      tagEvents.map((event: { type: string; data: { tag: string } }) => [event.type, event.data.tag]),
    ).toEqual([
      ['TagAdded', 'leak'],
      ['TagAdded', 'kettle_2026'],
      ['TagRemoved', 'leak'],
    ]);
    expect(customerView).not.toHaveProperty('tags');
    expect(JSON.stringify(customerView.timeline)).not.toContain('Tag');
  });
});

describe('merge', () => {
  it('closes the duplicate into the other ticket: units back, messages copied, one email to the customer', async () => {
    const customer = await customerWithOrder();
    const source = await openReturn(customer.token, customer.orderId, 'The kettle leaks.');
    const target = await openReturn(customer.token, customer.orderId, 'Water everywhere from the kettle.');
    const reply = await api.call('POST', `/v1/tickets/${source}/messages`, {
      token: customer.token,
      body: { body: 'Here is a photo of the puddle.' },
    });
    expect(reply.status).toBe(201);
    await api.call('POST', `/v1/tickets/${source}/messages`, {
      token: agent,
      body: { body: 'Same parcel as the other ticket.', internal: true },
    });
    await expectEmails(api, customer.address, 2, 500); // the two acknowledgements
    expect(await claimed(customer.orderId)).toBe(2);

    const merged = await act(source, agent, { action: 'merge', intoTicketId: target });

    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ status: 'closed', mergedInto: target });
    expect(await claimed(customer.orderId)).toBe(1);
    const emails = await expectEmails(api, customer.address, 3, 500);
    expect(emails[2]?.subject).toContain('Your requests continue as one return');
    const staffView = await read(target, agent);
    const copies = staffView.timeline.filter((event: { type: string }) => event.type === 'MessageCopied');
    expect(
      copies.map((event: { data: { body: string }; visibility: string }) => [
        event.data.body,
        event.visibility,
      ]),
    ).toEqual([
      ['The kettle leaks.', 'public'],
      ['Here is a photo of the puddle.', 'public'],
      ['Same parcel as the other ticket.', 'internal'],
    ]);
    expect(copies[1].actor).toEqual({ id: customer.customerId, role: 'customer' });
    expect(staffView.timeline.at(-1)).toMatchObject({
      type: 'TicketMergedIn',
      data: { mergedFrom: source, messages: 3, releasedUnits: 1 },
    });
    const customerView = await read(target, customer.token);
    expect(JSON.stringify(customerView.timeline)).not.toContain('Same parcel as the other ticket.');
    expect((await read(source, customer.token)).mergedInto).toBe(target);
  });

  it('refuses with 422 and a code: itself, another order, another customer, a target no longer open', async () => {
    const customer = await customerWithOrder();
    const other = await customerWithOrder();
    const source = await openReturn(customer.token, customer.orderId, 'Leaks.');
    const resolved = await openReturn(customer.token, customer.orderId, 'Leaks too.');
    const otherCustomers = await openReturn(other.token, other.orderId, 'Mine leaks.');
    const otherOrder = `${customer.orderId}-2`;
    await api.call('PUT', `/v1/orders/${otherOrder}`, {
      token: shop,
      body: orderFacts(customer.customerId, { locale: 'en' }),
    });
    const onOtherOrder = await openReturn(customer.token, otherOrder, 'Another kettle.');
    expect((await act(resolved, agent, { action: 'resolve' })).status).toBe(200);

    const codes = [];
    for (const intoTicketId of [source, onOtherOrder, otherCustomers, resolved]) {
      const refused = await act(source, agent, { action: 'merge', intoTicketId });
      expect(refused.status).toBe(422);
      codes.push(refused.body.code);
    }

    expect(codes).toEqual([
      'MERGE_SAME_TICKET',
      'MERGE_DIFFERENT_ORDER',
      'MERGE_DIFFERENT_CUSTOMER',
      'MERGE_TARGET_NOT_OPEN',
    ]);
    expect((await read(source, agent)).status).toBe('requested');
  });
});

describe('reopen', () => {
  async function assignedInquiry(token: string) {
    const created = await api.call('POST', '/v1/tickets', {
      token,
      body: { type: 'inquiry', reason: 'other', description: 'Is the kettle 220V?' },
    });
    expect(created.status).toBe(201);
    const placed = await eventually(
      () => read(created.body.id, agent),
      (view) => Boolean(view.assigneeId),
    );
    return { id: created.body.id as string, assigneeId: placed.assigneeId as string };
  }
  const lastAutoAssignment = (view: { timeline: { type: string; data: { reason: string } }[] }) =>
    view.timeline.filter((event) => event.type === 'TicketAutoAssigned').at(-1)?.data.reason ?? '';

  it('gives a reopened ticket back to its last assignee when they are available with room', async () => {
    const customer = await customerWithOrder();
    const { id, assigneeId } = await assignedInquiry(customer.token);
    const owner = await api.token(assigneeId, ['agents']);
    expect((await act(id, owner, { action: 'resolve', summary: 'Yes.' })).status).toBe(200);

    const replied = await api.call('POST', `/v1/tickets/${id}/messages`, {
      token: customer.token,
      body: { body: 'And in Macau?' },
    });
    const back = await eventually(
      () => read(id, agent),
      (view) => view.assigneeId === assigneeId && lastAutoAssignment(view).includes('reopened'),
    );

    expect(replied.status).toBe(201);
    expect(back.status).toBe('open');
    expect(lastAutoAssignment(back)).toContain(`back to the last assignee ${assigneeId}`);
  });

  it('assigns a reopened ticket to someone else when its last assignee is away', async () => {
    const customer = await customerWithOrder();
    const { id, assigneeId } = await assignedInquiry(customer.token);
    const owner = await api.token(assigneeId, ['agents']);
    expect((await act(id, owner, { action: 'resolve', summary: 'Yes.' })).status).toBe(200);
    const away = await api.call('PUT', '/v1/staff/me/availability', {
      token: owner,
      body: { available: false },
    });
    expect(away.status).toBe(200);

    try {
      const reopened = await act(id, agent, { action: 'reopen', reason: 'Not answered' });
      const elsewhere = await eventually(
        () => read(id, agent),
        (view) => Boolean(view.assigneeId),
      );

      expect(reopened.body.assigneeId).toBeNull();
      expect(elsewhere.assigneeId).not.toBe(assigneeId);
      expect(lastAutoAssignment(elsewhere)).toContain(`last assignee ${assigneeId} cannot take it`);
    } finally {
      await api.call('PUT', '/v1/staff/me/availability', { token: owner, body: { available: true } });
    }
  });
});
