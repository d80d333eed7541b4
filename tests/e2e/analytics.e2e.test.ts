import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cell, queryArchive } from '../../local/event-archive.js';
import { type Api, eventually, orderFacts, startApi } from './support.js';

/**
 * The analytics archive end to end (ADR 22): tickets driven through the local runtime's API, their
 * public events archived by the bus stand-in, and the README's three queries run with DuckDB over
 * the `events` view, each checked against what this test did.
 */
let api: Api;
let dir: string;

/** The README's SQL blocks of the analytics section, in order. */
function readmeQueries(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('### Analytics archive')[1]?.split('\n### ')[0] ?? '';
  return [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

async function rows(sql: string): Promise<Cell[][]> {
  return (await queryArchive(dir, sql)).rows.map((row) => [...row]);
}

async function count(sql: string): Promise<number> {
  return Number((await rows(sql))[0]?.[0]);
}

const customers = { complainer: 'an-c-1', once: 'an-c-2', refunds: 'an-r-1', refundsToo: 'an-r-2' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redress-archive-'));
  api = await startApi({ archiveDir: dir });
  const [shop, agent] = await Promise.all([
    api.token('shop', ['integrations']),
    api.token('agent-1', ['agents']),
  ]);
  const tokenOf = (sub: string) => api.token(sub, ['customers'], { email: `${sub}@example.com` });
  const [complainer, once, refunds, refundsToo] = await Promise.all([
    tokenOf(customers.complainer),
    tokenOf(customers.once),
    tokenOf(customers.refunds),
    tokenOf(customers.refundsToo),
  ]);
  const open = async (token: string, body: Record<string, unknown>) => {
    const response = await api.call('POST', '/v1/tickets', { token, body: { channel: 'web', ...body } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  };
  const order = async (id: string, customerId: string) => {
    const shippedAt = new Date(Date.now() - 4 * 24 * 60 * 60 * 1000).toISOString();
    const response = await api.call('PUT', `/v1/orders/${id}`, {
      token: shop,
      body: orderFacts(customerId, { shippedAt }),
    });
    expect(response.status).toBe(201);
  };
  await Promise.all([
    order('an-o-1', customers.refunds),
    order('an-o-2', customers.refunds),
    order('an-o-3', customers.refundsToo),
  ]);

  // Three refunds paid by the one-click rule (each: what the units were paid plus the shipping fee
  // of 10.00): defective 25.00 + 10.00 and 2 × 25.00 + 10.00, missing item 129.00 + 10.00.
  const refunded = await Promise.all([
    open(refunds, {
      type: 'refund',
      orderId: 'an-o-1',
      items: [{ sku: 'MUG-1', quantity: 1 }],
      reason: 'defective',
    }),
    open(refunds, {
      type: 'refund',
      orderId: 'an-o-2',
      items: [{ sku: 'KETTLE-1', quantity: 1 }],
      reason: 'missing_item',
    }),
    open(refundsToo, {
      type: 'refund',
      orderId: 'an-o-3',
      items: [{ sku: 'MUG-1', quantity: 2 }],
      reason: 'defective',
    }),
  ]);
  // Three complaints, two by one customer; two inquiries, one answered by an agent.
  await open(complainer, { type: 'complaint', reason: 'service', description: 'Nobody called back.' });
  await open(complainer, { type: 'complaint', reason: 'service', description: 'Still nobody.' });
  await open(once, { type: 'complaint', reason: 'service', description: 'Rude courier.' });
  const asked = await open(complainer, { type: 'inquiry', reason: 'other', description: 'Is it 220V?' });
  await open(once, { type: 'inquiry', reason: 'other', description: 'Do you ship to Macau?' });
  const answer = await api.call('POST', `/v1/tickets/${asked}/messages`, {
    token: agent,
    body: { body: 'Yes, 220V.' },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);

  // The archive is one stream hop, the router and the bus behind the API: wait for the last rows.
  const archived = await eventually(
    () =>
      rows(`SELECT count(*) FILTER (WHERE event_type = 'TicketCreated'),
                   count(*) FILTER (WHERE event_type = 'RefundIssued'),
                   count(*) FILTER (WHERE event_type = 'MessageAdded')
            FROM events`),
    (result) => JSON.stringify(result) === JSON.stringify([[8, 3, 1]]),
    30_000,
  );
  expect(archived, `refunds ${refunded.join(', ')}`).toEqual([[8, 3, 1]]);
}, 90_000);

afterAll(async () => {
  await api?.runtime.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the analytics archive', () => {
  it('holds one row per public event, day by day, with ids and codes but none of the text', async () => {
    const written = readFileSync(
      join(dir, `day=${new Date().toISOString().slice(0, 10)}`, 'events.jsonl'),
      'utf8',
    );

    expect(written).toContain('"event_type":"TicketCreated"');
    for (const text of ['Nobody called back.', 'Yes, 220V.', 'Electric kettle', '@example.com', 'Macau'])
      expect(written).not.toContain(text);
    expect(
      await rows(`SELECT DISTINCT customer_id FROM events WHERE event_type = 'TicketCreated' ORDER BY 1`),
    ).toEqual([[customers.complainer], [customers.once], [customers.refunds], [customers.refundsToo]]);
  });

  it('answers the README’s three questions with what the test did', async () => {
    const [firstResponse, refundsByReason, repeatComplainers] = readmeQueries();
    expect(readmeQueries()).toHaveLength(3);

    const weeks = await queryArchive(dir, firstResponse ?? '');
    expect(weeks.columns).toEqual(['week', 'tickets', 'answered', 'within_a_day', 'percent']);
    expect(weeks.rows).toHaveLength(1);
    expect(weeks.rows[0]?.slice(1)).toEqual([8, 1, 1, 12.5]);

    expect(await rows(refundsByReason ?? '')).toEqual([
      ['missing_item', 'CNY', 1, 13_900],
      ['defective', 'CNY', 2, 3_500 + 6_000],
    ]);

    const complainers = await rows(repeatComplainers ?? '');
    expect(complainers.map((row) => row.slice(0, 2))).toEqual([[customers.complainer, 2]]);
  });

  it('counts a redelivered event once: the bus accepting it again adds a raw line, not a row', async () => {
    const again = api.runtime.busEvents.slice(0, 10);
    const ids = again.map((event) => `'${(event.detail as { id: string }).id}'`).join(', ');
    const client = new EventBridgeClient({ endpoint: api.runtime.endpoints.eventBus });

    await client.send(
      new PutEventsCommand({
        Entries: again.map((event) => ({
          EventBusName: event.busName,
          Source: event.source,
          DetailType: event.detailType,
          Detail: JSON.stringify(event.detail),
        })),
      }),
    );
    client.destroy();

    expect(again).toHaveLength(10);
    expect(await count(`SELECT count(*) FROM events_raw WHERE event_id IN (${ids})`)).toBe(20);
    expect(await count(`SELECT count(*) FROM events WHERE event_id IN (${ids})`)).toBe(10);
  });
});
