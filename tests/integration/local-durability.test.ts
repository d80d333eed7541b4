import { afterAll, describe, expect, it } from 'vitest';
import { eventually as until } from '../e2e/support.js';
import { call, restartableRuntime, token } from './restartable-runtime.js';

const runtime = restartableRuntime('durable');
const start = runtime.start;
afterAll(runtime.dispose);

describe('local runtime: queued work survives a restart', () => {
  it('finishes a refund whose queue message was still waiting when the runtime stopped', async () => {
    const first = await start();
    const shop = await token(first, 'shop', ['integrations']);
    const customer = await token(first, 'c-durable', ['customers']);
    const order = await call(first, 'PUT', '/v1/orders/o-durable', shop, {
      customerId: 'c-durable',
      customerEmail: 'c-durable@example.com',
      currency: 'CNY',
      placedAt: '2026-11-01T08:00:00Z',
      deliveredAt: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toISOString(),
      shippingFee: 1000,
      items: [{ sku: 'MUG-1', name: 'Mug', quantity: 1, unitPrice: 2500, category: 'home' }],
    });
    expect(order.status).toBe(201);
    // The gateway fails, so the payment message stays on the refunds queue, being retried.
    await call(first, 'POST', '/_local/gateway/behaviour', undefined, { mode: 'transient' });
    const created = await call(first, 'POST', '/v1/tickets', customer, {
      type: 'refund',
      orderId: 'o-durable',
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'wrong_item',
    });
    expect(created.status).toBe(201);
    await until(
      async () => first.partners.paymentCalls,
      (calls) => calls > 0,
      20_000,
    );

    await runtime.stop(first);
    const second = await start();
    const agent = await token(second, 'agent-1', ['agents']);
    const done = await until(
      async () => (await call(second, 'GET', `/v1/tickets/${created.body.id}`, agent)).body,
      (ticket) => ticket.status === 'refunded',
      30_000,
    );

    expect(done.status).toBe('refunded');
    expect(second.partners.payments.filter((p) => p.reference === created.body.id)).toHaveLength(1);
  }, 120_000);
});
