import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, eventually, orderFacts, startApi } from './support.js';

/**
 * The money paths a review found open (issue 9): each test names the finding it closes. They
 * call the HTTP API of the local runtime as a shop, a customer and staff would.
 */
let api: Api;
let shop: string;
let agent: string;
let supervisor: string;
let admin: string;

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
let seq = 0;
const owners = new Map<string, string>();
const tokens = new Map<string, string>();

async function tokenOf(customerId: string): Promise<string> {
  let token = tokens.get(customerId);
  if (!token) {
    token = await api.token(customerId, ['customers'], { email: `${customerId}@example.com` });
    tokens.set(customerId, token);
  }
  return token;
}

async function pushOrder(overrides: Record<string, unknown> = {}): Promise<string> {
  seq += 1;
  const orderId = `money-${seq}-${Date.now()}`;
  const owner = `money-cust-${seq}`;
  const response = await api.call('PUT', `/v1/orders/${orderId}`, {
    token: shop,
    body: orderFacts(owner, { shippedAt: daysAgo(4), ...overrides }),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  owners.set(orderId, owner);
  return orderId;
}

async function open(orderId: string, body: Record<string, unknown>, token?: string) {
  return api.call('POST', '/v1/tickets', {
    token: token ?? (await tokenOf(owners.get(orderId) ?? '')),
    body: { orderId, ...body },
  });
}

/** A claim of some units of one line, opened by the order's customer. */
function claim(orderId: string, type: string, reason: string, sku = 'MUG-1', quantity = 1) {
  return open(orderId, { type, items: [{ sku, quantity }], reason });
}

async function act(token: string, id: string, body: Record<string, unknown>) {
  return api.call('POST', `/v1/tickets/${id}/actions`, { token, body });
}

async function ticket(id: string, token = agent) {
  return (await api.call('GET', `/v1/tickets/${id}`, { token })).body;
}

async function until(id: string, status: string, timeoutMs = 20_000) {
  const seen = await eventually(
    () => ticket(id),
    (t) => t.status === status,
    timeoutMs,
  );
  expect(seen.status).toBe(status);
  return seen;
}

async function gateway(mode: string, times?: number) {
  const response = await api.call('POST', '/_local/gateway/behaviour', {
    body: { mode, ...(times ? { times } : {}) },
  });
  expect(response.status).toBe(200);
}

async function payments(reference: string) {
  const body = (await api.call('GET', '/_local/gateway/refunds')).body as {
    refunds: { reference: string; amount: number; idempotencyKey: string }[];
  };
  return body.refunds.filter((refund) => refund.reference === reference);
}

beforeAll(async () => {
  api = await startApi();
  [shop, agent, supervisor, admin] = await Promise.all([
    api.token('shop', ['integrations']),
    api.token('agent-7', ['agents']),
    api.token('sup-7', ['supervisors']),
    api.token('admin-7', ['admins']),
  ]);
});
afterAll(async () => api?.runtime.stop());

describe('finding 1: eligibility by reason, delivery and age', () => {
  it('refuses a defective-item refund 400 days after delivery, like a return', async () => {
    const orderId = await pushOrder({
      placedAt: daysAgo(410),
      shippedAt: daysAgo(405),
      deliveredAt: daysAgo(400),
    });
    const refund = await claim(orderId, 'refund', 'defective', 'MUG-1', 1);
    const giveBack = await claim(orderId, 'return', 'defective', 'MUG-1', 1);

    expect(refund.status).toBe(422);
    expect(refund.body.code).toBe('REFUND_WINDOW_CLOSED');
    expect(giveBack.status).toBe(422);
    expect(giveBack.body.code).toBe('RETURN_WINDOW_CLOSED');
  });

  it('refuses a damaged-in-transit refund on an order never delivered; accepts not_shipped before shipping', async () => {
    const shipped = await pushOrder({ deliveredAt: null });
    const unshipped = await pushOrder({ deliveredAt: null, shippedAt: null });
    const damaged = await claim(shipped, 'refund', 'damaged_in_transit', 'MUG-1', 1);
    const notShipped = await claim(unshipped, 'refund', 'not_shipped', 'MUG-1', 1);
    const tooLate = await claim(shipped, 'refund', 'not_shipped', 'MUG-1', 1);
    const notReceived = await claim(unshipped, 'refund', 'not_received', 'MUG-1', 1);

    expect(damaged.status).toBe(422);
    expect(damaged.body.code).toBe('ORDER_NOT_DELIVERED');
    expect(notShipped.status).toBe(201);
    expect(tooLate.body.code).toBe('ORDER_SHIPPED');
    expect(notReceived.body.code).toBe('ORDER_NOT_SHIPPED');
  });

  it('lets a customer keep faulty goods only up to keepItemMaxAmount; customer-side reasons need a return', async () => {
    const orderId = await pushOrder();
    const keepBig = await claim(orderId, 'refund', 'defective', 'KETTLE-1', 2);
    const changedMind = await claim(orderId, 'refund', 'no_longer_needed', 'KETTLE-1', 1);

    expect(keepBig.status).toBe(422);
    expect(keepBig.body.code).toBe('RETURN_REQUIRED');
    expect(changedMind.status).toBe(422);
    expect(changedMind.body.code).toBe('RETURN_REQUIRED');
  });
});

describe('finding 2: every after-sales type claims the units it names', () => {
  it('on a line of 2 units accepts claims for 2 units in all, whatever their type', async () => {
    const orderId = await pushOrder();
    const item = [{ sku: 'KETTLE-1', quantity: 1 }];
    const first = await open(orderId, { type: 'exchange', items: item, reason: 'defective' });
    const second = await open(orderId, { type: 'repair', items: item, reason: 'defective' });
    const refused = await Promise.all([
      open(orderId, { type: 'exchange', items: item, reason: 'defective' }),
      open(orderId, { type: 'refund', items: item, reason: 'defective' }),
      open(orderId, { type: 'repair', items: item, reason: 'defective' }),
      open(orderId, { type: 'return', items: item, reason: 'defective' }),
    ]);
    const order = (await api.call('GET', `/v1/orders/${orderId}`, { token: shop })).body;

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(
      Array.from({ length: 4 }, () => [422, 'EXCEEDS_REFUNDABLE']),
    );
    expect(order.items[0]).toMatchObject({ claimedQuantity: 2, refundableQuantity: 0 });
  });

  it('gives an exchange’s unit back when it completes, and a cancelled claim’s at once', async () => {
    const orderId = await pushOrder();
    const swap = await claim(orderId, 'exchange', 'defective', 'KETTLE-1', 2);
    const cancelled = await act(await tokenOf(owners.get(orderId) ?? ''), swap.body.id, { action: 'cancel' });
    const again = await claim(orderId, 'exchange', 'wrong_item', 'KETTLE-1', 2);

    expect(cancelled.status).toBe(200);
    expect(again.status).toBe(201);
  });
});

describe('finding 3: postage is capped per order and a tracking number ships one return', () => {
  it('pays at most the items plus one postage cap for a return split into three tickets', async () => {
    const orderId = await pushOrder({
      shippingFee: 0,
      items: [
        { sku: 'PEN-1', name: 'Pen', quantity: 3, unitPrice: 100, category: 'office', noReasonReturn: false },
      ],
    });
    const customer = await tokenOf(owners.get(orderId) ?? '');
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const created = await open(orderId, {
        type: 'return',
        items: [{ sku: 'PEN-1', quantity: 1 }],
        reason: 'damaged_in_transit',
        returnMethod: 'dropoff',
      });
      expect(created.status).toBe(201);
      await act(agent, created.body.id, { action: 'approve' });
      await until(created.body.id, 'awaiting_shipment');
      const shipped = await act(customer, created.body.id, {
        action: 'ship',
        carrier: 'SF',
        trackingNumber: n === 1 ? 'SF-SAME-1' : `SF-OTHER-${n}-${seq}`,
        postage: 1_000_000,
      });
      expect(shipped.status).toBe(200);
      ids.push(created.body.id);
    }
    for (const id of ids) {
      expect((await act(agent, id, { action: 'receive' })).status).toBe(200);
      expect((await act(agent, id, { action: 'inspect', result: 'accepted' })).status).toBe(200);
    }
    const paid = (
      await Promise.all(ids.map(async (id) => (await until(id, 'refunded')) && payments(id)))
    ).flat();
    const total = paid.reduce((sum, p) => sum + p.amount, 0);

    expect(total).toBe(300 + 2_000);
  });

  it('refuses a tracking number another return already used', async () => {
    const orderId = await pushOrder();
    const customer = await tokenOf(owners.get(orderId) ?? '');
    const ids: string[] = [];
    for (let n = 0; n < 2; n++) {
      const created = await open(orderId, {
        type: 'return',
        items: [{ sku: 'MUG-1', quantity: 1 }],
        reason: 'wrong_item',
        returnMethod: 'dropoff',
      });
      await act(agent, created.body.id, { action: 'approve' });
      await until(created.body.id, 'awaiting_shipment');
      ids.push(created.body.id);
    }
    const tracking = `YT-${Date.now()}`;
    const first = await act(customer, ids[0] ?? '', {
      action: 'ship',
      carrier: 'YTO',
      trackingNumber: tracking,
    });
    const second = await act(customer, ids[1] ?? '', {
      action: 'ship',
      carrier: 'YTO',
      trackingNumber: tracking,
    });
    const otherCarrier = await act(customer, ids[1] ?? '', {
      action: 'ship',
      carrier: 'SF',
      trackingNumber: tracking,
    });

    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('TRACKING_NUMBER_USED');
    expect(otherCarrier.status).toBe(200);
  });
});

describe('finding 4: approval ceilings and four eyes', () => {
  it('refuses an agent approving a refund he opened for the customer', async () => {
    const orderId = await pushOrder();
    const created = await open(
      orderId,
      {
        type: 'refund',
        items: [{ sku: 'MUG-1', quantity: 1 }],
        // No auto-approval rule takes a parcel that never arrived: the ticket waits for a person.
        reason: 'not_received',
        customerId: owners.get(orderId),
      },
      agent,
    );
    await act(admin, created.body.id, { action: 'set_priority', priority: 'high' });
    // The auto-approval judgement writes the ticket too: let it decline first.
    await eventually(
      async () => (await api.call('GET', `/v1/tickets/${created.body.id}`, { token: admin })).body,
      (view) => Boolean(view.refund?.judgedAt),
    );
    const approved = await act(agent, created.body.id, { action: 'approve' });

    expect(created.status).toBe(201);
    expect(approved.status, JSON.stringify(approved.body)).toBe(403);
    expect(approved.body.code).toBe('SELF_APPROVAL');
  });

  it('refuses an approval above the caller’s ceiling and offers the ticket to the next level', async () => {
    const orderId = await pushOrder({
      items: [
        { sku: 'TV-1', name: 'TV', quantity: 1, unitPrice: 899_900, category: 'tv', noReasonReturn: false },
      ],
    });
    const created = await claim(orderId, 'refund', 'missing_item', 'TV-1', 1);
    expect(created.status).toBe(201);
    const byAgent = await act(agent, created.body.id, { action: 'approve' });
    const bySupervisor = await act(supervisor, created.body.id, { action: 'approve' });
    const waiting = await ticket(created.body.id);
    const byAdmin = await act(admin, created.body.id, { action: 'approve' });
    await until(created.body.id, 'refunded');

    expect(byAgent.status).toBe(403);
    expect(byAgent.body.code).toBe('APPROVAL_LIMIT_EXCEEDED');
    expect(bySupervisor.status).toBe(403);
    expect(waiting.status).toBe('requested');
    expect(
      waiting.timeline
        .filter((e: { type: string }) => e.type === 'ApprovalEscalated')
        .map((e: { data: unknown }) => e.data),
    ).toEqual([expect.objectContaining({ to: 'supervisor' }), expect.objectContaining({ to: 'admin' })]);
    expect(byAdmin.status).toBe(200);
    expect(await payments(created.body.id)).toHaveLength(1);
  });
});

describe('finding 5: a retry after an unknown outcome reuses the idempotency key', () => {
  it('pays once when the gateway paid but every answer was lost, and staff retry', async () => {
    const orderId = await pushOrder();
    await gateway('lost', 5);
    const created = await claim(orderId, 'refund', 'missing_item', 'MUG-1', 1);
    const failed = await until(created.body.id, 'refund_failed', 40_000);
    await gateway('ok');
    // Staff see what the stuck attempt did: the gateway paid under its key.
    const attempt = await api.call('GET', `/v1/tickets/${created.body.id}/refund-attempt`, { token: agent });
    const asCustomer = await api.call('GET', `/v1/tickets/${created.body.id}/refund-attempt`, {
      token: await tokenOf(owners.get(orderId) ?? ''),
    });
    const resolved = await act(agent, created.body.id, { action: 'resolve' });
    const retried = await act(agent, created.body.id, { action: 'retry_refund' });
    const done = await until(created.body.id, 'refunded');
    const paid = await payments(created.body.id);

    expect(attempt.body).toMatchObject({
      attempt: 1,
      idempotencyKey: `${created.body.id}#1`,
      outcomeUnknown: true,
      gateway: { state: 'paid', gatewayRefundId: expect.any(String) },
    });
    expect(asCustomer.status).toBe(403);
    expect(failed.allowedActions).not.toContain('resolve');
    expect(resolved.status).toBe(409);
    expect(retried.status).toBe(200);
    expect(done.refund.attempt).toBe(1);
    expect(paid).toEqual([
      expect.objectContaining({ idempotencyKey: `${created.body.id}#1`, amount: 2_500 + 1000 }),
    ]);
  });

  it('uses a new key only after a definitive refusal', async () => {
    const orderId = await pushOrder();
    await gateway('permanent', 1);
    const created = await claim(orderId, 'refund', 'missing_item', 'MUG-1', 1);
    await until(created.body.id, 'refund_failed');
    await act(agent, created.body.id, { action: 'retry_refund' });
    const done = await until(created.body.id, 'refunded');

    expect(done.refund.attempt).toBe(2);
    expect((await payments(created.body.id)).map((p) => p.idempotencyKey)).toEqual([`${created.body.id}#2`]);
  });
});

describe('finding 8: the customer never sees the gateway’s own words', () => {
  it('shows a neutral sentence to the customer and the gateway text to staff only', async () => {
    const orderId = await pushOrder();
    await gateway('permanent', 1);
    const created = await claim(orderId, 'refund', 'missing_item', 'MUG-1', 1);
    const failed = await until(created.body.id, 'refund_failed');
    const customerView = await ticket(created.body.id, await tokenOf(owners.get(orderId) ?? ''));
    const email = await eventually(
      async () =>
        (
          (await api.call('GET', '/_local/emails')).body.emails as {
            to: string;
            subject: string;
            text: string;
          }[]
        ).filter(
          (e) =>
            e.to.includes(`${owners.get(orderId)}@example.com`) &&
            /refund/i.test(e.subject) &&
            /could not|失败|未能/.test(e.text + e.subject),
        ),
      (emails) => emails.length > 0,
    );

    expect(JSON.stringify(customerView)).not.toContain('card account closed');
    expect(JSON.stringify(customerView)).not.toContain('HTTP 422');
    expect(customerView.refund.failureReason).toBeTruthy();
    expect(JSON.stringify(email)).not.toContain('card account closed');
    expect(JSON.stringify(failed.timeline)).toContain('card account closed');
  });
});
