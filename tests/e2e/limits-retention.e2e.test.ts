import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_THROTTLES } from '../../lib/config/http.js';
import { type Api, eventually, orderFacts, startApi } from './support.js';

const MAX_TICKETS_PER_HOUR = 3;
/** Four seconds: an ended ticket loses its personal data that long after it closed. */
const RETENTION_DAYS = 4 / 86_400;

let api: Api;
let shop: string;
let agent: string;

beforeAll(async () => {
  api = await startApi({
    maxTicketsPerHour: MAX_TICKETS_PER_HOUR,
    retentionDays: RETENTION_DAYS,
    // API Gateway's throttles, as the stage deploys them (lib/config/http.ts).
    routeThrottles: true,
  });
  [shop, agent] = await Promise.all([
    api.token('shop-platform', ['integrations']),
    api.token('agent-1', ['agents']),
  ]);
});
afterAll(async () => api?.runtime.stop());

async function customer(name: string) {
  const customerId = `${name}-${Date.now()}`;
  const orderId = `o-${customerId}`;
  expect(
    (await api.call('PUT', `/v1/orders/${orderId}`, { token: shop, body: orderFacts(customerId) })).status,
  ).toBe(201);
  return { customerId, orderId, token: await api.token(customerId, ['customers']) };
}

const inquiry = (orderId: string, description: string) => ({
  type: 'inquiry',
  orderId,
  reason: 'other',
  description,
});

async function ticketsOf(token: string): Promise<string[]> {
  const page = await api.call('GET', '/v1/tickets', { token });
  return (page.body.items as { id: string }[]).map((ticket) => ticket.id);
}

describe('tickets per customer and hour', () => {
  it('answers the (N+1)th ticket of the hour 429 TOO_MANY_TICKETS with Retry-After, and creates nothing', async () => {
    // Prepare
    const bo = await customer('bo');
    for (let n = 1; n <= MAX_TICKETS_PER_HOUR; n++) {
      const created = await api.call('POST', '/v1/tickets', {
        token: bo.token,
        body: inquiry(bo.orderId, `Question ${n}`),
      });
      expect(created.status).toBe(201);
    }

    // Act
    const refused = await api.call('POST', '/v1/tickets', {
      token: bo.token,
      body: inquiry(bo.orderId, 'One question too many'),
    });

    // Assess
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, code: 'TOO_MANY_TICKETS' });
    const secondsToHourEnd = 3600 - Math.floor((Date.now() % 3_600_000) / 1000);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(secondsToHourEnd + 1);
    expect(await ticketsOf(bo.token)).toHaveLength(MAX_TICKETS_PER_HOUR);
  });

  it('counts each customer alone, and not the tickets staff open for them', async () => {
    // Prepare: another customer used up their hour
    const cy = await customer('cy');
    const di = await customer('di');
    for (let n = 1; n <= MAX_TICKETS_PER_HOUR; n++) {
      expect(
        (await api.call('POST', '/v1/tickets', { token: cy.token, body: inquiry(cy.orderId, `Cy ${n}`) }))
          .status,
      ).toBe(201);
    }

    // Act
    const byDi = await api.call('POST', '/v1/tickets', {
      token: di.token,
      body: inquiry(di.orderId, 'Mine'),
    });
    const byStaff = await api.call('POST', '/v1/tickets', {
      token: agent,
      body: { ...inquiry(cy.orderId, 'Phoned in'), channel: 'phone' },
    });

    // Assess
    expect(byDi.status).toBe(201);
    expect(byStaff.status).toBe(201);
    expect(await ticketsOf(cy.token)).toHaveLength(MAX_TICKETS_PER_HOUR + 1);
  });

  it('does not count a retry with the same Idempotency-Key', async () => {
    // Prepare
    const ed = await customer('ed');
    const headers = { 'idempotency-key': `ed-${Date.now()}` };
    for (let n = 1; n <= MAX_TICKETS_PER_HOUR; n++) {
      const first = await api.call('POST', '/v1/tickets', {
        token: ed.token,
        body: inquiry(ed.orderId, 'Same request'),
        headers,
      });
      // Act + Assess: every retry answers the first ticket, and the hour still has room
      expect(first.status).toBe(201);
    }
    const another = await api.call('POST', '/v1/tickets', {
      token: ed.token,
      body: inquiry(ed.orderId, 'Next'),
    });
    expect(another.status).toBe(201);
    expect(await ticketsOf(ed.token)).toHaveLength(2);
  });
});

describe("the stage's throttle on the public survey route", () => {
  it("answers 429 with API Gateway's body beyond the burst, leaves the other routes alone, and lets answers through again", async () => {
    // Prepare: anyone may call the survey route; a made-up token gets the handler's 401
    const answer = () => api.call('POST', '/v1/surveys/not-a-real-token', { body: { score: 5 } });
    const { burstLimit } = ROUTE_THROTTLES.publicWrite;

    // Act: three bursts' worth at once
    const answers = await Promise.all(Array.from({ length: burstLimit * 3 }, answer));
    const ticketMeanwhile = await customer('gus').then((gus) =>
      api.call('POST', '/v1/tickets', { token: gus.token, body: inquiry(gus.orderId, 'Still open?') }),
    );

    // Assess
    const throttled = answers.filter((response) => response.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(burstLimit);
    expect(answers.every((response) => [401, 429].includes(response.status))).toBe(true);
    expect(throttled[0]?.body).toEqual({ message: 'Too Many Requests' });
    expect(ticketMeanwhile.status).toBe(201);
    // The bucket refills at the route's rate: an answer reaches the handler again.
    const later = await eventually(answer, (response) => response.status !== 429, 10_000);
    expect(later.status).toBe(401);
  });
});

describe('retention', () => {
  const act = (ticketId: string, token: string, body: Record<string, unknown>) =>
    api.call('POST', `/v1/tickets/${ticketId}/actions`, { token, body });

  it("erases a closed ticket's personal data RETENTION_DAYS after it closed, by its due timer, and nothing else", async () => {
    // Prepare: one ticket answered and closed, another still open
    const fay = await customer('fay');
    const closing = await api.call('POST', '/v1/tickets', {
      token: fay.token,
      body: inquiry(fay.orderId, 'Does the kettle fit 110 V? I live at Qingdao Road 7.'),
    });
    const open = await api.call('POST', '/v1/tickets', {
      token: fay.token,
      body: inquiry(fay.orderId, 'Where is my receipt?'),
    });
    const id = closing.body.id as string;
    expect(
      (
        await api.call('POST', `/v1/tickets/${id}/messages`, {
          token: agent,
          body: { body: 'Yes, Fay, it takes 110 V.' },
        })
      ).status,
    ).toBe(201);
    expect((await act(id, agent, { action: 'resolve', summary: 'Answered: 110 V is fine.' })).status).toBe(
      200,
    );

    // Act
    const closed = await act(id, fay.token, { action: 'close' });
    expect(closed.status).toBe(200);

    // Assess: a few seconds later the sweep finds it due and the privacy worker erases it
    const read = () => api.call('GET', `/v1/tickets/${id}`, { token: fay.token });
    const erased = await eventually(read, (ticket) => ticket.body.description === '[erased]', 20_000);
    expect(erased.body).toMatchObject({ status: 'closed', description: '[erased]', type: 'inquiry' });
    const texts = JSON.stringify(erased.body.timeline);
    expect(texts).not.toContain('110 V');
    expect(texts).not.toContain('Fay');
    expect(texts).toContain('[erased]');
    const untouched = await api.call('GET', `/v1/tickets/${open.body.id}`, { token: fay.token });
    expect(untouched.body.description).toBe('Where is my receipt?');
    // The export marks the erased ticket; the order's facts are the customer's, not the ticket's.
    const exported = await api.call('GET', '/v1/me/data', { token: fay.token });
    const tickets = exported.body.tickets as { id: string; erasedAt: string | null }[];
    expect(tickets.find((ticket) => ticket.id === id)?.erasedAt).toEqual(expect.any(String));
    expect(tickets.find((ticket) => ticket.id === open.body.id)?.erasedAt).toBeNull();
  });
});
