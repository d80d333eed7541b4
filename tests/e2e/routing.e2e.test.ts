import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, eventually, orderFacts, startApi } from './support.js';

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
    // Team and priority are the desk's business: the staff view shows them, the customer's not.
    expect(created.body).not.toHaveProperty('team');
    const seen = await api.call('GET', `/v1/tickets/${created.body.id}`, { token: supervisor });
    expect(seen.body).toMatchObject({ team: 'vip', priority: 'high' });
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

describe('auto-assignment', () => {
  const timelineOf = async (ticketId: string) =>
    (await api.call('GET', `/v1/tickets/${ticketId}`, { token: supervisor })).body;
  const assigned = (ticketId: string) =>
    eventually(
      () => timelineOf(ticketId),
      (ticket) => ticket.assigneeId !== null,
    );

  it("assigns a VIP customer's ticket to an available vip agent, naming the rule and why", async () => {
    const vip = await customerWithOrder('c-vip-2', 'o-vip-2', 'vip');
    const created = await api.call('POST', '/v1/tickets', {
      token: vip,
      body: { type: 'inquiry', orderId: 'o-vip-2', reason: 'other', description: 'Invoice?', channel: 'web' },
    });
    const ticket = await assigned(created.body.id);
    expect(['agent-1', 'agent-3']).toContain(ticket.assigneeId);
    const event = ticket.timeline.find((entry: { type: string }) => entry.type === 'TicketAutoAssigned');
    expect(event).toMatchObject({
      visibility: 'internal',
      data: {
        team: 'vip',
        to: ticket.assigneeId,
        trigger: "routed by rule 'vip': rule 'vip' matched tier=vip",
      },
    });
    expect(event.data.reason).toContain('fewest open tickets');
    const staff = await api.call('GET', `/v1/staff/${ticket.assigneeId}`, { token: supervisor });
    expect(staff.body.openTickets).toBeGreaterThanOrEqual(1);
  });

  it('never puts an agent over capacity with 30 parallel tickets, and fills freed room from the queue', async () => {
    // A team of its own: two agents of capacity 3, so 6 are assigned and 24 wait.
    for (const id of ['agent-q1', 'agent-q2'])
      await api.call('PUT', `/v1/staff/${id}`, {
        token: admin,
        body: {
          name: id,
          email: `${id}@redress.local`,
          languages: ['en'],
          skills: ['inquiry'],
          capacity: 3,
          roles: ['agent'],
        },
      });
    expect(
      (
        await api.call('PUT', '/v1/teams/overflow', {
          token: admin,
          body: { name: 'Overflow', members: ['agent-q1', 'agent-q2'] },
        })
      ).status,
    ).toBe(200);
    const rules = await api.call('GET', '/v1/routing-rules', { token: admin });
    await api.call('PUT', '/v1/routing-rules', {
      token: admin,
      body: {
        rules: [
          { id: 'overflow', name: 'Overflow', match: { channels: ['chat'] }, team: 'overflow' },
          ...rules.body.rules,
        ],
        version: rules.body.version,
      },
    });
    const customer = await api.token('c-burst', ['customers'], { email: 'c-burst@example.com' });
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        api.call('POST', '/v1/tickets', {
          token: customer,
          body: { type: 'inquiry', reason: 'other', description: `Question ${index}`, channel: 'chat' },
        }),
      ),
    );
    expect(created.every((response) => response.status === 201)).toBe(true);
    const ids = created.map((response) => response.body.id as string);
    const settled = async () => Promise.all(ids.map(timelineOf));
    const tickets = await eventually(
      settled,
      (all) =>
        all.every((ticket) =>
          ticket.timeline.some((e: { type: string }) =>
            ['TicketAutoAssigned', 'TicketQueued'].includes(e.type),
          ),
        ),
      20_000,
    );
    const load = (id: string) => tickets.filter((ticket) => ticket.assigneeId === id).length;
    expect([load('agent-q1'), load('agent-q2')]).toEqual([3, 3]);
    for (const id of ['agent-q1', 'agent-q2'])
      expect((await api.call('GET', `/v1/staff/${id}`, { token: admin })).body.openTickets).toBe(3);

    // agent-q1 resolves one: the oldest-deadline waiting ticket is theirs within a hop.
    const done = tickets.find((ticket) => ticket.assigneeId === 'agent-q1');
    const q1 = await api.token('agent-q1', ['agents']);
    const resolved = await api.call('POST', `/v1/tickets/${done.id}/actions`, {
      token: q1,
      body: { action: 'resolve', summary: 'Answered.' },
    });
    expect(resolved.status).toBe(200);
    const refilled = await eventually(
      settled,
      (all) => all.filter((t) => t.assigneeId === 'agent-q1' && t.status !== 'resolved').length === 3,
    );
    expect(refilled.filter((t) => t.assigneeId === 'agent-q1' && t.status !== 'resolved')).toHaveLength(3);
    const taken = refilled.find(
      (ticket) =>
        ticket.assigneeId === 'agent-q1' &&
        ticket.timeline.some((e: { type: string }) => e.type === 'TicketQueued'),
    );
    expect(taken.timeline.find((e: { type: string }) => e.type === 'TicketAutoAssigned').data.trigger).toBe(
      `ticket ${done.id} resolved`,
    );
    expect((await api.call('GET', '/v1/staff/agent-q1', { token: admin })).body.openTickets).toBe(3);

    // A third agent joins the team: the room message hands them three waiting tickets.
    await api.call('PUT', '/v1/staff/agent-q3', {
      token: admin,
      body: {
        name: 'agent-q3',
        email: 'agent-q3@redress.local',
        languages: ['en'],
        skills: ['inquiry'],
        capacity: 3,
        roles: ['agent'],
      },
    });
    const team = await api.call('PUT', '/v1/teams/overflow', {
      token: admin,
      body: { name: 'Overflow', members: ['agent-q1', 'agent-q2', 'agent-q3'], version: 1 },
    });
    expect(team.status).toBe(200);
    const joined = await eventually(
      settled,
      (all) => all.filter((t) => t.assigneeId === 'agent-q3').length === 3,
    );
    const theirs = joined.filter((t) => t.assigneeId === 'agent-q3');
    expect(theirs).toHaveLength(3);
    expect(
      theirs[0].timeline.find((e: { type: string }) => e.type === 'TicketAutoAssigned').data.trigger,
    ).toBe('agent-q3 joined team overflow');
    expect((await api.call('GET', '/v1/staff/agent-q3', { token: admin })).body.openTickets).toBe(3);
  });
});
