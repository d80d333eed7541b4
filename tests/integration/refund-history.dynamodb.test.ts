import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAfterSalesPolicy } from '../../functions/after-sales/domain/policy.js';
import { DynamoDbTicketRepository } from '../../functions/tickets/adapters/ticket-repository.dynamodb.js';
import type { Ticket } from '../../functions/tickets/domain/ticket.js';
import { DynamoDbRefundHistory } from '../../functions/tickets/workflows/refund/adapters/refund-history.dynamodb.js';
import type { PastTicket } from '../../functions/tickets/workflows/refund/domain/ports.js';
import { recentRefunds } from '../../functions/tickets/workflows/refund/use-cases/process-refund-event.js';
import { anEvent, aTicket } from '../fixtures/builders.js';
import { credentials, type LocalTable, region, startLocalTable } from './support.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const DAY = 86_400_000;

let table: LocalTable;
let history: DynamoDbRefundHistory;
/** What the counted client's Queries returned: items and consumed read units. */
const reads = { queries: 0, items: 0, units: 0 };

beforeAll(async () => {
  table = await startLocalTable();
  const client = new DynamoDBClient({ endpoint: table.dynamo.endpoint, region, credentials });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'QueryCommand') return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const output = result.output as { Count?: number; ConsumedCapacity?: { CapacityUnits?: number } };
      reads.queries += 1;
      reads.items += output.Count ?? 0;
      reads.units += output.ConsumedCapacity?.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'readCounter' },
  );
  history = new DynamoDbRefundHistory(DynamoDBDocumentClient.from(client), table.tableName);
});
afterAll(async () => table?.stop());

/** A paid refund of `customerId` opened `ago` ms before NOW. */
function paidRefund(customerId: string, id: string, ago: number): Ticket {
  const opened = aTicket({ type: 'refund' });
  const createdAt = new Date(NOW.getTime() - ago).toISOString();
  return {
    ...opened,
    id,
    createdAt,
    updatedAt: createdAt,
    customerId,
    status: 'refunded',
    refund: opened.refund ? { ...opened.refund, status: 'issued', amount: 1_000 } : null,
  };
}

async function store(tickets: readonly Ticket[]) {
  const repository = new DynamoDbTicketRepository(table.documentClient, table.tableName);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < tickets.length) {
        const ticket = tickets[next++] as Ticket;
        await repository.create(ticket, [anEvent(ticket)]);
      }
    }),
  );
}

const self = (customerId: string) => ({
  ...paidRefund(customerId, `${customerId}-self`, 0),
  status: 'requested' as const,
});

describe('DynamoDbRefundHistory', () => {
  it('reads one page of four items for a customer with 100 earlier refunds under the default rule', async () => {
    await store([
      ...Array.from({ length: 100 }, (_, i) => paidRefund('c-100', `c-100-${i}`, (i + 1) * 60 * 60_000)),
      self('c-100'),
    ]);
    Object.assign(reads, { queries: 0, items: 0, units: 0 });

    const recent = await recentRefunds(history, self('c-100'), NOW, defaultAfterSalesPolicy.autoApproval);

    expect(recent).toEqual({ count: 3, amount: 3_000 });
    expect(reads).toMatchObject({ queries: 1, items: 4 });
    // Four ~2.5 KB items, eventually consistent: 3 × 4 KB at half a unit (a projection does not
    // lower what a Query is billed; it is billed on the items it reads).
    expect(reads.units).toBeLessThanOrEqual(1.5);
  }, 120_000);

  it('reads nothing older than 30 days: the window is the key range', async () => {
    await store([
      ...Array.from({ length: 20 }, (_, i) => paidRefund('c-old', `c-old-${i}`, (31 + i) * DAY)),
      paidRefund('c-old', 'c-old-recent', 2 * DAY),
      self('c-old'),
    ]);
    Object.assign(reads, { queries: 0, items: 0, units: 0 });

    const recent = await recentRefunds(history, self('c-old'), NOW, defaultAfterSalesPolicy.autoApproval);

    expect(recent).toEqual({ count: 1, amount: 1_000 });
    expect(reads).toMatchObject({ queries: 1, items: 2 });
  });

  it('returns only the attributes the rules count', async () => {
    let first: PastTicket | undefined;
    for await (const other of history.createdSince('c-old', new Date(NOW.getTime() - 30 * DAY), 1)) {
      first = other;
      break;
    }
    expect(Object.keys(first ?? {}).sort()).toEqual(['createdAt', 'id', 'refund', 'status', 'type']);
    expect(Object.keys(first?.refund ?? {}).sort()).toEqual(['amount', 'status']);
  });
});
