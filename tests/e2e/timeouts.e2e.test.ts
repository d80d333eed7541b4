import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, eventually, orderFacts, startApi } from './support.js';

/**
 * The platform timeouts (issue 9) through the HTTP API, with the policy's durations shortened to
 * seconds so that the due-timer sweep (every second in tests) fires them during the test.
 */
let api: Api;
let shop: string;
let agent: string;
let supervisor: string;
let seq = 0;
const owners = new Map<string, string>();

async function customerToken(orderId: string) {
  const owner = owners.get(orderId) ?? '';
  return api.token(owner, ['customers'], { email: `${owner}@example.com` });
}

async function pushOrder(overrides: Record<string, unknown> = {}) {
  seq += 1;
  const orderId = `to-${seq}-${Date.now()}`;
  owners.set(orderId, `to-cust-${seq}`);
  const response = await api.call('PUT', `/v1/orders/${orderId}`, {
    token: shop,
    body: orderFacts(owners.get(orderId) ?? '', overrides),
  });
  expect(response.status).toBe(201);
  return orderId;
}

async function open(orderId: string, body: Record<string, unknown>) {
  const response = await api.call('POST', '/v1/tickets', {
    token: await customerToken(orderId),
    body: { orderId, ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

const act = (token: string, id: string, body: Record<string, unknown>) =>
  api.call('POST', `/v1/tickets/${id}/actions`, { token, body });

async function until(id: string, accept: (t: any) => boolean, timeoutMs = 20_000) {
  const seen = await eventually(
    async () => (await api.call('GET', `/v1/tickets/${id}`, { token: agent })).body,
    accept,
    timeoutMs,
  );
  expect(
    accept(seen),
    JSON.stringify({ status: seen.status, timeline: seen.timeline?.map((e: any) => e.type) }),
  ).toBe(true);
  return seen;
}

beforeAll(async () => {
  api = await startApi();
  const admin = await api.token('admin-9', ['admins']);
  [shop, agent, supervisor] = await Promise.all([
    api.token('shop', ['integrations']),
    api.token('agent-9', ['agents']),
    api.token('sup-9', ['supervisors']),
  ]);
  const current = await api.call('GET', '/v1/after-sales-policy', { token: admin });
  const saved = await api.call('PUT', '/v1/after-sales-policy', {
    token: admin,
    body: {
      // No one-click rule here: the timeouts decide.
      autoApproval: [],
      returnWindows: current.body.returnWindows,
      timeouts: {
        shopResponse: 'PT2S',
        customerShipReturn: 'PT4S',
        customerShipReminder: 'PT2S',
        shopConfirmReceipt: 'PT2S',
        customerAppeal: 'PT3S',
      },
      version: current.body.version,
    },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
});
afterAll(async () => api?.runtime.stop());

describe('platform timeouts', () => {
  it('shopResponse: approves and pays an unanswered small refund; escalates a large one to supervisors', async () => {
    const small = await open(await pushOrder(), {
      type: 'refund',
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'missing_item',
    });
    const bigOrder = await pushOrder({
      items: [
        { sku: 'TV-1', name: 'TV', quantity: 1, unitPrice: 600_000, category: 'tv', noReasonReturn: false },
      ],
    });
    const big = await open(bigOrder, {
      type: 'refund',
      items: [{ sku: 'TV-1', quantity: 1 }],
      reason: 'missing_item',
    });

    const paid = await until(small, (t) => t.status === 'refunded');
    const escalated = await until(big, (t) => t.escalationLevel === 1);

    const approval = paid.timeline.find((e: any) => e.type === 'TicketApproved');
    expect(approval.actor.role).toBe('system');
    expect(paid.refund.approvedBy).toBe('shopResponse');
    expect(escalated).toMatchObject({ status: 'requested', approvalNeeds: 'supervisor' });
    expect(escalated.timeline.find((e: any) => e.type === 'TicketEscalated').data).toMatchObject({
      trigger: 'timeout',
      rule: 'shopResponse',
    });
  });

  it('customerShipReturn: reminds, then closes an unshipped drop-off return and frees its units', async () => {
    const orderId = await pushOrder();
    const id = await open(orderId, {
      type: 'return',
      items: [{ sku: 'KETTLE-1', quantity: 2 }],
      reason: 'defective',
      returnMethod: 'dropoff',
    });
    expect((await act(agent, id, { action: 'approve' })).status).toBe(200);

    const closed = await until(id, (t) => t.status === 'closed');
    const order = (await api.call('GET', `/v1/orders/${orderId}`, { token: shop })).body;

    expect(closed.timeline.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['ReturnShipmentReminder', 'TicketClosed']),
    );
    expect(closed.timeline.find((e: any) => e.type === 'TicketClosed').data.timeout).toBe(
      'customerShipReturn',
    );
    expect(order.items[0]).toMatchObject({ claimedQuantity: 0, refundableQuantity: 2 });
  });

  it('shopConfirmReceipt: a parcel the carrier delivered and nobody inspected is accepted and refunded', async () => {
    const orderId = await pushOrder();
    const id = await open(orderId, {
      type: 'return',
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'wrong_item',
      returnMethod: 'dropoff',
    });
    await act(agent, id, { action: 'approve' });
    await until(id, (t) => t.status === 'awaiting_shipment');
    const tracking = `YT-TO-${Date.now()}`;
    await act(await customerToken(orderId), id, { action: 'ship', carrier: 'YTO', trackingNumber: tracking });
    const typedOnly = (await api.call('GET', `/v1/tickets/${id}`, { token: agent })).body;
    const delivered = await api.call('POST', '/_local/carrier/delivered', {
      body: { carrier: 'YTO', trackingNumber: tracking },
    });

    const refunded = await until(id, (t) => t.status === 'refunded');

    expect(typedOnly.status).toBe('in_transit');
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    expect(delivered.body).toMatchObject({ ticketId: id, inspectBy: expect.any(String) });
    expect(refunded.timeline.find((e: any) => e.type === 'InspectionCompleted').data.timeout).toBe(
      'shopConfirmReceipt',
    );
  });

  it('customerAppeal: one appeal reclaims the units for supervisors; after a second rejection the window closes it', async () => {
    const orderId = await pushOrder();
    const customer = await customerToken(orderId);
    const id = await open(orderId, {
      type: 'refund',
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'missing_item',
    });
    await act(agent, id, { action: 'reject', reason: 'The parcel was complete.' });
    const appealed = await act(customer, id, { action: 'appeal', reason: 'It was not: see the photo.' });
    const agentTries = await act(agent, id, { action: 'reject', reason: 'No.' });
    const final = await act(supervisor, id, { action: 'reject', reason: 'Reviewed: complete.' });
    const again = await act(customer, id, { action: 'appeal', reason: 'Please.' });

    const closed = await until(id, (t) => t.status === 'closed');

    expect(appealed.status).toBe(200);
    expect(appealed.body.status).toBe('appealed');
    expect(agentTries.status).toBe(403);
    expect(final.status).toBe(200);
    expect(again.status).toBe(409);
    expect(closed.timeline.find((e: any) => e.type === 'TicketClosed').data.timeout).toBe('customerAppeal');
  });
});
