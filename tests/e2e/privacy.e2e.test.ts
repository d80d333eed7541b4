import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, emailsTo, eventually, orderFacts, startApi } from './support.js';

let api: Api;
let shop: string;
let agent: string;
let admin: string;

async function customerWithTicket(name: string, description: string) {
  const customerId = `${name}-${Date.now()}`;
  const orderId = `o-${customerId}`;
  const put = await api.call('PUT', `/v1/orders/${orderId}`, {
    token: shop,
    body: orderFacts(customerId, { customerName: `${name} Example` }),
  });
  expect(put.status).toBe(201);
  const token = await api.token(customerId, ['customers']);
  const created = await api.call('POST', '/v1/tickets', {
    token,
    body: { type: 'inquiry', orderId, reason: 'other', description },
  });
  expect(created.status).toBe(201);
  return {
    customerId,
    orderId,
    token,
    address: `${customerId}@example.com`,
    ticketId: created.body.id as string,
  };
}

const message = (ticketId: string, body: string, internal = false) =>
  api.call('POST', `/v1/tickets/${ticketId}/messages`, { token: agent, body: { body, internal } });

// Reports over a fixed period, so that two reads compare whole.
const period = `?from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(
  new Date(Date.now() + 86_400_000).toISOString(),
)}`;

/** The summary without the moment it was computed. */
async function report() {
  const { generatedAt: _, ...figures } = (
    await api.call('GET', `/v1/reports/summary${period}`, { token: admin })
  ).body;
  return figures;
}

let ann: Awaited<ReturnType<typeof customerWithTicket>>;

beforeAll(async () => {
  api = await startApi();
  [shop, agent, admin] = await Promise.all([
    api.token('shop-platform', ['integrations']),
    api.token('agent-1', ['agents']),
    api.token('adm-1', ['admins']),
  ]);
  ann = await customerWithTicket('ann', 'My kettle from Qingdao Road 7 leaks at the base.');
  expect((await message(ann.ticketId, 'Customer sounded upset on the phone.', true)).status).toBe(201);
  expect((await message(ann.ticketId, 'Please send us a photo of the base.')).status).toBe(201);
  // The acknowledgement and the reply reach Ann: the sent log has them for the export.
  await eventually(
    () => emailsTo(api, ann.address),
    (emails) => emails.length >= 2,
  );
});
afterAll(async () => api?.runtime.stop());

describe('data export', () => {
  it('gives the customer their own data, without internal notes or staff ids', async () => {
    const response = await api.call('GET', '/v1/me/data', { token: ann.token });

    expect(response.status).toBe(200);
    const data = response.body;
    expect(data).toMatchObject({ customerId: ann.customerId, erasure: null });
    expect(data.orders).toEqual([expect.objectContaining({ id: ann.orderId, customerEmail: ann.address })]);
    expect(data.tickets).toEqual([
      expect.objectContaining({ id: ann.ticketId, description: expect.stringContaining('Qingdao Road 7') }),
    ]);
    expect(data.messages.map((m: { body: string }) => m.body)).toEqual([
      'Please send us a photo of the base.',
    ]);
    expect(data.emails.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(data)).not.toContain('sounded upset');
    expect(JSON.stringify(data)).not.toContain('agent-1');
  });

  it('gives an admin everything, internal notes included; nobody else reads another customer', async () => {
    const response = await api.call('GET', `/v1/customers/${ann.customerId}/data`, { token: admin });

    expect(response.status).toBe(200);
    expect(response.body.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ body: 'Customer sounded upset on the phone.', internal: true }),
      ]),
    );
    expect((await api.call('GET', `/v1/customers/${ann.customerId}/data`, { token: ann.token })).status).toBe(
      403,
    );
    expect((await api.call('GET', `/v1/customers/${ann.customerId}/data`, { token: agent })).status).toBe(
      403,
    );
  });
});

describe('minimal customer views', () => {
  it('shows the customer their ticket, list, messages and actions without staff ids or desk internals', async () => {
    const bob = await customerWithTicket('bob', 'The lid of my kettle will not close.');
    const act = (token: string, body: object) =>
      api.call('POST', `/v1/tickets/${bob.ticketId}/actions`, { token, body });
    // The assigner may have given the ticket to another agent already: an admin hands it to agent-1.
    expect((await act(admin, { action: 'assign', assigneeId: 'agent-1' })).status).toBe(200);
    expect((await message(bob.ticketId, 'Kept an eye on this one.', true)).status).toBe(201);
    expect((await message(bob.ticketId, 'Press the hinge until it clicks.')).status).toBe(201);

    const staffView = await api.call('GET', `/v1/tickets/${bob.ticketId}`, { token: agent });
    const ticket = await api.call('GET', `/v1/tickets/${bob.ticketId}`, { token: bob.token });
    const list = await api.call('GET', '/v1/tickets', { token: bob.token });
    const reply = await api.call('POST', `/v1/tickets/${bob.ticketId}/messages`, {
      token: bob.token,
      body: { body: 'That worked, thanks.' },
    });
    expect((await act(agent, { action: 'resolve', summary: 'Hinge reset.' })).status).toBe(200);
    const closed = await act(bob.token, { action: 'close' });

    // Staff keep the whole ticket; every answer to the customer is the CustomerTicket family
    // (the contract checker validated each against the document).
    expect(staffView.body).toMatchObject({ assigneeId: 'agent-1', team: expect.any(String) });
    expect(ticket.status).toBe(200);
    expect(list.status).toBe(200);
    expect(reply.status).toBe(201);
    expect(closed.status).toBe(200);
    for (const body of [ticket.body, list.body, reply.body, closed.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain('agent-1');
      expect(text).not.toContain('Kept an eye on this one.');
      for (const key of [
        'assigneeId',
        'priority',
        'team',
        'customerTier',
        'escalationLevel',
        'tags',
        'visibility',
      ])
        expect(text).not.toContain(`"${key}"`);
    }
    const timeline = ticket.body.timeline as { type: string; actor: object; data: { body?: string } }[];
    expect(timeline.find((event) => event.type === 'TicketCreated')?.actor).toEqual({ role: 'customer' });
    expect(timeline.find((event) => event.data.body === 'Press the hinge until it clicks.')?.actor).toEqual({
      role: 'support',
    });
    expect(ticket.body.sla).not.toHaveProperty('policyId');
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: bob.ticketId,
        number: expect.stringMatching(/^#/),
      }),
    ]);
    expect(reply.body).toMatchObject({ type: 'MessageAdded', actor: { role: 'customer' } });
    expect(closed.body).toMatchObject({ status: 'closed' });
    // The report counts the close one stream hop later; the erasure below compares reports taken
    // before and after it, so this suite leaves only once the report has caught up.
    await eventually(report, (figures) => (figures.byStatus?.closed ?? 0) >= 1);
  });
});

describe('erasure', () => {
  let erasureId: string;
  let reportBefore: unknown;

  it('answers 202 with the erasure, then runs it to done', async () => {
    reportBefore = await report();

    const requested = await api.call('DELETE', `/v1/customers/${ann.customerId}`, { token: admin });

    expect(requested.status).toBe(202);
    erasureId = requested.body.id;
    expect(requested.headers.get('location')).toBe(`/v1/erasures/${erasureId}`);
    expect(requested.body).toMatchObject({ customerId: ann.customerId, run: 1, requestedBy: 'adm-1' });
    const done = await eventually(
      async () => (await api.call('GET', `/v1/erasures/${erasureId}`, { token: admin })).body,
      (job) => job.status === 'done',
      20_000,
    );
    expect(done).toMatchObject({ status: 'done', run: 1, finishedAt: expect.any(String) });
    expect(done.stepsDone).toBe(done.plannedSteps);
    expect(done.progress).toMatchObject({ tickets: 1, orders: 1 });
    // The two messages; TicketCreated holds no free text.
    expect(done.progress.timelineEvents).toBe(2);
    expect(done.progress.sentEmails).toBeGreaterThanOrEqual(2);
  });

  it('leaves no personal text in the ticket, and the reports as they were', async () => {
    const ticket = await api.call('GET', `/v1/tickets/${ann.ticketId}`, { token: admin });

    expect(ticket.status).toBe(200);
    const text = JSON.stringify(ticket.body);
    for (const personal of ['Qingdao Road 7', 'sounded upset', 'photo of the base', ann.address]) {
      expect(text).not.toContain(personal);
    }
    expect(ticket.body).toMatchObject({ type: 'inquiry', reason: 'other', description: '[erased]' });
    const order = await api.call('GET', `/v1/orders/${ann.orderId}`, { token: admin });
    expect(JSON.stringify(order.body)).not.toContain(ann.address);
    expect(JSON.stringify(order.body)).not.toContain('ann Example');
    expect(await report()).toEqual(reportBefore);
  });

  it('tells the shop platform on the bus', async () => {
    const events = await eventually(
      async () =>
        (await api.call('GET', '/_local/events')).body.events as {
          detail: { type: string; data: Record<string, unknown> };
        }[],
      (all) => all.some((e) => e.detail.type === 'CustomerErased'),
    );
    expect(events.filter((e) => e.detail.type === 'CustomerErased')).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({
          data: expect.objectContaining({ customerId: ann.customerId, erasureId, run: 1 }),
        }),
      }),
    ]);
  });

  it('mails the erased customer nothing more', async () => {
    const before = (await emailsTo(api, ann.address)).length;
    expect((await message(ann.ticketId, 'We have shipped a replacement.')).status).toBe(201);
    // A later reply to another customer is mailed: the notifier has worked past Ann's.
    const bob = await customerWithTicket('bob', 'The lid is loose.');
    expect((await message(bob.ticketId, 'A new lid is on its way.')).status).toBe(201);
    await eventually(
      () => emailsTo(api, bob.address),
      (emails) => emails.length >= 2,
    );
    expect(await emailsTo(api, ann.address)).toHaveLength(before);
  });

  it('is idempotent: asking again names the same erasure, and its new run erases nothing twice', async () => {
    const first = (await api.call('GET', `/v1/erasures/${erasureId}`, { token: admin })).body;

    const again = await api.call('DELETE', `/v1/customers/${ann.customerId}`, { token: admin });

    expect(again.status).toBe(202);
    expect(again.body.id).toBe(erasureId);
    const done = await eventually(
      async () => (await api.call('GET', `/v1/erasures/${erasureId}`, { token: admin })).body,
      (job) => job.status === 'done' && job.run === 2,
      20_000,
    );
    // Only what arrived after the first run is new: the reply above, and the ticket's erasure mark,
    // which the reply's write of the ticket dropped (the ticket repository does not keep
    // `erasedAt` yet), so the run writes the ticket's tombstones again.
    expect(done.progress.tickets).toBe(first.progress.tickets + 1);
    expect(done.progress.orders).toBe(first.progress.orders);
    expect(done.progress.timelineEvents).toBe(first.progress.timelineEvents + 1);
    expect((await api.call('GET', `/v1/erasures/${erasureId}`, { token: agent })).status).toBe(403);
    expect(
      (await api.call('GET', '/v1/erasures/00000000-0000-8000-8000-000000000000', { token: admin })).status,
    ).toBe(404);
  });
});
