import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, eventually, startApi } from './support.js';

let api: Api;
let admin: string;
let agent: string;
let ann: string;

beforeAll(async () => {
  api = await startApi();
  [admin, agent, ann] = await Promise.all([
    api.token('admin-1', ['admins']),
    api.token('agent-1', ['agents']),
    api.token('ann', ['customers'], { email: 'ann@example.com' }),
  ]);
});
afterAll(async () => api?.runtime.stop());

type TimelineEvent = { type: string; at: string; data: Record<string, unknown> };

const fastPolicy = {
  name: 'Fast inquiries',
  match: { types: ['inquiry'] },
  order: 1,
  calendar: '24x7',
  targets: { firstResponseMinutes: 1, resolutionMinutes: 30 },
  warnAtPercent: 50,
  escalations: [{ level: 1, afterBreachMinutes: 0, notify: ['assignee'] }],
};

async function timeline(ticketId: string): Promise<TimelineEvent[]> {
  return (await api.call('GET', `/v1/tickets/${ticketId}`, { token: agent })).body.timeline;
}

describe('SLA policies and scheduled escalation', () => {
  it('validates policies, naming every bad field, and refuses non-admins', async () => {
    const asAgent = await api.call('PUT', '/v1/sla-policies/p1', { token: agent, body: fastPolicy });
    const invalid = await api.call('PUT', '/v1/sla-policies/p1', {
      token: admin,
      body: {
        ...fastPolicy,
        calendar: { timezone: 'Mars/Olympus', weekly: { mon: [['18:00', '09:00']] } },
        targets: { firstResponseMinutes: 0, resolutionMinutes: 30 },
        warnAtPercent: 150,
      },
    });
    const defaultWithMatch = await api.call('PUT', '/v1/sla-policies/default', {
      token: admin,
      body: fastPolicy,
    });

    expect(asAgent.status).toBe(403);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining([
        'calendar.timezone',
        'calendar.weekly.mon.0',
        'targets.firstResponseMinutes',
        'warnAtPercent',
      ]),
    );
    expect(defaultWithMatch.status).toBe(400);
  });

  it('moves open tickets onto a new policy, breaches and escalates within a sweep, and fires nothing twice', async () => {
    const before = await api.call('POST', '/v1/tickets', {
      token: ann,
      body: { type: 'inquiry', reason: 'other', description: 'Opened before the policy.' },
    });
    // The policy is the desk's: staff read it, the customer's view names only the deadlines.
    const policyOf = async (ticketId: string) =>
      (await api.call('GET', `/v1/tickets/${ticketId}`, { token: agent })).body.sla.policyId;
    expect(await policyOf(before.body.id)).toBe('default');

    const put = await api.call('PUT', '/v1/sla-policies/fast-inquiry', { token: admin, body: fastPolicy });
    const listed = await api.call('GET', '/v1/sla-policies', { token: admin });
    const moved = await eventually(
      async () => (await api.call('GET', `/v1/tickets/${before.body.id}`, { token: agent })).body,
      (ticket) =>
        ticket.sla.policyId === 'fast-inquiry' &&
        ticket.sla.firstResponse.dueAt !== before.body.sla.firstResponse.dueAt,
    );
    const created = await api.call('POST', '/v1/tickets', {
      token: ann,
      body: { type: 'inquiry', reason: 'other', description: 'Do you ship to Macau?' },
    });
    const id = created.body.id as string;
    const dueAt = Date.parse(created.body.sla.firstResponse.dueAt);

    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: 'fast-inquiry', version: 1, targets: { nextResponseMinutes: 1 } });
    expect(listed.body.items[0].id).toBe('fast-inquiry');
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining(['default', 'complaints', 'vip']),
    );
    expect(moved.sla.firstResponse.dueAt).not.toBe(before.body.sla.firstResponse.dueAt);
    expect(await policyOf(id)).toBe('fast-inquiry');
    expect(dueAt - Date.parse(created.body.createdAt)).toBe(60_000);

    const events = await eventually(
      () => timeline(id),
      (list) => list.some((e) => e.type === 'TicketEscalated'),
      90_000,
    );
    const warning = events.find((e) => e.type === 'SlaWarning' && e.data.metric === 'firstResponse');
    const breach = events.find((e) => e.type === 'SlaBreached' && e.data.metric === 'firstResponse');
    const escalation = events.find((e) => e.type === 'TicketEscalated');
    const ticket = (await api.call('GET', `/v1/tickets/${id}`, { token: agent })).body;
    const customerView = (await api.call('GET', `/v1/tickets/${id}`, { token: ann })).body;

    expect(warning).toBeDefined();
    expect(Date.parse(warning?.at ?? '')).toBeGreaterThanOrEqual(dueAt - 30_000);
    expect(breach).toBeDefined();
    // Fired within one sweep period (1 s here) of the deadline, plus processing slack.
    expect(Date.parse(breach?.at ?? '') - dueAt).toBeGreaterThanOrEqual(0);
    expect(Date.parse(breach?.at ?? '') - dueAt).toBeLessThan(3_000);
    expect(escalation?.data).toMatchObject({
      level: 1,
      trigger: 'sla',
      metric: 'firstResponse',
      notify: ['assignee'],
    });
    expect(ticket.sla.firstResponse.state).toBe('breached');
    expect(ticket.escalationLevel).toBe(1);
    expect(customerView.timeline.map((e: TimelineEvent) => e.type)).not.toContain('SlaBreached');

    const sqs = new SQSClient({
      endpoint: api.runtime.endpoints.sqs,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
    const redelivered = JSON.stringify({ kind: 'due', ticketId: id, dueAt: new Date(dueAt).toISOString() });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: api.runtime.queues['sla-timers'].url, MessageBody: redelivered }),
    );
    await sqs.send(
      new SendMessageCommand({ QueueUrl: api.runtime.queues['sla-timers'].url, MessageBody: redelivered }),
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    sqs.destroy();
    const after = await timeline(id);

    for (const type of ['SlaWarning', 'SlaBreached', 'TicketEscalated']) {
      expect(after.filter((e) => e.type === type && e.data.metric === 'firstResponse')).toHaveLength(1);
    }
  }, 120_000);
});
