import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTicketSource } from '../../functions/reports/adapters/ticket-source.dynamodb.js';
import type { ReportTicket } from '../../functions/reports/domain/summary.js';
import { indexPartitions } from '../../functions/tickets/adapters/ticket-indexes.js';
import { DynamoDbTicketRepository } from '../../functions/tickets/adapters/ticket-repository.dynamodb.js';
import { openTicket } from '../../functions/tickets/domain/open-ticket.js';
import type { Ticket } from '../../functions/tickets/domain/ticket.js';
import { openInput } from '../fixtures/builders.js';
import { type LocalTable, startLocalTable } from './support.js';

let table: LocalTable;
let repository: DynamoDbTicketRepository;

const at = (value: string) => new Date(value);

function ticketAt(id: string, createdAt: string, overrides: Partial<Ticket> = {}): Ticket {
  const { ticket } = openTicket(openInput({ id }), at(createdAt));
  return { ...ticket, ...overrides };
}

async function collect(source: DynamoDbTicketSource, from: string, to: string): Promise<ReportTicket[]> {
  const out: ReportTicket[] = [];
  for await (const ticket of source.createdBetween(at(from), at(to))) out.push(ticket);
  return out;
}

const stored = [
  ticketAt('r-before', '2026-10-31T23:59:59.999Z'),
  ticketAt('r-first', '2026-11-01T00:00:00.000Z'),
  ticketAt('r-rated', '2026-11-03T10:00:00.000Z', {
    assigneeId: 'agent-1',
    status: 'resolved',
    resolvedAt: '2026-11-03T12:00:00.000Z',
    satisfaction: {
      score: 4,
      nps: 9,
      comment: 'Quick.',
      ratedAt: '2026-11-04T08:00:00.000Z',
      assigneeId: 'agent-1',
      via: 'account',
    },
  }),
  ...Array.from({ length: 7 }, (_, i) => ticketAt(`r-mid-${i}`, `2026-11-05T0${i}:00:00.000Z`)),
  ticketAt('r-last', '2026-11-07T23:59:59.999Z'),
  ticketAt('r-at-end', '2026-11-08T00:00:00.000Z'),
];

beforeAll(async () => {
  table = await startLocalTable();
  repository = new DynamoDbTicketRepository(table.documentClient, table.tableName);
  for (const ticket of stored) await repository.create(ticket, []);
});
afterAll(async () => table?.stop());

describe('DynamoDbTicketSource', () => {
  it('yields exactly the tickets created in [from, to), oldest first', async () => {
    const source = new DynamoDbTicketSource(table.documentClient, table.tableName);

    const tickets = await collect(source, '2026-11-01T00:00:00.000Z', '2026-11-08T00:00:00.000Z');

    expect(tickets.map((t) => t.id)).toEqual([
      'r-first',
      'r-rated',
      ...Array.from({ length: 7 }, (_, i) => `r-mid-${i}`),
      'r-last',
    ]);
  });

  it('pages through every result', async () => {
    const paged = new DynamoDbTicketSource(table.documentClient, table.tableName, 2);

    const tickets = await collect(paged, '2026-10-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z');

    expect(tickets.map((t) => t.id)).toEqual(stored.map((t) => t.id));
  });

  it('reads back what a report needs, as the ticket repository wrote it', async () => {
    const source = new DynamoDbTicketSource(table.documentClient, table.tableName);
    const original = stored.find((t) => t.id === 'r-rated') as Ticket;

    const [ticket] = await collect(source, '2026-11-03T10:00:00.000Z', '2026-11-03T10:00:00.001Z');

    expect(ticket).toEqual({
      id: original.id,
      type: original.type,
      status: 'resolved',
      reason: original.reason,
      // The ticket item keeps the clocks; the policy plan is on the detail item (ADR 23).
      sla: {
        policyId: original.sla.policyId,
        policyVersion: original.sla.policyVersion,
        clocks: original.sla.clocks,
      },
      assigneeId: 'agent-1',
      team: original.team,
      createdAt: original.createdAt,
      resolvedAt: '2026-11-03T12:00:00.000Z',
      satisfaction: original.satisfaction,
    });
  });

  it('yields nothing for an empty period', async () => {
    const source = new DynamoDbTicketSource(table.documentClient, table.tableName);

    expect(await collect(source, '2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z')).toEqual([]);
  });

  it('reads the index the ticket repository writes (GSI3, each day over its shards)', async () => {
    const counts = await Promise.all(
      ['2026-10-31', '2026-11-01', '2026-11-03', '2026-11-05', '2026-11-07', '2026-11-08'].flatMap((day) =>
        indexPartitions.allTicketsOfDay(day).map(async (partition) => {
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
      ),
    );

    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(stored.length);
  });
});
