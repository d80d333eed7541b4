import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpPaymentGateway } from '../../functions/tickets/workflows/refund/adapters/payment-gateway.http.js';
import { TransientGatewayError } from '../../functions/tickets/workflows/refund/domain/ports.js';
import { startApiServer } from '../../local/api-server.js';
import { LocalIssuer } from '../../local/auth.js';
import { closeServer } from '../../local/emulators.js';
import { PartnerSimulators } from '../../local/partners.js';

const SECRET = 'partner-test-secret';
let dir: string;
const servers: Server[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'redress-partners-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The local API server with only the partner simulators in use. */
async function serve(partners: PartnerSimulators): Promise<string> {
  const { url, server } = await startApiServer({
    port: 0,
    issuer: new LocalIssuer('unused'),
    sesEndpoint: 'http://127.0.0.1:9',
    busEvents: [],
    log: () => undefined,
    partners,
  });
  servers.push(server);
  return url;
}

async function behave(url: string, body: unknown): Promise<void> {
  const response = await fetch(`${url}/_local/gateway/behaviour`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

const payment = (key: string) => ({
  idempotencyKey: key,
  reference: 't-lost',
  orderId: 'o-1',
  amount: 2500,
  currency: 'CNY',
});

describe('payment gateway simulator', () => {
  it('in lost mode pays, drops the answer until the caller gives up, and replays the payment for the same key', async () => {
    const partners = new PartnerSimulators(SECRET);
    const url = await serve(partners);
    const gateway = new HttpPaymentGateway(`${url}/_local/gateway`, SECRET, 300);
    await behave(url, { mode: 'lost', times: 1 });

    const first = gateway.refund(payment('t-lost#1'));
    await expect(first).rejects.toThrow(TransientGatewayError);
    await expect(first).rejects.toThrow(/no answer/);
    const found = await gateway.lookup('t-lost#1');
    const replay = await gateway.refund(payment('t-lost#1'));

    expect(partners.payments).toHaveLength(1);
    expect(found).toEqual({ state: 'paid', gatewayRefundId: partners.payments[0]?.id });
    expect(replay).toEqual({ gatewayRefundId: partners.payments[0]?.id });
  });

  it('looks a payment up by idempotency key: 200 paid, 404 not_found, signed requests only', async () => {
    const partners = new PartnerSimulators(SECRET);
    const url = await serve(partners);
    const gateway = new HttpPaymentGateway(`${url}/_local/gateway`, SECRET, 2000);
    const paid = await gateway.refund(payment('t-2#1'));

    const raw = await fetch(`${url}/_local/gateway/refunds/${encodeURIComponent('t-2#1')}`);
    const missing = await fetch(`${url}/_local/gateway/refunds/nope`);

    expect(await gateway.lookup('t-2#1')).toEqual({ state: 'paid', gatewayRefundId: paid.gatewayRefundId });
    expect(await gateway.lookup('t-2#2')).toEqual({ state: 'not_found' });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toEqual({
      id: paid.gatewayRefundId,
      idempotencyKey: 't-2#1',
      amount: 2500,
      currency: 'CNY',
      status: 'paid',
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ status: 'not_found' });
    await expect(
      new HttpPaymentGateway(`${url}/_local/gateway`, 'not-the-secret', 2000).lookup('t-2#1'),
    ).rejects.toThrow(/HTTP 401/);
  });

  it('keeps payments, idempotency keys and pickups in its file across a restart', async () => {
    const file = join(dir, 'partners.json');
    const before = new PartnerSimulators(SECRET, { file });
    const url = await serve(before);
    const paid = await new HttpPaymentGateway(`${url}/_local/gateway`, SECRET, 2000).refund(payment('t-3#1'));
    const booking = before.bookPickup(
      ...signedPickup({ reference: 't-3', address: 'Nanjing Rd 1', window: null }, 'pk-key'),
    );

    const after = new PartnerSimulators(SECRET, { file });
    const afterUrl = await serve(after);
    const replay = await new HttpPaymentGateway(`${afterUrl}/_local/gateway`, SECRET, 2000).refund(
      payment('t-3#1'),
    );
    const rebooked = after.bookPickup(
      ...signedPickup({ reference: 't-3', address: 'Nanjing Rd 1', window: null }, 'pk-key'),
    );

    expect(replay.gatewayRefundId).toBe(paid.gatewayRefundId);
    expect(after.payments).toHaveLength(1);
    expect(after.pickups).toHaveLength(1);
    expect(rebooked).toEqual({ status: 200, body: booking.body });
  });

  it('keeps everything in memory without a file', () => {
    const partners = new PartnerSimulators(SECRET);
    partners.bookPickup(...signedPickup({ reference: 't-4', address: 'x', window: null }, 'k'));

    expect(new PartnerSimulators(SECRET).pickups).toHaveLength(0);
  });
});

function signedPickup(body: unknown, key: string): [Record<string, string>, string] {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  return [
    {
      'x-redress-timestamp': timestamp,
      'x-redress-signature': sign(timestamp, text),
      'idempotency-key': key,
    },
    text,
  ];
}

function sign(timestamp: string, body: string): string {
  return createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
}
