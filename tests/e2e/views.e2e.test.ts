import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, eventually, orderFacts, startApi } from './support.js';

let api: Api;
let shop: string;
let vi: string;
let tokens: Record<string, string>;
let supervisor: string;
const started = new Date().toISOString();

interface Summary {
  id: string;
  number: string;
  type: string;
  status: string;
  assigneeId: string | null;
  team: string;
  orderId: string | null;
  nextDeadline: { dueAt: string; state: string } | null;
}

const list = async (query: string, token = supervisor) => {
  const response = await api.call('GET', `/v1/tickets?${query}`, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as Summary[];
};
const ids = (items: Summary[]) => items.map((item) => item.id);
/** Queues: running deadlines ascending, tickets with none after them. */
const inDeadlineOrder = (items: Summary[]) => {
  const keys = items.map((item) => item.nextDeadline?.dueAt ?? '~');
  return keys.every((key, i) => i === 0 || (keys[i - 1] as string) <= key);
};

const opened: Summary[] = [];

beforeAll(async () => {
  api = await startApi();
  [shop, vi, supervisor] = await Promise.all([
    api.token('shop', ['integrations']),
    api.token('vi', ['customers'], { email: 'Vi.Shopper@Example.com', email_verified: true, locale: 'en' }),
    api.token('sup-1', ['supervisors']),
  ]);
  tokens = Object.fromEntries(
    await Promise.all(
      ['agent-1', 'agent-2', 'agent-3'].map(async (id) => [id, await api.token(id, ['agents'])]),
    ),
  );
  const order = await api.call('PUT', '/v1/orders/o-views-1', {
    token: shop,
    body: orderFacts('vi', { customerEmail: 'Vi.Shopper@Example.com' }),
  });
  expect(order.status).toBeLessThan(300);
  // Three inquiries a moment apart (one policy: deadlines in creation order) and a return on the order.
  for (const description of ['first question', 'second question', 'third question']) {
    const created = await api.call('POST', '/v1/tickets', {
      token: vi,
      body: { type: 'inquiry', reason: 'other', description },
    });
    expect(created.status).toBe(201);
    opened.push(created.body);
  }
  const claim = await api.call('POST', '/v1/tickets', {
    token: vi,
    body: {
      type: 'return',
      orderId: 'o-views-1',
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'defective',
      description: 'The handle came off.',
    },
  });
  expect(claim.status, JSON.stringify(claim.body)).toBe(201);
  opened.push(claim.body);
});
afterAll(async () => api?.runtime.stop());

describe('staff views', () => {
  it('lists each agent’s own queue and their teams’ queues by the nearest deadline', async () => {
    // The assigner gives each new ticket to someone within a moment.
    const assigned = await eventually(
      () => list(`view=all&createdFrom=${encodeURIComponent(started)}&limit=100`),
      (items) => opened.every((ticket) => items.find((item) => item.id === ticket.id)?.assigneeId),
    );
    const ours = assigned.filter((item) => opened.some((ticket) => ticket.id === item.id));
    expect(ours).toHaveLength(opened.length);

    for (const ticket of ours) {
      const token = tokens[ticket.assigneeId as string] as string;
      const mine = await list('view=mine&limit=100', token);
      const team = await list(`view=team&team=${ticket.team}&limit=100`);
      const unassigned = await list('view=unassigned&limit=100');

      expect(ids(mine)).toContain(ticket.id);
      expect(mine.every((item) => item.assigneeId === ticket.assigneeId)).toBe(true);
      expect(inDeadlineOrder(mine)).toBe(true);
      expect(ids(team)).toContain(ticket.id);
      expect(team.every((item) => item.team === ticket.team)).toBe(true);
      expect(inDeadlineOrder(team)).toBe(true);
      expect(ids(unassigned)).not.toContain(ticket.id);
    }
    // The inquiries' deadlines follow their creation: the supervisor's teams list them in that order.
    const inquiries = opened.slice(0, 3).map((ticket) => ticket.id);
    const teams = ids(await list('view=team&limit=100')).filter((id) => inquiries.includes(id));
    expect(teams).toEqual(inquiries);
  });

  it('lists breached tickets as breached, none of the fresh ones, and those waiting for the customer', async () => {
    const [asked] = opened;
    const ticket = (await api.call('GET', `/v1/tickets/${asked?.id}`, { token: supervisor })).body;
    const requested = await api.call('POST', `/v1/tickets/${asked?.id}/actions`, {
      token: supervisor,
      body: { action: 'request_info', message: 'Which parcel?', version: ticket.version },
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);

    const pending = await eventually(
      () => list('view=pending_customer&limit=100'),
      (items) => ids(items).includes(asked?.id as string),
    );
    const breached = await list('view=breached&limit=100');
    const breaching = await list('view=breaching&limit=100');

    expect(ids(pending)).toContain(asked?.id);
    expect(pending.every((item) => item.status === 'pending_customer')).toBe(true);
    expect(breached.every((item) => item.nextDeadline?.state === 'breached')).toBe(true);
    expect(inDeadlineOrder(breached)).toBe(true);
    expect(breaching.every((item) => item.nextDeadline?.state === 'warned')).toBe(true);
    for (const fresh of opened) {
      expect(ids(breached)).not.toContain(fresh.id);
      expect(ids(breaching)).not.toContain(fresh.id);
    }
  });

  it('finds tickets by number, order id and email, and filters', async () => {
    const [first, , , claim] = opened;
    const number = String(first?.id).replace(/-/g, '').slice(0, 8).toUpperCase();

    const byNumber = await list(`q=${encodeURIComponent(`#${number}`)}`);
    const byBareNumber = await list(`q=${number.toLowerCase()}`);
    const byOrder = await list('q=o-views-1');
    const byEmail = await list(`q=${encodeURIComponent('vi.shopper@EXAMPLE.com')}`);
    const returns = await list(`view=all&type=return&createdFrom=${encodeURIComponent(started)}`);
    const own = await list('limit=100', vi);

    expect(ids(byNumber)).toContain(first?.id);
    expect(byNumber.every((item) => item.number === `#${number}`)).toBe(true);
    expect(ids(byBareNumber)).toEqual(ids(byNumber));
    expect(ids(byOrder)).toEqual([claim?.id]);
    expect(ids(byEmail).sort()).toEqual(opened.map((ticket) => ticket.id).sort());
    expect(ids(returns)).toEqual([claim?.id]);
    expect(ids(own).sort()).toEqual(opened.map((ticket) => ticket.id).sort());
  });

  it('answers 400 naming each bad parameter, and a team view for someone in no team', async () => {
    const bad = await api.call(
      'GET',
      '/v1/tickets?view=nope&priority=very&channel=fax&createdFrom=yesterday&tag=Not%20A%20Tag&limit=0',
      { token: supervisor },
    );
    const reversed = await api.call(
      'GET',
      '/v1/tickets?createdFrom=2026-12-02&createdTo=2026-12-01&q=o-views-1&view=mine',
      { token: supervisor },
    );
    const noTeam = await api.call('GET', '/v1/tickets?view=team', {
      token: await api.token('temp-1', ['agents']),
    });

    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(
      [
        'query.channel',
        'query.createdFrom',
        'query.limit',
        'query.priority',
        'query.tag',
        'query.view',
      ].sort(),
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'query.createdTo',
      'query.view',
    ]);
    expect(noTeam.status).toBe(400);
    expect(noTeam.body.errors.map((error: { path: string }) => error.path)).toEqual(['query.team']);
  });
});
