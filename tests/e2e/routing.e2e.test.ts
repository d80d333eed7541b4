import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, orderFacts, startApi } from './support.js';

let api: Api;
let agent1: string;
let supervisor: string;
let admin: string;
let shop: string;

beforeAll(async () => {
  api = await startApi();
  [agent1, supervisor, admin] = await Promise.all([
    api.token('agent-1', ['agents']),
    api.token('sup-1', ['supervisors']),
    api.token('admin-1', ['admins']),
  ]);
  shop = await api.token('shop', ['integrations']);
});
afterAll(async () => api?.runtime.stop());

describe('staff, teams and routing rules', () => {
  it('serves the seeded desk to supervisors, and not to agents', async () => {
    const staff = await api.call('GET', '/v1/staff', { token: supervisor });
    expect(staff.status).toBe(200);
    expect(staff.body.items.map((member: { id: string }) => member.id)).toEqual([
      'admin-1',
      'agent-1',
      'agent-2',
      'agent-3',
      'sup-1',
    ]);
    const teams = await api.call('GET', '/v1/teams', { token: supervisor });
    expect(teams.body.items.find((team: { id: string }) => team.id === 'vip')).toMatchObject({
      members: ['agent-1', 'agent-3', 'sup-1'],
      supervisors: ['sup-1'],
    });
    const rules = await api.call('GET', '/v1/routing-rules', { token: supervisor });
    expect(rules.body.rules.map((rule: { id: string }) => rule.id)).toContain('vip');
    expect((await api.call('GET', '/v1/staff', { token: agent1 })).status).toBe(403);
  });

  it('lets an admin save a member and refuses every bad field at once, changing nothing', async () => {
    const bad = await api.call('PUT', '/v1/staff/agent-9', {
      token: admin,
      body: { name: '', email: 'nope', languages: [], capacity: -1, roles: ['agent'], teams: ['nowhere'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'capacity',
      'email',
      'languages',
      'name',
    ]);
    const unknownTeam = await api.call('PUT', '/v1/staff/agent-9', {
      token: admin,
      body: {
        name: 'Nine',
        email: 'nine@redress.local',
        languages: ['en'],
        capacity: 3,
        roles: ['agent'],
        teams: ['nowhere'],
      },
    });
    expect(unknownTeam.status).toBe(400);
    expect(unknownTeam.body.errors).toEqual([{ path: 'teams.0', message: 'No team nowhere.' }]);
    expect((await api.call('GET', '/v1/staff/agent-9', { token: admin })).status).toBe(404);

    const saved = await api.call('PUT', '/v1/staff/agent-9', {
      token: admin,
      body: {
        name: 'Nine',
        email: 'nine@redress.local',
        languages: ['en'],
        capacity: 3,
        roles: ['agent'],
        teams: ['support'],
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ id: 'agent-9', capacity: 3, openTickets: 0, version: 1 });
    const stale = await api.call('PUT', '/v1/staff/agent-9', {
      token: admin,
      body: {
        name: 'Nine',
        email: 'nine@redress.local',
        languages: ['en'],
        capacity: 4,
        roles: ['agent'],
        version: 0,
      },
    });
    expect(stale.status).toBe(409);
    expect((await api.call('PUT', '/v1/staff/me', { token: admin, body: saved.body })).status).toBe(400);
  });

  it('lets an agent set their own availability', async () => {
    const away = await api.call('PUT', '/v1/staff/me/availability', {
      token: agent1,
      body: { available: false },
    });
    expect(away.status).toBe(200);
    expect(away.body).toMatchObject({ id: 'agent-1', available: false });
    const back = await api.call('PUT', '/v1/staff/me/availability', {
      token: agent1,
      body: { available: true },
    });
    expect(back.body.available).toBe(true);
    const stranger = await api.token('agent-77', ['agents']);
    expect(
      (await api.call('PUT', '/v1/staff/me/availability', { token: stranger, body: { available: true } }))
        .status,
    ).toBe(404);
  });

  it('lets an admin save a team and routing rules naming only existing teams', async () => {
    const team = await api.call('PUT', '/v1/teams/returns-desk', {
      token: admin,
      body: { name: 'Returns desk', members: ['agent-2'], supervisors: ['sup-1'] },
    });
    expect(team.status).toBe(200);
    expect(team.body).toMatchObject({ id: 'returns-desk', members: ['agent-2'], version: 1 });
    expect((await api.call('GET', '/v1/staff/agent-2', { token: admin })).body.teams).toContain(
      'returns-desk',
    );

    const current = await api.call('GET', '/v1/routing-rules', { token: admin });
    const refused = await api.call('PUT', '/v1/routing-rules', {
      token: admin,
      body: { rules: [{ id: 'x', name: 'X', match: { types: ['return'] }, team: 'ghosts' }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'rules.0.team', message: 'No team ghosts.' }]);
    const saved = await api.call('PUT', '/v1/routing-rules', {
      token: admin,
      body: { rules: [...current.body.rules], version: current.body.version },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(current.body.version + 1);
  });
});

async function customerWithOrder(customerId: string, orderId: string, tier: string) {
  const token = await api.token(customerId, ['customers'], { email: `${customerId}@example.com` });
  const order = await api.call('PUT', `/v1/orders/${orderId}`, {
    token: shop,
    body: orderFacts(customerId, { customerTier: tier, locale: 'en' }),
  });
  expect([200, 201]).toContain(order.status);
  return token;
}

describe('routing at creation', () => {
  it("sends a VIP customer's ticket to the vip team at high priority, and says which rule and why", async () => {
    const vip = await customerWithOrder('c-vip', 'o-vip-1', 'vip');
    const created = await api.call('POST', '/v1/tickets', {
      token: vip,
      body: {
        type: 'inquiry',
        orderId: 'o-vip-1',
        reason: 'other',
        description: 'Gift wrap?',
        channel: 'web',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ team: 'vip', priority: 'high' });
    const seen = await api.call('GET', `/v1/tickets/${created.body.id}`, { token: supervisor });
    expect(seen.body.timeline.find((event: { type: string }) => event.type === 'TicketRouted')).toMatchObject(
      {
        visibility: 'internal',
        data: { team: 'vip', priority: 'high', rule: 'vip', reason: "rule 'vip' matched tier=vip" },
      },
    );
    // The customer's own view leaves the internal routing out.
    const own = await api.call('GET', `/v1/tickets/${created.body.id}`, { token: vip });
    expect(own.body.timeline.map((event: { type: string }) => event.type)).not.toContain('TicketRouted');
  });
});
