import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPersonalDataWriter } from '../../functions/privacy/adapters/personal-data-writer.dynamodb.js';
import { erasedTicketFields } from '../../functions/privacy/domain/tombstone.js';
import { ValidationError } from '../../functions/shared/errors.js';
import { indexPartitions } from '../../functions/tickets/adapters/ticket-indexes.js';
import { DynamoDbTicketRepository } from '../../functions/tickets/adapters/ticket-repository.dynamodb.js';
import { openTicket } from '../../functions/tickets/domain/open-ticket.js';
import type { Ticket } from '../../functions/tickets/domain/ticket.js';
import type { TicketSearch, TicketSummary } from '../../functions/tickets/domain/ticket-views.js';
import { openInput, waitingForCustomer } from '../fixtures/builders.js';
import { type LocalTable, startLocalTable } from './support.js';

let table: LocalTable;
let repository: DynamoDbTicketRepository;

/** 18 tickets over three days (six a day, an hour apart), in two teams; ids spread over every shard. */
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04'];
const tickets: Ticket[] = DAYS.flatMap((day, d) =>
  Array.from({ length: 6 }, (_, i) => {
    const id = `a${d}${i}00000-0000-4000-8000-${String(d * 6 + i).padStart(12, '0')}`;
    const { ticket } = openTicket(
      openInput({
        id,
        customerId: `c-search-${i % 2}`,
        customerEmail: `Shopper${i % 2}@Example.com`,
        routing: {
          team: i % 2 === 0 ? 'search-a' : 'search-b',
          priority: 'normal',
          rule: null,
          reason: 'test',
        },
      }),
      new Date(`${day}T0${i}:00:00.000Z`),
    );
    return { ...ticket, orderId: i === 0 ? `o-search-${d}` : null };
  }),
);
const window = { createdFrom: '2026-11-02T00:00:00.000Z', createdTo: '2026-11-05T00:00:00.000Z' };

beforeAll(async () => {
  table = await startLocalTable();
  repository = new DynamoDbTicketRepository(table.documentClient, table.tableName);
  await Promise.all(tickets.map((ticket) => repository.create(ticket, [])));
  // The order an order-id lookup starts from: its header names the customer.
  await Promise.all(
    DAYS.map((_, d) =>
      table.documentClient.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { PK: `ORDER#o-search-${d}`, SK: 'ORDER', customerId: 'c-search-0' },
        }),
      ),
    ),
  );
});
afterAll(async () => table?.stop());

async function everyPage(query: Omit<TicketSearch, 'cursor'>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await repository.search({ ...query, cursor });
    ids.push(...page.items.map((item: TicketSummary) => item.id));
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor && pages < 50);
  return { ids, pages };
}

const newestFirst = [...tickets].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).map((t) => t.id);

describe('DynamoDbTicketRepository.search over sharded indexes', () => {
  it('spreads one day of the all-tickets index over several partitions', async () => {
    const counts = await Promise.all(
      indexPartitions.allTicketsOfDay(DAYS[0] as string).map(async (partition) => {
        const result = await table.documentClient.send(
          new QueryCommand({
            TableName: table.tableName,
            IndexName: 'GSI3',
            KeyConditionExpression: 'GSI3PK = :pk',
            ExpressionAttributeValues: { ':pk': partition },
            Select: 'COUNT',
          }),
        );
        return result.Count ?? 0;
      }),
    );

    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(6);
    expect(counts.filter((count) => count > 0).length).toBeGreaterThan(1);
  });

  it('pages all tickets newest first across days and shards, each exactly once', async () => {
    const { ids, pages } = await everyPage({ view: { kind: 'all' }, filters: window, limit: 4 });

    expect(ids).toEqual(newestFirst);
    expect(pages).toBe(5);
  });

  it('filters the merged pages (team, not a key of GSI3) and still fills them', async () => {
    const { ids } = await everyPage({
      view: { kind: 'all' },
      filters: { ...window, team: 'search-b' },
      limit: 4,
    });

    expect(ids).toEqual(newestFirst.filter((id) => Number(id.slice(2, 3)) % 2 === 1));
  });

  it('merges two teams’ queues by the nearest deadline, page by page', async () => {
    const { ids } = await everyPage({
      view: { kind: 'teams', teams: ['search-b', 'search-a'] },
      filters: {},
      limit: 5,
    });
    const { ids: one } = await everyPage({
      view: { kind: 'teams', teams: ['search-a'] },
      filters: {},
      limit: 5,
    });

    // Every ticket's first response is due 24 h after opening: deadline order is creation order.
    expect(ids).toEqual([...newestFirst].reverse());
    expect(one).toEqual([...newestFirst].reverse().filter((id) => Number(id.slice(2, 3)) % 2 === 0));
  });

  it('reads the breached view from the open-tickets shards, oldest deadline first', async () => {
    const now = new Date('2026-11-04T02:30:00.000Z');
    const { ids } = await everyPage({
      view: { kind: 'breached', now },
      filters: { team: 'search-a' },
      limit: 2,
    });

    const due = tickets.filter(
      (t) => t.team === 'search-a' && (t.sla.clocks.firstResponse?.dueAt ?? '') < now.toISOString(),
    );
    expect(ids).toEqual(due.map((t) => t.id));
    expect(ids.length).toBeGreaterThan(2);
  });

  it('moves a ticket waiting for its customer to the pending view', async () => {
    const [waiting] = tickets;
    const current = (await repository.get(waiting?.id as string)) as Ticket;
    await repository.update(
      { ...waitingForCustomer(current), version: current.version + 1 },
      current.version,
      [],
    );

    const pending = await repository.search({ view: { kind: 'pending_customer' }, filters: {}, limit: 10 });
    const breached = await everyPage({
      view: { kind: 'breached', now: new Date('2026-12-01T00:00:00Z') },
      filters: { team: 'search-a' },
      limit: 10,
    });

    expect(pending.items.map((t) => t.id)).toEqual([waiting?.id]);
    expect(breached.ids).not.toContain(waiting?.id);
  });

  it('finds tickets by number, order id and email, and not by an erased email', async () => {
    const target = tickets[7] as Ticket;
    const number = `#${target.id.slice(0, 8).toUpperCase()}`;

    const byNumber = await repository.search({ view: { kind: 'lookup', q: number }, filters: {}, limit: 10 });
    const byOrder = await repository.search({
      view: { kind: 'lookup', q: 'o-search-1' },
      filters: {},
      limit: 10,
    });
    const byEmail = await repository.search({
      view: { kind: 'lookup', q: 'shopper1@example.com' },
      filters: {},
      limit: 100,
    });
    const stored = (await repository.get(target.id)) as Ticket;
    await new DynamoDbPersonalDataWriter(table.documentClient, table.tableName).eraseTicket(
      stored,
      erasedTicketFields(stored),
      '2026-11-10T00:00:00.000Z',
      null,
    );
    const afterErasure = await repository.search({
      view: { kind: 'lookup', q: 'shopper1@example.com' },
      filters: {},
      limit: 100,
    });

    expect(byNumber.items.map((t) => t.id)).toEqual([target.id]);
    expect(byOrder.items.map((t) => t.id)).toEqual([tickets[6]?.id]);
    expect(byEmail.items.map((t) => t.id).sort()).toEqual(
      tickets
        .filter((t) => t.customerId === 'c-search-1')
        .map((t) => t.id)
        .sort(),
    );
    expect(afterErasure.items.map((t) => t.id)).not.toContain(target.id);
    expect(afterErasure.items).toHaveLength(byEmail.items.length - 1);
  });

  it('refuses a cursor of another view', async () => {
    const page = await repository.search({ view: { kind: 'all' }, filters: window, limit: 2 });

    await expect(
      repository.search({
        view: { kind: 'teams', teams: ['search-a'] },
        filters: {},
        limit: 2,
        cursor: page.nextCursor ?? undefined,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
