import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, eventually, startApi } from './support.js';

let api: Api;
let agent: string;
let supervisor: string;
let customer: string;

beforeAll(async () => {
  api = await startApi();
  [agent, supervisor, customer] = await Promise.all([
    api.token('agent-1', ['agents']),
    api.token('sup-1', ['supervisors']),
    api.token('cust-contention', ['customers'], { email: 'cust-contention@example.com' }),
  ]);
});
afterAll(async () => api?.runtime.stop());

async function ticket(id: string) {
  return (await api.call('GET', `/v1/tickets/${id}`, { token: agent })).body;
}

/**
 * An inquiry, once the assigner has placed it (its one automatic write): nothing else writes to
 * it by itself, so every version bump below is one of ours.
 */
async function openInquiry(): Promise<{ id: string; version: number }> {
  const created = await api.call('POST', '/v1/tickets', {
    token: customer,
    body: { type: 'inquiry', reason: 'other', description: 'Where is my parcel?' },
  });
  expect(created.status).toBe(201);
  const fresh = await eventually(
    () => ticket(created.body.id),
    (read) =>
      read.timeline.some((e: { type: string }) => ['TicketAutoAssigned', 'TicketQueued'].includes(e.type)),
  );
  return { id: created.body.id, version: fresh.version };
}

describe('no legal write refused under contention', () => {
  it('lands 20 parallel messages on one ticket, each once, in commit order', async () => {
    const { id, version } = await openInquiry();
    const bodies = Array.from({ length: 20 }, (_, i) => `Message ${i + 1}`);

    const answers = await Promise.all(
      bodies.map((body) =>
        api.call('POST', `/v1/tickets/${id}/messages`, { token: customer, body: { body } }),
      ),
    );
    const after = await ticket(id);

    expect(answers.map((answer) => answer.status)).toEqual(bodies.map(() => 201));
    expect(after.version).toBe(version + 20);
    const messages = (after.timeline as { type: string; at: string; data: { body: string } }[]).filter(
      (event) => event.type === 'MessageAdded',
    );
    expect(messages.map((m) => m.data.body).sort()).toEqual([...bodies].sort());
    const at = messages.map((m) => m.at);
    expect(at).toEqual([...at].sort());
  }, 60_000);

  it('lands 10 parallel unversioned escalate and set_priority actions', async () => {
    const { id, version } = await openInquiry();
    const actions = [
      ...Array.from({ length: 3 }, () => ({ action: 'escalate', note: 'Customer is waiting.' })),
      ...Array.from({ length: 7 }, (_, i) => ({
        action: 'set_priority',
        priority: ['low', 'normal', 'high', 'urgent'][i % 4],
      })),
    ];

    const answers = await Promise.all(
      actions.map((body) => api.call('POST', `/v1/tickets/${id}/actions`, { token: supervisor, body })),
    );
    const after = await ticket(id);

    expect(answers.map((answer) => answer.status)).toEqual(actions.map(() => 200));
    expect(after.version).toBe(version + 10);
    expect(after.escalationLevel).toBe(3);
    const types = (after.timeline as { type: string }[]).map((event) => event.type);
    expect(types.filter((type) => type === 'TicketEscalated')).toHaveLength(3);
    expect(types.filter((type) => type === 'PriorityChanged')).toHaveLength(7);
  }, 60_000);

  it('still answers 409 STALE_VERSION to an action that names a version it no longer has', async () => {
    const { id, version } = await openInquiry();
    await api.call('POST', `/v1/tickets/${id}/messages`, { token: customer, body: { body: 'Hello?' } });

    const stale = await api.call('POST', `/v1/tickets/${id}/actions`, {
      token: agent,
      body: { action: 'set_priority', priority: 'high', version },
    });

    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
  });
});
