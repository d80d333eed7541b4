import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, eventually, orderFacts, startApi } from './support.js';

let api: Api;
let shop: string;
let li: string;
let agent: string;
let supervisor: string;
let admin: string;

async function putOrder(orderId: string, overrides: Record<string, unknown> = {}) {
  const response = await api.call('PUT', `/v1/orders/${orderId}`, {
    token: shop,
    body: orderFacts('li', overrides),
  });
  expect(response.status).toBeLessThan(300);
}

async function open(body: Record<string, unknown>) {
  const response = await api.call('POST', '/v1/tickets', { token: li, body });
  expect(response.status).toBe(201);
  return response.body;
}

const read = async (ticketId: string, token: string) =>
  (await api.call('GET', `/v1/tickets/${ticketId}`, { token })).body;

beforeAll(async () => {
  api = await startApi();
  [shop, li, agent, supervisor, admin] = await Promise.all([
    api.token('shop', ['integrations']),
    api.token('li', ['customers'], { email: 'li@example.com', locale: 'zh-CN' }),
    api.token('agent-1', ['agents']),
    api.token('sup-1', ['supervisors']),
    api.token('adm-1', ['admins']),
  ]);
});
afterAll(async () => api?.runtime.stop());

describe('classification at intake', () => {
  it('sends a Chinese threat of legal action to the complaints team as urgent, labelled for staff only', async () => {
    const created = await open({ type: 'inquiry', reason: 'service', description: '我要去12315投诉你们' });

    const staffView = await read(created.id, agent);
    const customerView = await read(created.id, li);

    expect(staffView).toMatchObject({ priority: 'urgent', team: 'complaints' });
    expect(staffView.classification.labels.map((entry: { label: string }) => entry.label)).toContain(
      'legal_threat',
    );
    expect(staffView.timeline.map((event: { type: string }) => event.type)).toContain('TicketClassified');
    expect(customerView).not.toHaveProperty('classification');
    expect(customerView).not.toHaveProperty('suggestedMacros');
    expect(customerView.timeline.map((event: { type: string }) => event.type)).not.toContain(
      'TicketClassified',
    );
  });

  it('flags a chosen reason the text contradicts', async () => {
    await putOrder('o-mismatch');
    const created = await open({
      type: 'return',
      orderId: 'o-mismatch',
      items: [{ sku: 'KETTLE-1', quantity: 1 }],
      reason: 'no_longer_needed',
      returnMethod: 'dropoff',
      description: 'The lid is cracked and it leaks.',
    });

    const staffView = await read(created.id, agent);

    expect(staffView.classification.reasonMismatch).toMatchObject({
      chosen: 'no_longer_needed',
      suggested: 'defective',
    });
  });

  it('lets supervisors read the classifier and only admins replace it', async () => {
    const current = await api.call('GET', '/v1/classifier', { token: supervisor });
    const byAgent = await api.call('GET', '/v1/classifier', { token: agent });
    const bySupervisor = await api.call('PUT', '/v1/classifier', {
      token: supervisor,
      body: { labels: current.body.labels, hints: current.body.hints },
    });

    expect(current.status).toBe(200);
    expect(current.body.version).toBe(0);
    expect(byAgent.status).toBe(403);
    expect(bySupervisor.status).toBe(403);
  });
});

describe('macros', () => {
  const body = {
    en: 'Hi {{customer.name}}, {{refund.amount}} comes back to you for ticket {{ticket.number}}. Could you send us a photo?',
    'zh-CN': '{{customer.name}}您好，工单{{ticket.number}}将退回{{refund.amount}}。请发一张照片给我们。',
  };

  it('refuses a macro with an unknown variable at save time, naming body.en', async () => {
    const response = await api.call('PUT', '/v1/macros/bad-variable', {
      token: supervisor,
      body: { title: 'Bad', body: { ...body, en: 'Hi {{customer.nickname}}' } },
    });
    const stored = await api.call('GET', '/v1/macros/bad-variable', { token: agent });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('MACRO_TEMPLATE_INVALID');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.en']);
    expect(stored.status).toBe(404);
  });

  it("answers a zh-CN customer in Chinese with the order's currency and applies its actions in one version", async () => {
    const saved = await api.call('PUT', '/v1/macros/photo-please', {
      token: supervisor,
      body: {
        title: 'Refund coming, photo please',
        body,
        actions: [{ action: 'set_priority', priority: 'high' }, { action: 'request_info' }],
        labels: ['quality'],
      },
    });
    expect(saved.status).toBe(200);
    await putOrder('o-usd', { currency: 'USD', customerName: '李雷' });
    // A return of two kettles (USD 258.00) and the shipping fee: staff approve it, no worker moves it.
    const created = await open({
      type: 'return',
      orderId: 'o-usd',
      items: [{ sku: 'KETTLE-1', quantity: 2 }],
      reason: 'defective',
      returnMethod: 'dropoff',
      description: '水壶漏水了',
    });
    // The assigner places the new ticket (one more version) before the macro races nothing.
    const judged = await eventually(
      () => read(created.id, agent),
      (view) => Boolean(view.assigneeId),
    );
    expect(judged.suggestedMacros).toEqual([
      { id: 'photo-please', title: 'Refund coming, photo please', labels: ['quality'] },
    ]);

    const applied = await api.call('POST', `/v1/tickets/${created.id}/macros/photo-please`, {
      token: agent,
      body: { version: judged.version },
    });

    expect(applied.status).toBe(200);
    expect(applied.body.message.data).toMatchObject({
      body: `李雷您好，工单#${created.id.replace(/-/g, '').slice(0, 8).toUpperCase()}将退回US$268.00。请发一张照片给我们。`,
      internal: false,
      macroId: 'photo-please',
      macroVersion: 1,
    });
    expect(applied.body.missing).toEqual([]);
    expect(applied.body.ticket).toMatchObject({
      priority: 'high',
      status: 'pending_customer',
      version: judged.version + 1,
    });
    const customerView = await read(created.id, li);
    expect(customerView.timeline.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['MessageAdded', 'InfoRequested']),
    );
    expect(customerView).not.toHaveProperty('classification');
  });

  it('lists, refuses a stale delete and deletes at the version read', async () => {
    const list = await api.call('GET', '/v1/macros', { token: agent });
    const stale = await api.call('DELETE', '/v1/macros/photo-please?version=9', { token: supervisor });
    const deleted = await api.call('DELETE', '/v1/macros/photo-please?version=1', { token: supervisor });
    const gone = await api.call('GET', '/v1/macros/photo-please', { token: agent });

    expect(list.body.items.map((macro: { id: string }) => macro.id)).toContain('photo-please');
    expect(stale.status).toBe(409);
    expect(deleted.status).toBe(204);
    expect(gone.status).toBe(404);
  });

  it('tags the ticket with a macro: the tags ride in the same write as the message, staff only', async () => {
    const saved = await api.call('PUT', '/v1/macros/tag-it', {
      token: admin,
      body: {
        title: 'Tag it',
        body,
        actions: [
          { action: 'add_tag', tag: 'photo-requested' },
          { action: 'remove_tag', tag: 'needs-triage' },
        ],
      },
    });
    expect(saved.status).toBe(200);
    const created = await open({ type: 'inquiry', reason: 'other', description: 'Where is my parcel?' });
    const placed = await eventually(
      () => read(created.id, agent),
      (view) => Boolean(view.assigneeId),
    );
    const tagged = await api.call('POST', `/v1/tickets/${created.id}/actions`, {
      token: agent,
      body: { action: 'add_tag', tag: 'needs-triage', version: placed.version },
    });
    expect(tagged.status).toBe(200);

    const applied = await api.call('POST', `/v1/tickets/${created.id}/macros/tag-it`, {
      token: agent,
      body: { version: tagged.body.version },
    });
    const staffView = await read(created.id, agent);
    const customerView = await read(created.id, li);

    expect(applied.status).toBe(200);
    expect(applied.body.ticket).toMatchObject({
      tags: ['photo-requested'],
      version: tagged.body.version + 1,
    });
    const types = staffView.timeline.map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(['TagAdded', 'TagRemoved', 'MessageAdded']));
    expect(customerView).not.toHaveProperty('tags');
    expect(customerView.timeline.map((event: { type: string }) => event.type)).not.toContain('TagAdded');
  });
});
