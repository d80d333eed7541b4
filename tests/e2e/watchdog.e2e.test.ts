import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, eventually, orderFacts, startApi } from './support.js';

/**
 * Nothing stuck (issue 13): a queue message lost on the way to a worker delays a ticket; the
 * watchdog re-drives the step through the same idempotent path, and after its re-drives raises
 * an operations alert and mails staff. The watchdog window is one second here.
 */
let api: Api;
let shop: string;
let agent: string;
let seq = 0;

async function pushOrder(customerId: string) {
  seq += 1;
  const orderId = `wd-${seq}-${Date.now()}`;
  const response = await api.call('PUT', `/v1/orders/${orderId}`, {
    token: shop,
    body: orderFacts(customerId),
  });
  expect(response.status).toBe(201);
  return orderId;
}

async function ticket(id: string) {
  return (await api.call('GET', `/v1/tickets/${id}`, { token: agent })).body;
}

async function dropNext(queue: string, times: number) {
  const response = await api.call('POST', `/_local/queues/${queue}/drop`, { body: { times } });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  api = await startApi({ watchdogSeconds: 1 });
  [shop, agent] = await Promise.all([api.token('shop', ['integrations']), api.token('agent-8', ['agents'])]);
});
afterAll(async () => api?.runtime.stop());

describe('watchdog', () => {
  it('re-drives a one-click refund whose message was lost: judged, paid once', async () => {
    const customer = await api.token('wd-ann', ['customers'], { email: 'wd-ann@example.com' });
    const orderId = await pushOrder('wd-ann');
    await dropNext('refunds', 1);
    const created = await api.call('POST', '/v1/tickets', {
      token: customer,
      body: { type: 'refund', orderId, items: [{ sku: 'MUG-1', quantity: 1 }], reason: 'missing_item' },
    });

    const done = await eventually(
      () => ticket(created.body.id),
      (t) => t.status === 'refunded',
      20_000,
    );
    const paid = (
      (await api.call('GET', '/_local/gateway/refunds')).body.refunds as { reference: string }[]
    ).filter((p) => p.reference === created.body.id);

    expect(done.status).toBe('refunded');
    expect(done.timeline.find((e: any) => e.type === 'WorkflowRedriven').data).toMatchObject({
      step: 'auto-approval',
      redrive: 1,
      event: { type: 'TicketCreated' },
    });
    expect(paid).toHaveLength(1);
  });

  it('alerts operations and staff once a step stays stuck after its re-drives', async () => {
    const customer = await api.token('wd-bob', ['customers'], { email: 'wd-bob@example.com' });
    await dropNext('complaints', 100);
    const created = await api.call('POST', '/v1/tickets', {
      token: customer,
      body: { type: 'complaint', reason: 'service', description: 'Rude courier.' },
    });

    const stuck = await eventually(
      () => ticket(created.body.id),
      (t) => t.timeline.some((e: any) => e.type === 'WorkflowStuck'),
      28_000,
    );
    const redrives = stuck.timeline.filter((e: any) => e.type === 'WorkflowRedriven');
    // Staff alerts go to the assignee (the assigner gave the complaint to an agent), else to the
    // team's supervisors.
    const alerted = `${stuck.assigneeId ?? 'sup-1'}@redress.local`;
    const staffMail = await eventually(
      async () =>
        ((await api.call('GET', '/_local/emails')).body.emails as { to: string; subject: string }[]).filter(
          (mail) => mail.to.includes(alerted) && /stuck|停滞/.test(mail.subject),
        ),
      (mails) => mails.length > 0,
    );

    expect(stuck.status).toBe('open');
    expect(redrives.map((e: any) => e.data.redrive)).toEqual([1, 2, 3]);
    expect(stuck.timeline.find((e: any) => e.type === 'WorkflowStuck').data).toMatchObject({
      step: 'complaint-acknowledgement',
      redrives: 3,
    });
    expect(staffMail).toHaveLength(1);
  }, 40_000);
});
