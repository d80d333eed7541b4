import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, assignerActed, eventually, orderFacts, startApi } from './support.js';

let api: Api;
let shop: string;
let ann: string;
let bob: string;
let agent: string;
let otherAgent: string;
let supervisor: string;

const refundRequest = (orderId: string, quantity = 1) => ({
  type: 'refund',
  orderId,
  items: [{ sku: 'KETTLE-1', quantity }],
  // A parcel marked delivered that never arrived: never auto-approved, so these tests see the
  // ticket as they left it.
  reason: 'not_received',
  description: 'The parcel never came.',
  channel: 'web',
});

let orderSeq = 0;
async function pushOrder(customerId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  orderSeq += 1;
  const orderId = `o-${orderSeq}-${Date.now()}`;
  const response = await api.call('PUT', `/v1/orders/${orderId}`, {
    token: shop,
    body: orderFacts(customerId, overrides),
  });
  expect(response.status).toBe(201);
  return orderId;
}

async function openRefund(token: string, orderId: string) {
  const response = await api.call('POST', '/v1/tickets', { token, body: refundRequest(orderId) });
  expect(response.status).toBe(201);
  return response.body;
}

/** Rewinds the stored Idempotency-Key record whose response holds `id` to "in progress, expired". */
async function markInProgressAndExpired(id: string): Promise<void> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: api.runtime.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  try {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: api.runtime.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'IDEMPOTENCY' },
        ConsistentRead: true,
      }),
    );
    const record = Items.find((item) => (item.data as { id?: string } | undefined)?.id === id);
    expect(record).toBeDefined();
    await client.send(
      new UpdateCommand({
        TableName: api.runtime.tableName,
        Key: { PK: record?.PK, SK: record?.SK },
        UpdateExpression: 'SET #status = :inProgress, in_progress_expiration = :past REMOVE #data',
        ExpressionAttributeNames: { '#status': 'status', '#data': 'data' },
        ExpressionAttributeValues: { ':inProgress': 'INPROGRESS', ':past': Date.now() - 1000 },
      }),
    );
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  api = await startApi();
  [shop, ann, bob, agent, otherAgent, supervisor] = await Promise.all([
    api.token('shop-platform', ['integrations']),
    api.token('ann', ['customers'], { email: 'ann@example.com', locale: 'zh-CN' }),
    api.token('bob', ['customers'], { email: 'bob@example.com' }),
    api.token('agent-1', ['agents']),
    api.token('agent-2', ['agents']),
    api.token('sup-1', ['supervisors']),
  ]);
});
afterAll(async () => api?.runtime.stop());

describe('public routes', () => {
  it('answers health, the OpenAPI document and the docs page without a token', async () => {
    const health = await api.call('GET', '/v1/health');
    const openapi = await api.call('GET', '/v1/openapi.json');
    const docs = await api.call('GET', '/v1/docs');

    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toContain('/v1/tickets/{ticketId}/actions');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
    expect(docs.body).toContain('/v1/tickets');
  });

  it('answers a CORS preflight from a local frontend', async () => {
    const response = await fetch(`${api.url}/v1/tickets`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'idempotency-key',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
  });
});

describe('auth', () => {
  it('answers 401 without a token and with a forged one', async () => {
    const none = await api.call('GET', '/v1/tickets');
    const forged = await api.call('GET', '/v1/tickets', { token: `${ann.slice(0, -4)}AAAA` });

    expect(none.status).toBe(401);
    expect(forged.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 403 when the role may not use the route', async () => {
    const response = await api.call('PUT', '/v1/orders/o-x', { token: ann, body: orderFacts('ann') });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it('refuses to issue a local token for an unknown group, naming the field', async () => {
    const response = await api.call('POST', '/_local/token', { body: { sub: 'x', groups: ['wizards'] } });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'groups.0' })]);
  });
});

describe('orders', () => {
  it('stores order facts and reports totals and refundable quantities', async () => {
    const orderId = `o-facts-${Date.now()}`;
    const created = await api.call('PUT', `/v1/orders/${orderId}`, { token: shop, body: orderFacts('ann') });
    const updated = await api.call('PUT', `/v1/orders/${orderId}`, {
      token: shop,
      body: orderFacts('ann', { shippingFee: 0 }),
    });
    const read = await api.call('GET', `/v1/orders/${orderId}`, { token: ann });

    expect(created.status).toBe(201);
    expect(created.body.total).toBe(2 * 12900 + 4 * 2500 + 1000);
    expect(updated.status).toBe(200);
    expect(read.status).toBe(200);
    expect(read.body.total).toBe(2 * 12900 + 4 * 2500);
    expect(read.body.items[0]).toMatchObject({ sku: 'KETTLE-1', refundableQuantity: 2 });
  });

  it("lists a customer's own orders newest first, page by page; staff name the customer", async () => {
    const customerId = `lister-${Date.now()}`;
    const lister = await api.token(customerId, ['customers']);
    const placed = ['2026-11-01T08:00:00Z', '2026-11-03T08:00:00Z', '2026-11-02T08:00:00Z'];
    const orderIds: string[] = [];
    for (const placedAt of placed) orderIds.push(await pushOrder(customerId, { placedAt }));
    await pushOrder('bob');

    const first = await api.call('GET', '/v1/orders?limit=2', { token: lister });
    const second = await api.call('GET', `/v1/orders?limit=2&cursor=${first.body.nextCursor}`, {
      token: lister,
    });
    const asOther = await api.call('GET', `/v1/orders?customerId=${customerId}`, { token: bob });
    const asStaff = await api.call('GET', `/v1/orders?customerId=${customerId}`, { token: agent });
    const unnamed = await api.call('GET', '/v1/orders', { token: agent });
    const bad = await api.call('GET', '/v1/orders?limit=0&cursor=x&extra=1', { token: lister });

    expect(first.status).toBe(200);
    expect(first.body.items.map((order: { id: string }) => order.id)).toEqual([orderIds[1], orderIds[2]]);
    expect(first.body.items[0]).toEqual({
      id: orderIds[1],
      customerId,
      currency: 'CNY',
      placedAt: '2026-11-03T08:00:00Z',
      shippedAt: null,
      deliveredAt: expect.any(String),
      total: 2 * 12900 + 4 * 2500 + 1000,
      items: [
        { sku: 'KETTLE-1', name: 'Electric kettle', quantity: 2 },
        { sku: 'MUG-1', name: 'Mug', quantity: 4 },
      ],
      ticketCount: 0,
    });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: orderIds[0] })], nextCursor: null });
    expect(asOther.body.items.every((order: { customerId: string }) => order.customerId === 'bob')).toBe(
      true,
    );
    expect(asStaff.body.items).toHaveLength(3);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors).toEqual([expect.objectContaining({ path: 'query.customerId' })]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['query.limit', 'query.extra']),
    );
  });

  it("hides another customer's order as 404", async () => {
    const orderId = await pushOrder('ann');

    const response = await api.call('GET', `/v1/orders/${orderId}`, { token: bob });

    expect(response.status).toBe(404);
  });

  it('lists every invalid field of an order', async () => {
    const response = await api.call('PUT', '/v1/orders/o-bad', {
      token: shop,
      body: {
        ...orderFacts('ann'),
        currency: 'yuan',
        items: [{ sku: 'A', name: 'A', quantity: 0, unitPrice: -1 }],
        extra: 1,
      },
    });

    expect(response.status).toBe(400);
    const paths = response.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['currency', 'items.0.quantity', 'items.0.unitPrice', 'extra']),
    );
  });

  it('stores shipping time, customer name, time zone and line discounts, and totals after discounts', async () => {
    const orderId = `o-discount-${Date.now()}`;
    const facts = orderFacts('ann');
    const [kettle, mug] = facts.items;
    const body = {
      ...facts,
      shippedAt: '2026-11-02T08:00:00Z',
      customerName: 'Ann',
      timeZone: 'Asia/Shanghai',
      items: [{ ...kettle, discount: 2900, finalSale: true }, mug],
    };

    const created = await api.call('PUT', `/v1/orders/${orderId}`, { token: shop, body });
    const bad = await api.call('PUT', `/v1/orders/${orderId}-bad`, {
      token: shop,
      body: { ...body, shippedAt: '2026-10-31T08:00:00Z', timeZone: 'Mars/Olympus' },
    });
    const read = await api.call('GET', `/v1/orders/${orderId}`, { token: ann });

    expect(created.status).toBe(201);
    expect(read.body).toMatchObject({
      shippedAt: '2026-11-02T08:00:00Z',
      customerName: 'Ann',
      timeZone: 'Asia/Shanghai',
      total: 2 * 12900 - 2900 + 4 * 2500 + 1000,
    });
    expect(read.body.items[0]).toMatchObject({ discount: 2900, finalSale: true, claimedQuantity: 0 });
    expect(read.body.items[1]).toMatchObject({ discount: 0, finalSale: false });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['shippedAt', 'timeZone']);
  });

  it('refuses a line or an order total above 10^13 minor units, naming the field', async () => {
    const huge = { sku: 'GOLD-1', name: 'Gold', quantity: 10_000, unitPrice: 999_999_999_999 };
    const big = { sku: 'GOLD-2', name: 'Gold', quantity: 1, unitPrice: 9_000_000_000_000 };

    const line = await api.call('PUT', `/v1/orders/o-huge-${Date.now()}`, {
      token: shop,
      body: orderFacts('ann', { items: [huge] }),
    });
    const total = await api.call('PUT', `/v1/orders/o-total-${Date.now()}`, {
      token: shop,
      body: orderFacts('ann', { items: [big, { ...big, sku: 'GOLD-3' }] }),
    });

    expect(line.status).toBe(400);
    expect(line.headers.get('content-type')).toBe('application/problem+json');
    expect(line.body.errors).toEqual([expect.objectContaining({ path: 'items.0.unitPrice' })]);
    expect(total.status).toBe(400);
    expect(total.body.errors).toEqual([expect.objectContaining({ path: 'items' })]);
  });

  it('refuses to lower prices or shipping, or to change the customer, once a refund is paid', async () => {
    const customerId = `money-${Date.now()}`;
    const customerToken = await api.token(customerId, ['customers'], { email: `${customerId}@example.com` });
    const orderId = `o-money-${Date.now()}`;
    const facts = orderFacts(customerId);
    expect((await api.call('PUT', `/v1/orders/${orderId}`, { token: shop, body: facts })).status).toBe(201);
    const refund = await api.call('POST', '/v1/tickets', {
      token: customerToken,
      body: {
        type: 'refund',
        orderId,
        items: [{ sku: 'KETTLE-1', quantity: 1 }],
        reason: 'defective',
        description: 'It leaks.',
        channel: 'web',
      },
    });
    expect(refund.status).toBe(201);
    const refunded = await eventually(
      () => api.call('GET', `/v1/orders/${orderId}`, { token: shop }),
      (read) => read.body.items[0]?.refundedQuantity === 1,
      20_000,
    );
    expect(refunded.body.items[0]).toMatchObject({ refundedQuantity: 1, refundedAmount: 12900 });

    const [kettle, mug] = facts.items;
    const response = await api.call('PUT', `/v1/orders/${orderId}`, {
      token: shop,
      body: {
        ...facts,
        customerId: 'someone-else',
        shippingFee: 5,
        items: [{ ...kettle, unitPrice: 5 }, mug],
      },
    });
    const after = await api.call('GET', `/v1/orders/${orderId}`, { token: shop });

    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.code).toBe('ORDER_LINE_COMMITTED');
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'customerId',
      'items.0.unitPrice',
      'shippingFee',
    ]);
    expect(after.body).toMatchObject({ customerId, shippingFee: 1000, updatedAt: refunded.body.updatedAt });
    expect(after.body.items[0]).toMatchObject({ unitPrice: 12900, refundedQuantity: 1 });
  });
});

describe('tickets', () => {
  it('opens a refund from trusted order facts and reads it back with its timeline', async () => {
    const orderId = await pushOrder('ann');

    const created = await api.call('POST', '/v1/tickets', { token: ann, body: refundRequest(orderId) });
    const read = await api.call('GET', `/v1/tickets/${created.body.id}`, { token: ann });
    const forStaff = await api.call('GET', `/v1/tickets/${created.body.id}`, { token: agent });

    expect(created.status).toBe(201);
    // The customer's answer is their CustomerTicket; priority and customer id are the desk's.
    expect(forStaff.body).toMatchObject({ priority: 'normal', customerId: 'ann' });
    expect(created.body).not.toHaveProperty('priority');
    expect(created.body).toMatchObject({
      type: 'refund',
      status: 'requested',
      orderId,
      channel: 'web',
      items: [{ sku: 'KETTLE-1', name: 'Electric kettle', quantity: 1, unitPrice: 12900 }],
      refund: { amount: 12900, currency: 'CNY', status: 'pending' },
      sla: { firstResponse: { state: 'running' }, resolution: { state: 'running' } },
      allowedActions: ['cancel'],
      version: 1,
    });
    expect(read.status).toBe(200);
    expect(read.body.timeline.map((e: { type: string }) => e.type)).toEqual(['TicketCreated']);
  });

  it('opens each of the six types', async () => {
    const orderId = await pushOrder('ann');
    const bodies = [
      refundRequest(orderId),
      {
        type: 'return',
        orderId,
        items: [{ sku: 'MUG-1', quantity: 1 }],
        reason: 'defective',
        returnMethod: 'dropoff',
      },
      {
        type: 'exchange',
        orderId,
        items: [{ sku: 'KETTLE-1', quantity: 1 }],
        reason: 'size_or_fit',
        returnMethod: 'pickup',
        pickup: { address: '1 Road', window: { from: '2026-11-25T09:00:00Z', to: '2026-11-25T12:00:00Z' } },
      },
      // Every goods ticket claims its units: the two kettles are taken by the refund and the exchange.
      { type: 'repair', orderId, items: [{ sku: 'MUG-1', quantity: 1 }], reason: 'defective' },
      {
        type: 'complaint',
        orderId,
        reason: 'service',
        description: 'Nobody answered the phone.',
        channel: 'phone',
      },
      { type: 'inquiry', reason: 'other', description: 'Do you ship to Macau?', channel: 'wechat' },
    ];

    const responses = await Promise.all(
      bodies.map((body) => api.call('POST', '/v1/tickets', { token: ann, body })),
    );

    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(responses.map((r) => r.body.status)).toEqual([
      'requested',
      'requested',
      'requested',
      'requested',
      'open',
      'open',
    ]);
    expect(responses[2]?.body.pickup.address).toBe('1 Road');
  });

  it('lets an agent open a ticket for a customer from a phone call', async () => {
    const response = await api.call('POST', '/v1/tickets', {
      token: agent,
      body: {
        type: 'inquiry',
        customerId: 'ann',
        reason: 'other',
        description: 'Called about an invoice.',
        channel: 'phone',
      },
    });

    expect(response.status).toBe(201);
    expect(response.body.customerId).toBe('ann');
  });

  it('lists every invalid and unknown field of a ticket request', async () => {
    const response = await api.call('POST', '/v1/tickets', {
      token: ann,
      body: {
        type: 'refund',
        reason: 'because',
        channel: 'fax',
        items: [{ sku: 'A', quantity: 0 }],
        colour: 'red',
      },
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const paths = response.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['reason', 'channel', 'items.0.quantity', 'colour']));
  });

  it('answers 415 for a body that is not JSON and 413 for one too large, changing nothing', async () => {
    const before = await api.call('GET', '/v1/tickets?limit=100', { token: bob });
    const notJson = await api.call('POST', '/v1/tickets', {
      token: bob,
      rawBody: 'type=refund',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const tooLarge = await api.call('POST', '/v1/tickets', {
      token: bob,
      body: { type: 'inquiry', reason: 'other', description: 'x'.repeat(70 * 1024) },
    });
    const after = await api.call('GET', '/v1/tickets?limit=100', { token: bob });

    expect(notJson.status).toBe(415);
    expect(tooLarge.status).toBe(413);
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('refuses with 422 and a stable code what the order cannot cover', async () => {
    const orderId = await pushOrder('ann');

    const tooMany = await api.call('POST', '/v1/tickets', { token: ann, body: refundRequest(orderId, 3) });
    const unknownSku = await api.call('POST', '/v1/tickets', {
      token: ann,
      body: { ...refundRequest(orderId), items: [{ sku: 'NOPE', quantity: 1 }] },
    });

    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({
      code: 'EXCEEDS_REFUNDABLE',
      errors: [{ path: 'items.0.quantity' }],
    });
    expect(unknownSku.status).toBe(422);
    expect(unknownSku.body.code).toBe('ITEM_NOT_IN_ORDER');
  });

  it("answers 404 for another customer's order and ticket", async () => {
    const orderId = await pushOrder('ann');
    const ticket = await openRefund(ann, orderId);

    const openOnOthersOrder = await api.call('POST', '/v1/tickets', {
      token: bob,
      body: refundRequest(orderId),
    });
    const readOthersTicket = await api.call('GET', `/v1/tickets/${ticket.id}`, { token: bob });
    const actOnOthersTicket = await api.call('POST', `/v1/tickets/${ticket.id}/actions`, {
      token: bob,
      body: { action: 'cancel' },
    });
    const bobsList = await api.call('GET', '/v1/tickets?view=all', { token: bob });

    expect(openOnOthersOrder.status).toBe(404);
    expect(readOthersTicket.status).toBe(404);
    expect(actOnOthersTicket.status).toBe(404);
    expect(bobsList.body.items.map((t: { id: string }) => t.id)).not.toContain(ticket.id);
  });

  it("never shows an agent's internal note to the customer", async () => {
    const orderId = await pushOrder('ann');
    const ticket = await openRefund(ann, orderId);

    const note = await api.call('POST', `/v1/tickets/${ticket.id}/messages`, {
      token: agent,
      body: { body: 'Customer has refunded twice this month.', internal: true },
    });
    const reply = await api.call('POST', `/v1/tickets/${ticket.id}/messages`, {
      token: agent,
      body: { body: 'Sorry to hear that, we are on it.' },
    });
    const customerView = await api.call('GET', `/v1/tickets/${ticket.id}`, { token: ann });
    const agentView = await api.call('GET', `/v1/tickets/${ticket.id}`, { token: agent });
    const customerNote = await api.call('POST', `/v1/tickets/${ticket.id}/messages`, {
      token: ann,
      body: { body: 'sneaky', internal: true },
    });

    expect(note.status).toBe(201);
    expect(reply.status).toBe(201);
    expect(JSON.stringify(customerView.body)).not.toContain('refunded twice');
    expect(customerView.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'TicketCreated',
      'MessageAdded',
    ]);
    expect(customerView.body.sla.firstResponse.state).toBe('met');
    expect(JSON.stringify(agentView.body)).toContain('refunded twice');
    expect(customerNote.status).toBe(403);
  });

  it('walks the generic actions: take, ask the customer, resume on reply, resolve, reopen, close', async () => {
    const created = await api.call('POST', '/v1/tickets', {
      token: ann,
      body: { type: 'inquiry', reason: 'other', description: 'Is the kettle 220V?' },
    });
    const id = created.body.id;
    const act = (token: string, body: Record<string, unknown>) =>
      api.call('POST', `/v1/tickets/${id}/actions`, { token, body });

    const taken = await act(agent, { action: 'assign', assigneeId: 'agent-1' });
    const asked = await act(agent, { action: 'request_info', message: 'Which country are you in?' });
    const answered = await api.call('POST', `/v1/tickets/${id}/messages`, {
      token: ann,
      body: { body: 'Macau' },
    });
    const afterAnswer = await api.call('GET', `/v1/tickets/${id}`, { token: ann });
    const resolved = await act(agent, { action: 'resolve', summary: 'Yes, 220V.' });
    const reopened = await act(agent, { action: 'reopen' });
    await act(agent, { action: 'resolve' });
    const closed = await act(ann, { action: 'close' });

    expect(taken.body.assigneeId).toBe('agent-1');
    expect(asked.body.status).toBe('pending_customer');
    expect(asked.body.sla.resolution.state).toBe('paused');
    expect(answered.status).toBe(201);
    expect(afterAnswer.body.status).toBe('open');
    expect(afterAnswer.body.sla.resolution.state).toBe('running');
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.sla.resolution.state).toBe('met');
    expect(reopened.body.status).toBe('open');
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.allowedActions).toEqual([]);
  });

  it('answers 409 with the allowed actions when an action does not fit the state', async () => {
    const orderId = await pushOrder('ann');
    const ticket = await openRefund(ann, orderId);

    const response = await api.call('POST', `/v1/tickets/${ticket.id}/actions`, {
      token: agent,
      body: { action: 'reopen' },
    });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('ACTION_NOT_ALLOWED');
    expect(response.body.allowedActions).toEqual(
      expect.arrayContaining(['assign', 'request_info', 'resolve']),
    );
  });

  it('answers 403 when a customer tries a staff action, and when an agent reassigns a colleague', async () => {
    const orderId = await pushOrder('ann');
    const ticket = await openRefund(ann, orderId);

    const customer = await api.call('POST', `/v1/tickets/${ticket.id}/actions`, {
      token: ann,
      body: { action: 'resolve' },
    });
    await api.call('POST', `/v1/tickets/${ticket.id}/actions`, {
      token: agent,
      body: { action: 'assign', assigneeId: 'agent-1' },
    });
    const steal = await api.call('POST', `/v1/tickets/${ticket.id}/actions`, {
      token: otherAgent,
      body: { action: 'assign', assigneeId: 'agent-2' },
    });
    const reassign = await api.call('POST', `/v1/tickets/${ticket.id}/actions`, {
      token: supervisor,
      body: { action: 'assign', assigneeId: 'agent-2' },
    });

    expect(customer.status).toBe(403);
    expect(steal.status).toBe(403);
    expect(reassign.status).toBe(200);
    expect(reassign.body.assigneeId).toBe('agent-2');
  });

  it('lets exactly one of two concurrent updates with the same version win; the other gets 409', async () => {
    // An inquiry: after it opens, only the assigner writes to it (no money worker). The race runs
    // on the version the assigner's write leaves, so nothing else moves the ticket during it.
    const created = await api.call('POST', '/v1/tickets', {
      token: ann,
      body: { type: 'inquiry', reason: 'other', description: 'Does the kettle come in red?' },
    });
    expect(created.status).toBe(201);
    const settled = await eventually(
      async () => (await api.call('GET', `/v1/tickets/${created.body.id}`, { token: agent })).body,
      (ticket) => assignerActed(ticket),
    );
    const ticket = settled;
    const version = settled.version as number;

    const [first, second] = await Promise.all([
      api.call('POST', `/v1/tickets/${ticket.id}/actions`, {
        token: agent,
        body: { action: 'set_priority', priority: 'high', version },
      }),
      api.call('POST', `/v1/tickets/${ticket.id}/actions`, {
        token: supervisor,
        body: { action: 'set_priority', priority: 'urgent', version },
      }),
    ]);
    const after = await api.call('GET', `/v1/tickets/${ticket.id}`, { token: agent });

    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body.code).toBe('STALE_VERSION');
    expect(after.body.version).toBe(version + 1);
    expect(after.body.timeline.filter((e: { type: string }) => e.type === 'PriorityChanged')).toHaveLength(1);
  });

  it('creates one ticket for a retried POST with the same Idempotency-Key, and refuses the key for another body', async () => {
    const orderId = await pushOrder('bob');
    const headers = { 'idempotency-key': `retry-${Date.now()}` };

    const first = await api.call('POST', '/v1/tickets', {
      token: bob,
      body: refundRequest(orderId),
      headers,
    });
    const retry = await api.call('POST', '/v1/tickets', {
      token: bob,
      body: refundRequest(orderId),
      headers,
    });
    const otherBody = await api.call('POST', '/v1/tickets', {
      token: bob,
      body: refundRequest(orderId, 2),
      headers,
    });
    const list = await api.call('GET', `/v1/tickets?type=refund&limit=100`, { token: bob });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(otherBody.status).toBe(409);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(list.body.items.filter((t: { orderId: string }) => t.orderId === orderId)).toHaveLength(1);
  });

  it("creates one ticket when a retry finds the first attempt's idempotency record still in progress past its expiry", async () => {
    const orderId = await pushOrder('bob');
    const headers = { 'idempotency-key': `crashed-${Date.now()}` };
    const first = await api.call('POST', '/v1/tickets', {
      token: bob,
      body: refundRequest(orderId),
      headers,
    });
    expect(first.status).toBe(201);
    // The process died after the ticket was written: the record never left INPROGRESS, and its
    // in-progress expiry (the function's timeout) has passed, so Powertools lets a retry run again.
    await markInProgressAndExpired(first.body.id);

    const retry = await api.call('POST', '/v1/tickets', {
      token: bob,
      body: refundRequest(orderId),
      headers,
    });
    const list = await api.call('GET', '/v1/tickets?type=refund&limit=100', { token: bob });

    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(list.body.items.filter((t: { orderId: string }) => t.orderId === orderId)).toHaveLength(1);
  });

  it('posts one message for retries (concurrent or not) with the same Idempotency-Key, and refuses the key for another body', async () => {
    const ticket = await openRefund(bob, await pushOrder('bob'));
    const path = `/v1/tickets/${ticket.id}/messages`;
    const headers = { 'idempotency-key': `msg-${Date.now()}` };
    const body = { body: 'Any news?' };

    const [first, concurrent] = await Promise.all([
      api.call('POST', path, { token: bob, body, headers }),
      api.call('POST', path, { token: bob, body, headers }),
    ]);
    const retry = await api.call('POST', path, { token: bob, body, headers });
    const otherBody = await api.call('POST', path, { token: bob, body: { body: 'Hello?' }, headers });
    const read = await api.call('GET', `/v1/tickets/${ticket.id}`, { token: bob });

    expect([first.status, concurrent.status, retry.status]).toEqual([201, 201, 201]);
    expect(concurrent.body.id).toBe(first.body.id);
    expect(retry.body).toEqual(first.body);
    expect(otherBody.status).toBe(409);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(read.body.timeline.filter((e: { type: string }) => e.type === 'MessageAdded')).toHaveLength(1);
  });

  it('pages through staff views with a cursor and filters by status', async () => {
    for (let i = 0; i < 3; i++) {
      await api.call('POST', '/v1/tickets', {
        token: bob,
        body: { type: 'inquiry', reason: 'other', description: `q${i}` },
      });
    }
    // view=all: the assigner takes new tickets out of the unassigned view as they arrive.
    const first = await api.call('GET', '/v1/tickets?view=all&type=inquiry&limit=2', { token: agent });
    const second = await api.call(
      'GET',
      `/v1/tickets?view=all&type=inquiry&limit=2&cursor=${first.body.nextCursor}`,
      {
        token: agent,
      },
    );
    const badCursor = await api.call('GET', '/v1/tickets?cursor=%%%', { token: agent });
    const badLimit = await api.call('GET', '/v1/tickets?limit=1000&view=everything', { token: agent });

    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(second.body.items.length).toBeGreaterThan(0);
    const ids = [...first.body.items, ...second.body.items].map((t: { id: string }) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(badCursor.status).toBe(400);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['query.limit', 'query.view']),
    );
  });

  it('publishes public events, never internal notes, through the stream to the event bus', async () => {
    const created = await api.call('POST', '/v1/tickets', {
      token: ann,
      body: { type: 'complaint', reason: 'service', description: 'Rude courier.' },
    });
    await api.call('POST', `/v1/tickets/${created.body.id}/messages`, {
      token: agent,
      body: { body: 'internal-only remark', internal: true },
    });

    const published = await eventually(
      async () =>
        (await api.call('GET', '/_local/events')).body.events as {
          detail: { ticketId: string; type: string };
        }[],
      (events) => events.some((e) => e.detail.ticketId === created.body.id),
    );

    const mine = published.filter((e) => e.detail.ticketId === created.body.id);
    expect(mine.map((e) => e.detail.type)).toEqual(expect.arrayContaining(['TicketCreated']));
    expect(mine.map((e) => e.detail.type)).not.toContain('MessageAdded');
    expect(JSON.stringify(published)).not.toContain('internal-only remark');
  });
});
