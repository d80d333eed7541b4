import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, eventually, startApi } from './support.js';

let api: Api;
let ann: string;
let agent: string;
let supervisor: string;
let admin: string;
/** An inquiry left open by the setup. */
let waiting: string;

async function open(body: Record<string, unknown>): Promise<string> {
  const response = await api.call('POST', '/v1/tickets', { token: ann, body });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

async function act(ticketId: string, body: Record<string, unknown>) {
  const response = await api.call('POST', `/v1/tickets/${ticketId}/actions`, { token: agent, body });
  expect(response.status).toBe(200);
  return response.body;
}

const summary = (token: string, query = '') => api.call('GET', `/v1/reports/summary${query}`, { token });

beforeAll(async () => {
  api = await startApi();
  [ann, agent, supervisor, admin] = await Promise.all([
    api.token('ann', ['customers'], { email: 'ann@example.com' }),
    api.token('agent-1', ['agents']),
    api.token('sup-1', ['supervisors']),
    api.token('adm-1', ['admins']),
  ]);

  // Three inquiries and a complaint; one inquiry is taken, answered and resolved, then rated.
  const answered = await open({ type: 'inquiry', reason: 'other', description: 'Is the kettle 220V?' });
  waiting = await open({ type: 'inquiry', reason: 'other', description: 'Do you ship to Macau?' });
  await open({ type: 'inquiry', reason: 'late_delivery', description: 'Where is my parcel?' });
  await open({ type: 'complaint', reason: 'service', description: 'Nobody answered my call.' });
  await act(answered, { action: 'assign', assigneeId: 'agent-1' });
  const resolved = await act(answered, { action: 'resolve', summary: 'Yes, 220V.' });
  expect(resolved.status).toBe('resolved');
  const rated = await api.call('POST', `/v1/tickets/${answered}/satisfaction`, {
    token: ann,
    body: { score: 5, nps: 10, comment: 'Quick.' },
  });
  expect(rated.status).toBe(201);
  // The report reads aggregates fed from the table stream: wait for that hop to carry the rating.
  const caughtUp = await eventually(
    () => summary(supervisor),
    (response) => response.body.tickets === 4 && response.body.csat.responses === 1,
  );
  expect(caughtUp.body.csat.responses).toBe(1);
});
afterAll(async () => api?.runtime.stop());

describe('GET /v1/reports/summary', () => {
  it('summarizes the last 30 days for a supervisor', async () => {
    const response = await summary(supervisor);

    expect(response.status).toBe(200);
    const report = response.body;
    // The last 30 days, rounded out to the 31 whole UTC days around them.
    expect(Date.parse(report.to) - Date.parse(report.from)).toBe(31 * 24 * 60 * 60 * 1000);
    expect(report.from).toMatch(/T00:00:00\.000Z$/);
    expect(report.to).toMatch(/T00:00:00\.000Z$/);
    expect(Date.parse(report.requested.to) - Date.parse(report.requested.from)).toBe(
      30 * 24 * 60 * 60 * 1000,
    );
    expect(report).toMatchObject({
      tickets: 4,
      byType: { inquiry: 3, complaint: 1, refund: 0 },
      resolution: { met: 1, breached: 0, percentMet: 100 },
      csat: { responses: 1, average: 5, satisfiedPercent: 100 },
      nps: { responses: 1, promoters: 1, passives: 0, detractors: 0, score: 100 },
      backlog: { total: 3, byType: { inquiry: 2, complaint: 1 } },
      topComplaintReasons: [{ reason: 'service', count: 1 }],
      // The assigner spreads the other tickets over the desk; agent-1 holds the rated one.
      agents: expect.arrayContaining([
        expect.objectContaining({
          assigneeId: 'agent-1',
          resolved: 1,
          csatResponses: 1,
          csatAverage: 5,
          firstResponse: { met: 1, breached: 0, percentMet: 100 },
        }),
      ]),
    });
    expect(report.byStatus.resolved).toBe(1);
    expect(report.firstResponse.met).toBeGreaterThanOrEqual(1);
    expect(report.firstResponse.breached).toBe(0);
    expect(report.resolution.medianMinutes).toBeGreaterThanOrEqual(0);
  });

  it('counts only the tickets created in [from, to)', async () => {
    const past = await summary(admin, '?from=2020-01-01&to=2020-02-01');
    const around = await summary(
      admin,
      `?from=${new Date(Date.now() - 60 * 60 * 1000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`,
    );

    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({
      from: '2020-01-01T00:00:00.000Z',
      to: '2020-02-01T00:00:00.000Z',
      requested: null,
      tickets: 0,
      csat: { average: null },
    });
    expect(around.body.tickets).toBe(4);
  });

  it('is unchanged by a note or a customer message, and counts a resolution one stream hop later', async () => {
    const before = (await summary(supervisor)).body;
    const note = await api.call('POST', `/v1/tickets/${waiting}/messages`, {
      token: agent,
      body: { body: 'Check with the warehouse.', internal: true },
    });
    const message = await api.call('POST', `/v1/tickets/${waiting}/messages`, {
      token: ann,
      body: { body: 'Any news?' },
    });
    expect([note.status, message.status]).toEqual([201, 201]);
    // The assigner may have given it to another agent: a supervisor hands it to agent-1.
    const handed = await api.call('POST', `/v1/tickets/${waiting}/actions`, {
      token: supervisor,
      body: { action: 'assign', assigneeId: 'agent-1' },
    });
    expect(handed.status).toBe(200);
    await act(waiting, { action: 'resolve', summary: 'Yes, to Macau too.' });

    // The stream keeps the ticket's changes in order: once the resolution is counted, so are the
    // note and the message before it, and they added nothing.
    const after = (
      await eventually(
        () => summary(supervisor),
        (response) => response.body.byStatus.resolved === before.byStatus.resolved + 1,
      )
    ).body;

    expect(after.byStatus.resolved).toBe(before.byStatus.resolved + 1);
    expect(after).toMatchObject({
      tickets: before.tickets,
      byType: before.byType,
      backlog: { total: before.backlog.total - 1 },
      resolution: { met: before.resolution.met + 1, breached: 0 },
      csat: before.csat,
      nps: before.nps,
      topComplaintReasons: before.topComplaintReasons,
    });
    // Tickets are auto-assigned now: agent-1's row gains the resolution, whoever held it before.
    type AgentRow = { assigneeId: string; resolved: number; csatResponses: number };
    const agentOne = (report: { agents: AgentRow[] }) =>
      report.agents.find((row) => row.assigneeId === 'agent-1');
    expect(agentOne(after)?.resolved).toBe((agentOne(before)?.resolved ?? 0) + 1);
    expect(agentOne(after)?.csatResponses).toBe(agentOne(before)?.csatResponses ?? 0);
  });

  it('gives per-team figures beside the per-agent ones, the same measures', async () => {
    const report = (await summary(supervisor)).body;

    type TeamRow = { team: string; tickets: number; resolved: number; csatResponses: number };
    const teams = report.teams as TeamRow[];
    expect(teams.reduce((sum, row) => sum + row.tickets, 0)).toBe(report.tickets);
    expect(teams.reduce((sum, row) => sum + row.csatResponses, 0)).toBe(report.csat.responses);
    expect(teams.reduce((sum, row) => sum + row.resolved, 0)).toBeGreaterThanOrEqual(1);
    // Routing puts the complaint in the complaints team and the inquiries in support.
    expect(teams.map((row) => row.team).sort()).toEqual(['complaints', 'support']);
    for (const row of teams) {
      expect(Object.keys(row).sort()).toEqual(
        ['csatAverage', 'csatResponses', 'firstResponse', 'resolved', 'team', 'tickets'].sort(),
      );
    }
  });

  it('answers the per-agent table as CSV for Accept: text/csv, UTF-8 with a BOM, named from the staff records', async () => {
    // agent-1 gets a Chinese name with a comma and quotes: Excel must read it, RFC 4180 must quote it.
    const record = await api.call('GET', '/v1/staff/agent-1', { token: admin });
    expect(record.status).toBe(200);
    const fields = ['email', 'locale', 'teams', 'languages', 'skills', 'capacity', 'available', 'roles'];
    const renamed = await api.call('PUT', '/v1/staff/agent-1', {
      token: admin,
      body: {
        ...Object.fromEntries(fields.map((field) => [field, record.body[field]])),
        name: '王小明, "小王"',
        version: record.body.version,
      },
    });
    expect(renamed.status).toBe(200);
    const json = (await summary(supervisor)).body;

    const response = await fetch(`${api.url}/v1/reports/summary`, {
      headers: { authorization: `Bearer ${supervisor}`, accept: 'text/csv' },
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = text.slice(1).split('\r\n');
    expect(records.at(-1)).toBe('');
    expect(records[0]).toBe(
      'agentId,name,tickets,resolved,csatResponses,csatAverage,firstResponseMet,firstResponseBreached,firstResponsePercentMet',
    );
    type AgentRow = {
      assigneeId: string;
      tickets: number;
      resolved: number;
      csatResponses: number;
      csatAverage: number | null;
      firstResponse: { met: number; breached: number; percentMet: number | null };
    };
    const agents = json.agents as AgentRow[];
    expect(records.slice(1, -1).map((line) => line.split(',')[0])).toEqual(
      agents.map((row) => row.assigneeId),
    );
    const one = agents.find((row) => row.assigneeId === 'agent-1') as AgentRow;
    const { met, breached, percentMet } = one.firstResponse;
    const figures = [
      one.tickets,
      one.resolved,
      one.csatResponses,
      one.csatAverage,
      met,
      breached,
      percentMet,
    ];
    expect(one.csatAverage).toBe(5);
    expect(records).toContain(`agent-1,"王小明, ""小王""",${figures.map((n) => n ?? '').join(',')}`);
    // The same answer through the API client, checked against the OpenAPI document's text/csv.
    const checked = await api.call('GET', '/v1/reports/summary', {
      token: supervisor,
      headers: { accept: 'text/csv;q=0.9, application/json;q=0.1' },
    });
    expect(checked.status).toBe(200);
    expect(checked.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  it('answers 406 for an Accept header it cannot serve, and JSON when anything goes', async () => {
    const xml = await api.call('GET', '/v1/reports/summary', {
      token: supervisor,
      headers: { accept: 'application/xml' },
    });
    const anything = await api.call('GET', '/v1/reports/summary', {
      token: supervisor,
      headers: { accept: '*/*' },
    });

    expect(xml.status).toBe(406);
    expect(xml.body.code).toBe('NOT_ACCEPTABLE');
    expect(anything.status).toBe(200);
    expect(anything.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers 403 to agents and customers', async () => {
    expect((await summary(agent)).status).toBe(403);
    expect((await summary(ann)).status).toBe(403);
  });

  it('answers 400 naming every bad query field', async () => {
    const malformed = await summary(supervisor, '?from=yesterday&to=2026-02-30&team=x');
    const backwards = await summary(supervisor, '?from=2026-11-08&to=2026-11-01');
    const tooLong = await summary(supervisor, '?from=2024-01-01&to=2025-06-01');

    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'query.from',
      'query.team',
      'query.to',
    ]);
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.from', 'query.to']);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].message).toContain('366 days');
  });

  it('is described in the OpenAPI document with its ReportSummary schema, a text/csv answer and 406', async () => {
    const openapi = await api.call('GET', '/v1/openapi.json');

    const operation = openapi.body.paths['/v1/reports/summary'].get;
    expect(Object.keys(operation.responses['200'].content)).toEqual(['application/json', 'text/csv']);
    expect(operation.responses['200'].content['text/csv'].schema.type).toBe('string');
    expect(operation.responses['406']).toBeDefined();
    expect(openapi.body.components.schemas.ReportSummary).toBeDefined();
  });
});
