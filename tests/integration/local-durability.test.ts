import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports.js';
import { type Runtime, startRuntime } from '../../local/runtime.js';

const running: Runtime[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'redress-durable-'));
afterAll(async () => {
  for (const runtime of running.splice(0)) await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * One API port for both runs, as `npm start` has: the handler modules (loaded once per process,
 * like warm Lambdas) keep the partner URLs they were built with.
 */
let port: number | undefined;
async function start(): Promise<Runtime> {
  port ??= await freePort();
  const runtime = await startRuntime({
    port,
    dataDir,
    visibilityTimeoutSeconds: 1,
    paymentGatewayTimeoutMs: 1000,
  });
  running.push(runtime);
  return runtime;
}

async function call(runtime: Runtime, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function token(runtime: Runtime, sub: string, groups: string[]): Promise<string> {
  return (
    await call(runtime, 'POST', '/_local/token', undefined, { sub, groups, email: `${sub}@example.com` })
  ).body.token;
}

async function until<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

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

    await first.stop();
    running.splice(running.indexOf(first), 1);
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
