import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, assignerActed, eventually, orderFacts, startApi } from './support.js';

let api: Api;
let shop: string;
let ann: string;
let agent: string;

const DAY = 24 * 60 * 60 * 1000;
let seq = 0;

/**
 * Each order belongs to a customer of its own (unless told otherwise): auto-approval counts a
 * customer's recent refunds, so tests must not share one.
 */
async function pushOrder(overrides: Record<string, unknown> = {}, customerId?: string): Promise<string> {
  seq += 1;
  const orderId = `wf-${seq}-${Date.now()}`;
  const owner = customerId ?? `cust-${seq}`;
  const response = await api.call('PUT', `/v1/orders/${orderId}`, {
    token: shop,
    body: orderFacts(owner, overrides),
  });
  expect(response.status).toBe(201);
  owners.set(orderId, owner);
  return orderId;
}

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

/** Opens a ticket as the order's customer (or as ann for tickets without an order). */
async function open(body: Record<string, unknown>) {
  const owner = typeof body.orderId === 'string' ? owners.get(body.orderId) : undefined;
  return api.call('POST', '/v1/tickets', { token: owner ? await tokenOf(owner) : ann, body });
}

async function customerOf(orderId: string): Promise<string> {
  return tokenOf(owners.get(orderId) ?? 'ann');
}

async function act(token: string, id: string, body: Record<string, unknown>) {
  return api.call('POST', `/v1/tickets/${id}/actions`, { token, body });
}

async function ticket(id: string) {
  return (await api.call('GET', `/v1/tickets/${id}`, { token: agent })).body;
}

async function until(id: string, status: string, timeoutMs = 20_000) {
  return eventually(
    () => ticket(id),
    (t) => t.status === status,
    timeoutMs,
  );
}

async function gateway(mode: 'ok' | 'transient' | 'permanent' | 'lost', times?: number) {
  const response = await api.call('POST', '/_local/gateway/behaviour', {
    body: { mode, ...(times ? { times } : {}) },
  });
  expect(response.status).toBe(200);
}

async function payments(reference: string) {
  const body = (await api.call('GET', '/_local/gateway/refunds')).body as {
    refunds: { reference: string; amount: number }[];
  };
  return body.refunds.filter((refund) => refund.reference === reference);
}

beforeAll(async () => {
  api = await startApi();
  [shop, ann, agent] = await Promise.all([
    api.token('shop', ['integrations']),
    api.token('ann', ['customers'], { email: 'ann@example.com' }),
    api.token('agent-1', ['agents']),
  ]);
});
afterAll(async () => api?.runtime.stop());

describe('refunds', () => {
  it('refunds a small defective item with one click: auto-approved and paid once, with shipping, no staff step', async () => {
    const orderId = await pushOrder();

    const created = await open({
      type: 'refund',
      orderId,
      items: [{ sku: 'KETTLE-1', quantity: 1 }],
      reason: 'defective',
    });
    const done = await until(created.body.id, 'refunded');
    const order = (await api.call('GET', `/v1/orders/${orderId}`, { token: await customerOf(orderId) })).body;

    expect(created.body.refund).toMatchObject({
      amount: 13_900,
      itemsAmount: 12_900,
      shippingAmount: 1000,
      status: 'pending',
    });
    expect(done.refund).toMatchObject({ status: 'issued', approvedBy: 'small-shop-fault', attempt: 1 });
    expect(done.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['TicketApproved', 'RefundRequested', 'RefundIssued']),
    );
    expect(await payments(created.body.id)).toEqual([expect.objectContaining({ amount: 13_900 })]);
    expect(order.items[0]).toMatchObject({
      refundedQuantity: 1,
      refundedAmount: 12_900,
      refundableQuantity: 1,
    });
  });

  it('leaves a refund outside every rule to an agent, who approves it', async () => {
    const orderId = await pushOrder();
    const created = await open({
      type: 'refund',
      orderId,
      items: [{ sku: 'KETTLE-1', quantity: 2 }],
      reason: 'missing_item',
    });

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const waiting = await ticket(created.body.id);
    const approved = await act(agent, created.body.id, { action: 'approve', note: 'Checked photos.' });
    const done = await until(created.body.id, 'refunded');

    expect(waiting.status).toBe('requested');
    expect(approved.status).toBe(200);
    expect(done.refund.amount).toBe(2 * 12_900 + 1000);
  });

  it('rejects with a reason the customer sees and gives the units back', async () => {
    const orderId = await pushOrder();
    const created = await open({
      type: 'refund',
      orderId,
      items: [{ sku: 'KETTLE-1', quantity: 2 }],
      reason: 'missing_item',
    });
    const held = (await api.call('GET', `/v1/orders/${orderId}`, { token: await customerOf(orderId) })).body;

    const rejected = await act(agent, created.body.id, {
      action: 'reject',
      reason: 'Used beyond inspection.',
    });
    const customerView = (
      await api.call('GET', `/v1/tickets/${created.body.id}`, { token: await customerOf(orderId) })
    ).body;
    const released = (await api.call('GET', `/v1/orders/${orderId}`, { token: await customerOf(orderId) }))
      .body;

    expect(held.items[0].refundableQuantity).toBe(0);
    expect(rejected.body.status).toBe('rejected');
    expect(customerView.timeline.find((e: { type: string }) => e.type === 'TicketRejected').data.reason).toBe(
      'Used beyond inspection.',
    );
    expect(released.items[0].refundableQuantity).toBe(2);
  });

  it('pays exactly once when the gateway fails twice and then succeeds', async () => {
    const orderId = await pushOrder();
    await gateway('transient', 2);

    const created = await open({
      type: 'refund',
      orderId,
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'wrong_item',
    });
    const done = await until(created.body.id, 'refunded', 30_000);

    expect(done.refund.status).toBe('issued');
    expect(await payments(created.body.id)).toHaveLength(1);
  });

  it('keeps retrying through the fourth delivery: a gateway that fails four times then recovers pays once', async () => {
    const orderId = await pushOrder();
    await gateway('transient', 4);

    const created = await open({
      type: 'refund',
      orderId,
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'wrong_item',
    });
    const done = await eventually(
      () => ticket(created.body.id),
      (t) => t.status === 'refunded' || t.status === 'refund_failed',
      40_000,
    );

    expect(done.status).toBe('refunded');
    expect(await payments(created.body.id)).toHaveLength(1);
  }, 60_000);

  it('pays once when the gateway pays but its answer is lost: the retry with the same key gets the payment back', async () => {
    const orderId = await pushOrder();
    await gateway('lost', 1);

    const created = await open({
      type: 'refund',
      orderId,
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'wrong_item',
    });
    const done = await until(created.body.id, 'refunded', 30_000);
    const [paid] = await payments(created.body.id);
    const lookup = await api.call(
      'GET',
      `/_local/gateway/refunds/${encodeURIComponent((paid as unknown as { idempotencyKey: string }).idempotencyKey)}`,
    );

    expect(done.refund).toMatchObject({ status: 'issued', attempt: 1 });
    expect(await payments(created.body.id)).toHaveLength(1);
    expect(lookup.body).toMatchObject({ status: 'paid', amount: paid?.amount });
  }, 60_000);

  it('marks refund_failed when the gateway never answers, keeps the DLQ empty, and pays once on retry', async () => {
    const orderId = await pushOrder();
    await gateway('transient');
    const created = await open({
      type: 'refund',
      orderId,
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'wrong_item',
    });

    const failed = await until(created.body.id, 'refund_failed', 40_000);
    const sqs = new SQSClient({
      endpoint: api.runtime.endpoints.sqs,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: api.runtime.queues.refunds.dlqUrl, WaitTimeSeconds: 1 }),
    );
    sqs.destroy();
    await gateway('ok');
    const retried = await act(agent, created.body.id, { action: 'retry_refund' });
    const done = await until(created.body.id, 'refunded');

    // The outcome is unknown (the gateway may have paid): the retry reuses the attempt's key.
    expect(failed.refund).toMatchObject({
      status: 'failed',
      outcomeUnknown: true,
      failureReason: expect.any(String),
    });
    expect(failed.timeline.find((e: { type: string }) => e.type === 'RefundFailed').data.code).toBe(
      'no_answer',
    );
    expect(dead.Messages ?? []).toHaveLength(0);
    expect(retried.status).toBe(200);
    expect(done.refund.attempt).toBe(1);
    expect(await payments(created.body.id)).toHaveLength(1);
  }, 60_000);

  it('marks refund_failed at once when the gateway refuses for good', async () => {
    const orderId = await pushOrder();
    await gateway('permanent', 1);
    // The staff alert goes to the assignee: agent-2 (Shanghai office hours) steps away, so the
    // assigner gives the ticket to agent-1 (round the clock) and the alert is mailed now.
    const agent2 = await api.token('agent-2', ['agents']);
    const away = { token: agent2, body: { available: false } };
    expect((await api.call('PUT', '/v1/staff/me/availability', away)).status).toBe(200);

    const created = await open({
      type: 'refund',
      orderId,
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'wrong_item',
    });
    const failed = await until(created.body.id, 'refund_failed');

    const staffMail = await eventually(
      async () => (await api.call('GET', '/_local/emails')).body.emails as { subject: string }[],
      (emails) => emails.some((mail) => /Refund failed|退款失败/.test(mail.subject)),
    );

    // Staff read the provider's words in the internal event; the ticket's reason is neutral.
    expect(failed.refund.failureReason).not.toContain('422');
    expect(
      failed.timeline.find((e: { type: string }) => e.type === 'RefundAttentionNeeded').data.reason,
    ).toContain('422');
    expect(failed.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['RefundFailed', 'RefundAttentionNeeded']),
    );
    expect(staffMail.some((mail) => /Refund failed|退款失败/.test(mail.subject))).toBe(true);
    expect(await payments(created.body.id)).toHaveLength(0);
    const back = { token: agent2, body: { available: true } };
    expect((await api.call('PUT', '/v1/staff/me/availability', back)).status).toBe(200);
  });

  it('never lets 50 parallel requests claim more than the 2 units bought, nor refund more than was paid', async () => {
    const orderId = await pushOrder();

    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        open({
          type: 'refund',
          orderId,
          items: [{ sku: 'KETTLE-1', quantity: 1 }],
          reason: 'missing_item',
        }),
      ),
    );
    const created = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status !== 201);
    // One may be approved by the one-click rule already; the agent approves what is left.
    for (const ticketResponse of created) await act(agent, ticketResponse.body.id, { action: 'approve' });
    for (const ticketResponse of created) await until(ticketResponse.body.id, 'refunded');
    const order = (await api.call('GET', `/v1/orders/${orderId}`, { token: await customerOf(orderId) })).body;

    expect(created).toHaveLength(2);
    expect(refused.every((r) => [409, 422].includes(r.status))).toBe(true);
    expect(refused.every((r) => r.headers.get('content-type') === 'application/problem+json')).toBe(true);
    expect(order.items[0]).toMatchObject({
      refundedQuantity: 2,
      refundableQuantity: 0,
      refundedAmount: 2 * 12_900,
    });
  }, 60_000);

  it('gives 2 of 50 parallel refunds the units, one click approves one only (the rule counts the order’s approved money), shipping once', async () => {
    const orderId = await pushOrder();

    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        open({ type: 'refund', orderId, items: [{ sku: 'KETTLE-1', quantity: 1 }], reason: 'missing_item' }),
      ),
    );
    const created = responses.filter((r) => r.status === 201);
    const first = await eventually(
      () => Promise.all(created.map((r) => ticket(r.body.id))),
      (tickets) => tickets.some((t) => t.status === 'refunded'),
    );
    const waiting = first.filter((t) => t.status === 'requested');
    for (const t of waiting) expect((await act(agent, t.id, { action: 'approve' })).status).toBe(200);
    for (const ticketResponse of created) await until(ticketResponse.body.id, 'refunded');
    const approvedBy = (await Promise.all(created.map((r) => ticket(r.body.id)))).map(
      (t) => t.refund.approvedBy,
    );
    const order = (await api.call('GET', `/v1/orders/${orderId}`, { token: await customerOf(orderId) })).body;
    const paid = (await Promise.all(created.map((r) => payments(r.body.id)))).flat();

    expect(created).toHaveLength(2);
    expect(waiting).toHaveLength(1);
    expect(approvedBy.sort()).toEqual(['small-shop-fault', null].sort());
    expect(created.map((r) => r.body.refund.shippingAmount).sort()).toEqual([0, 1000]);
    expect(order.items[0]).toMatchObject({
      refundedQuantity: 2,
      refundableQuantity: 0,
      refundedAmount: 2 * 12_900,
    });
    expect(paid.reduce((sum, payment) => sum + payment.amount, 0)).toBe(2 * 12_900 + 1000);
  }, 60_000);

  it('lets exactly one of a parallel approve and reject win', async () => {
    const orderId = await pushOrder();
    const created = await open({
      type: 'refund',
      orderId,
      items: [{ sku: 'KETTLE-1', quantity: 2 }],
      reason: 'missing_item',
    });

    // The auto-approval judgement and the assigner write the ticket too: race on the version
    // they leave.
    const judged = await eventually(
      () => ticket(created.body.id),
      (view) => Boolean(view.refund?.judgedAt) && assignerActed(view),
    );
    expect(judged.status).toBe('requested');

    const results = await Promise.all([
      act(agent, created.body.id, { action: 'approve', version: judged.version }),
      act(agent, created.body.id, { action: 'reject', reason: 'No.', version: judged.version }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('returns', () => {
  it('refuses outside the windows with a stable code', async () => {
    const late = await pushOrder({ deliveredAt: new Date(Date.now() - 20 * DAY).toISOString() });
    const undelivered = await pushOrder({ deliveredAt: null });
    const recent = await pushOrder();

    const closed = await open({
      type: 'return',
      orderId: late,
      items: [{ sku: 'KETTLE-1', quantity: 1 }],
      reason: 'defective',
    });
    const notDelivered = await open({
      type: 'return',
      orderId: undelivered,
      items: [{ sku: 'KETTLE-1', quantity: 1 }],
      reason: 'defective',
    });
    const notReturnable = await open({
      type: 'return',
      orderId: recent,
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'no_longer_needed',
    });
    const refundOfUndelivered = await open({
      type: 'refund',
      orderId: undelivered,
      items: [{ sku: 'KETTLE-1', quantity: 1 }],
      reason: 'not_shipped',
    });

    expect(closed.status).toBe(422);
    expect(closed.body.code).toBe('RETURN_WINDOW_CLOSED');
    expect(notDelivered.body.code).toBe('ORDER_NOT_DELIVERED');
    expect(notReturnable.body).toMatchObject({
      code: 'ITEM_NOT_RETURNABLE',
      errors: [{ path: 'items.0.sku' }],
    });
    expect(refundOfUndelivered.status).toBe(201);
  });

  it('walks a courier-pickup return to refunded: approve, pickup booked, shipped, received, inspected', async () => {
    const orderId = await pushOrder();
    const created = await open({
      type: 'return',
      orderId,
      items: [{ sku: 'KETTLE-1', quantity: 1 }],
      reason: 'damaged_in_transit',
      returnMethod: 'pickup',
      pickup: {
        address: '88 Nanjing Rd, Shanghai',
        window: { from: '2026-11-26T01:00:00Z', to: '2026-11-26T05:00:00Z' },
      },
    });
    const id = created.body.id;

    await act(agent, id, { action: 'approve' });
    const booked = await until(id, 'awaiting_shipment');
    const shipped = await act(await customerOf(orderId), id, {
      action: 'ship',
      carrier: 'local-courier',
      trackingNumber: 'SF123456789',
    });
    const received = await act(agent, id, { action: 'receive' });
    const inspected = await act(agent, id, {
      action: 'inspect',
      result: 'accepted',
      note: 'Dent confirmed.',
    });
    const done = await until(id, 'refunded');

    expect(booked.pickupBooking).toMatchObject({ carrier: 'local-courier', bookingId: expect.any(String) });
    expect(shipped.body.status).toBe('in_transit');
    expect(received.body.status).toBe('received');
    expect(inspected.body.status).toBe('inspected');
    expect(done.refund).toMatchObject({ status: 'issued', amount: 12_900 + 1000 });
  });

  it('reimburses the postage of a drop-off return the shop caused, up to the cap', async () => {
    const orderId = await pushOrder();
    const { body } = await open({
      type: 'return',
      orderId,
      items: [{ sku: 'MUG-1', quantity: 2 }],
      reason: 'not_as_described',
      returnMethod: 'dropoff',
    });
    await act(agent, body.id, { action: 'approve' });
    const authorised = await until(body.id, 'awaiting_shipment');
    await act(await customerOf(orderId), body.id, {
      action: 'ship',
      carrier: 'EMS',
      trackingNumber: 'EMS-0009',
      postage: 3500,
    });
    await act(agent, body.id, { action: 'receive' });
    await act(agent, body.id, { action: 'inspect', result: 'accepted' });
    const done = await until(body.id, 'refunded');

    expect(authorised.timeline.map((e: { type: string }) => e.type)).toContain('ReturnAuthorized');
    // 2 × 2500 for the mugs, the 1000 shipping fee, and the postage capped at CNY 20.00.
    expect(done.refund).toMatchObject({
      itemsAmount: 5000,
      shippingAmount: 1000,
      postageAmount: 2000,
      amount: 8000,
    });
    expect(await payments(body.id)).toEqual([expect.objectContaining({ amount: 8000 })]);
  });

  it('tells the customer why an inspection failed and releases the units', async () => {
    const orderId = await pushOrder();
    const created = await open({
      type: 'return',
      orderId,
      items: [{ sku: 'KETTLE-1', quantity: 2 }],
      reason: 'size_or_fit',
      returnMethod: 'dropoff',
    });
    const id = created.body.id;
    await act(agent, id, { action: 'approve' });
    await until(id, 'awaiting_shipment');
    await act(await customerOf(orderId), id, { action: 'ship', carrier: 'EMS', trackingNumber: 'EMS-0001' });
    await act(agent, id, { action: 'receive' });

    const inspected = await act(agent, id, { action: 'inspect', result: 'rejected', note: 'Item was used.' });
    const order = (await api.call('GET', `/v1/orders/${orderId}`, { token: await customerOf(orderId) })).body;

    expect(inspected.body.status).toBe('rejected');
    expect(inspected.body.rejectionReason).toBe('Item was used.');
    expect(order.items[0].refundableQuantity).toBe(2);
  });
});

describe('exchanges, repairs, complaints, inquiries', () => {
  it('exchanges: the item comes back and a replacement goes out', async () => {
    const orderId = await pushOrder();
    const { body } = await open({
      type: 'exchange',
      orderId,
      items: [{ sku: 'KETTLE-1', quantity: 1 }],
      reason: 'size_or_fit',
      returnMethod: 'dropoff',
    });
    await act(agent, body.id, { action: 'approve' });
    await until(body.id, 'awaiting_shipment');
    await act(await customerOf(orderId), body.id, {
      action: 'ship',
      carrier: 'EMS',
      trackingNumber: 'EMS-0002',
    });
    await act(agent, body.id, { action: 'receive' });
    await act(agent, body.id, { action: 'inspect', result: 'accepted' });

    const sent = await act(agent, body.id, {
      action: 'ship_replacement',
      carrier: 'SF',
      trackingNumber: 'SF-0002',
    });
    const closed = await act(await customerOf(orderId), body.id, { action: 'close' });

    expect(sent.body).toMatchObject({
      status: 'replacement_shipped',
      outboundShipment: { trackingNumber: 'SF-0002' },
    });
    expect(closed.body.status).toBe('closed');
  });

  it('repairs: received, repaired and shipped back', async () => {
    const orderId = await pushOrder();
    const { body } = await open({
      type: 'repair',
      orderId,
      items: [{ sku: 'KETTLE-1', quantity: 1 }],
      reason: 'defective',
    });
    await act(agent, body.id, { action: 'approve' });
    await until(body.id, 'awaiting_shipment');
    await act(await customerOf(orderId), body.id, {
      action: 'ship',
      carrier: 'EMS',
      trackingNumber: 'EMS-0003',
    });
    await act(agent, body.id, { action: 'receive' });
    await act(agent, body.id, { action: 'start_repair' });
    await act(agent, body.id, { action: 'complete_repair', note: 'New heating element.' });

    const back = await act(agent, body.id, { action: 'ship_back', carrier: 'SF', trackingNumber: 'SF-0003' });

    expect(back.body.status).toBe('shipped_back');
  });

  it('acknowledges a complaint at once into the complaint team and needs a summary to resolve', async () => {
    const { body } = await open({
      type: 'complaint',
      reason: 'service',
      description: 'The courier was rude.',
    });

    const acknowledged = await until(body.id, 'acknowledged');
    const withoutSummary = await act(agent, body.id, { action: 'resolve' });
    const resolved = await act(agent, body.id, {
      action: 'resolve',
      summary: 'We spoke to the courier company.',
    });

    expect(acknowledged.team).toBe('complaints');
    expect(withoutSummary.status).toBe(400);
    expect(withoutSummary.body.errors[0].path).toBe('summary');
    expect(resolved.body.status).toBe('resolved');
  });

  it('answers an inquiry: open → answered on a staff reply, open again when the customer writes', async () => {
    const { body } = await open({ type: 'inquiry', reason: 'other', description: 'Is it 220V?' });

    await api.call('POST', `/v1/tickets/${body.id}/messages`, { token: agent, body: { body: 'Yes.' } });
    const answered = await ticket(body.id);
    await api.call('POST', `/v1/tickets/${body.id}/messages`, {
      token: ann,
      body: { body: 'And the plug?' },
    });
    const reopened = await ticket(body.id);

    expect(answered.status).toBe('answered');
    expect(reopened.status).toBe('open');
  });
});

describe('after-sales policy (admins)', () => {
  it('validates, stores and applies new auto-approval rules and return windows', async () => {
    const admin = await api.token('admin-1', ['admins']);
    const before = await api.call('GET', '/v1/after-sales-policy', { token: agent });
    const invalid = await api.call('PUT', '/v1/after-sales-policy', {
      token: admin,
      body: {
        autoApproval: [{ id: 'Bad Id', name: '', maxAmount: -1, maxRecentRefunds: 0 }],
        returnWindows: { noReasonDays: 7 },
      },
    });
    const asAgent = await api.call('PUT', '/v1/after-sales-policy', { token: agent, body: before.body });
    const put = await api.call('PUT', '/v1/after-sales-policy', {
      token: admin,
      body: {
        autoApproval: [
          {
            id: 'late-small',
            name: 'Late delivery, small',
            maxAmount: 5000,
            reasons: ['late_delivery'],
            maxRecentRefunds: 5,
          },
        ],
        returnWindows: { noReasonDays: 30, qualityDays: 30, repairDays: 365 },
        version: before.body.version,
      },
    });
    const stale = await api.call('PUT', '/v1/after-sales-policy', {
      token: admin,
      body: { ...put.body, version: 0, updatedAt: undefined },
    });
    const orderId = await pushOrder();
    const refund = await open({
      type: 'refund',
      orderId,
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'late_delivery',
    });
    const done = await until(refund.body.id, 'refunded');

    expect(before.body.autoApproval[0].maxAmount).toBe(20_000);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining([
        'autoApproval.0.id',
        'autoApproval.0.name',
        'autoApproval.0.maxAmount',
        'returnWindows.qualityDays',
      ]),
    );
    expect(asAgent.status).toBe(403);
    expect(put.status).toBe(200);
    expect(put.body.version).toBe(before.body.version + 1);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect(done.refund.approvedBy).toBe('late-small');
  });
});
