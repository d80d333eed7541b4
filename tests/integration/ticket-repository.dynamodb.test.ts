import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../functions/shared/errors.js';
import { DynamoDbTicketRepository } from '../../functions/tickets/adapters/ticket-repository.dynamodb.js';
import type { TicketEventName } from '../../functions/tickets/contracts/events.js';
import { openTicket } from '../../functions/tickets/domain/open-ticket.js';
import type { Ticket, TicketEvent } from '../../functions/tickets/domain/ticket.js';
import { openInput } from '../fixtures/builders.js';
import { type LocalTable, startLocalTable } from './support.js';

let table: LocalTable;
let repository: DynamoDbTicketRepository;

beforeAll(async () => {
  table = await startLocalTable();
  repository = new DynamoDbTicketRepository(table.documentClient, table.tableName);
});
afterAll(async () => table?.stop());

let counter = 0;
function newTicket(
  overrides: Partial<Parameters<typeof openTicket>[0]> = {},
  at = new Date('2026-11-20T10:00:00Z'),
): Ticket {
  counter += 1;
  return openTicket(
    openInput({ id: `t-${counter}-${Math.random().toString(36).slice(2, 8)}`, ...overrides }),
    new Date(at.getTime() + counter * 1000),
  ).ticket;
}

function eventFor(ticket: Ticket, type: TicketEventName = 'TicketCreated'): TicketEvent {
  return {
    id: `e-${Math.random().toString(36).slice(2)}`,
    ticketId: ticket.id,
    ticketType: ticket.type,
    type,
    at: ticket.updatedAt,
    actor: { id: ticket.customerId, role: 'customer' },
    visibility: 'public',
    data: {},
  } as TicketEvent;
}

async function eventCount(ticketId: string): Promise<number> {
  const result = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
      ExpressionAttributeValues: { ':pk': `TICKET#${ticketId}`, ':event': 'EVENT#' },
    }),
  );
  return result.Items?.length ?? 0;
}

describe('DynamoDbTicketRepository', () => {
  it('stores a ticket with its events and reads both back in order', async () => {
    const ticket = newTicket();
    const created = eventFor(ticket);
    await repository.create(ticket, [
      created,
      { ...eventFor(ticket, 'MessageAdded'), visibility: 'internal' },
    ]);

    const found = await repository.getWithTimeline(ticket.id);

    expect(found?.ticket).toEqual(ticket);
    expect(found?.events.map((e) => e.type)).toEqual(['TicketCreated', 'MessageAdded']);
    expect(found?.events[1]?.visibility).toBe('internal');
  });

  it("keeps a resolved ticket's survey timer and files its unsent due time on the due-timer index", async () => {
    const opened = newTicket();
    const resolvedAt = '2026-11-21T10:00:00.000Z';
    const dueAt = '2026-11-22T10:00:00.000Z';
    const ticket: Ticket = {
      ...opened,
      status: 'resolved',
      resolvedAt,
      autoCloseAt: '2026-11-28T10:00:00.000Z',
      survey: { dueAt, sentAt: null },
    };
    await repository.create(ticket, [eventFor(ticket)]);

    const found = await repository.get(ticket.id);
    const item = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: { PK: `TICKET#${ticket.id}`, SK: 'TICKET' } }),
    );

    expect(found).toEqual(ticket);
    expect(item.Item?.GSI4SK).toBe(`${dueAt}#${ticket.id}`);
  });

  it('refuses a second ticket with the same id', async () => {
    const ticket = newTicket();
    await repository.create(ticket, [eventFor(ticket)]);

    await expect(repository.create(ticket, [eventFor(ticket)])).rejects.toMatchObject({
      code: 'TICKET_EXISTS',
    });
  });

  it('lands a write that claims an event id once: a second one on a fresh version is EVENT_EXISTS and writes nothing', async () => {
    const ticket = newTicket();
    await repository.create(ticket, [eventFor(ticket)]);
    const message = { ...eventFor(ticket, 'MessageAdded'), id: 'm-once' };
    await repository.update({ ...ticket, version: 2 }, 1, [message], undefined, undefined, {
      eventId: 'm-once',
    });

    const again = { ...eventFor(ticket, 'MessageAdded'), id: 'm-once' };
    const error = await repository
      .update({ ...ticket, version: 3 }, 2, [again], undefined, undefined, { eventId: 'm-once' })
      .catch((e) => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('EVENT_EXISTS');
    expect((await repository.get(ticket.id))?.version).toBe(2);
    const timeline = await repository.getWithTimeline(ticket.id);
    expect(timeline?.events.map((event) => event.type)).toEqual(['TicketCreated', 'MessageAdded']);
  });

  it('writes nothing, not even the events, when the version condition fails', async () => {
    const ticket = newTicket();
    await repository.create(ticket, [eventFor(ticket)]);
    const next = { ...ticket, status: 'resolved' as const, version: 2 };
    await repository.update(next, 1, [eventFor(next, 'TicketResolved')]);

    const stale = { ...ticket, priority: 'high' as const, version: 2 };
    const error = await repository.update(stale, 1, [eventFor(stale, 'PriorityChanged')]).catch((e) => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('STALE_VERSION');
    expect((await repository.get(ticket.id))?.status).toBe('resolved');
    expect(await eventCount(ticket.id)).toBe(2);
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    const ticket = newTicket();
    await repository.create(ticket, [eventFor(ticket)]);

    const results = await Promise.allSettled([
      repository.update({ ...ticket, priority: 'high', version: 2 }, 1, [
        eventFor(ticket, 'PriorityChanged'),
      ]),
      repository.update({ ...ticket, priority: 'low', version: 2 }, 1, [eventFor(ticket, 'PriorityChanged')]),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(await eventCount(ticket.id)).toBe(2);
  });

  it("pages through a customer's tickets newest first with a cursor", async () => {
    const customerId = `c-page-${Date.now()}`;
    const tickets = [];
    for (let i = 0; i < 5; i++) {
      const ticket = newTicket({ customerId });
      tickets.push(ticket);
      await repository.create(ticket, [eventFor(ticket)]);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.list({ scope: { kind: 'customer', customerId }, limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(seen).toEqual(tickets.map((t) => t.id).reverse());
  });

  it('filters by type and status, and lists unassigned open tickets', async () => {
    const customerId = `c-filter-${Date.now()}`;
    const complaint = newTicket({ customerId, type: 'complaint' });
    const inquiry = newTicket({ customerId });
    await repository.create(complaint, [eventFor(complaint)]);
    await repository.create(inquiry, [eventFor(inquiry)]);
    await repository.update({ ...inquiry, status: 'closed', version: 2 }, 1, []);

    const complaints = await repository.list({
      scope: { kind: 'customer', customerId },
      type: 'complaint',
      limit: 10,
    });
    const closed = await repository.list({
      scope: { kind: 'customer', customerId },
      status: 'closed',
      limit: 10,
    });
    const unassigned = await repository.search({
      view: { kind: 'assignee', assigneeId: null },
      filters: { type: 'complaint' },
      limit: 100,
    });

    expect(complaints.items.map((t) => t.id)).toEqual([complaint.id]);
    expect(closed.items.map((t) => t.id)).toEqual([inquiry.id]);
    const unassignedIds = unassigned.items.map((t) => t.id);
    expect(unassignedIds).toContain(complaint.id);
    expect(unassignedIds).not.toContain(inquiry.id);
  });

  it('lists tickets past their deadline in the breached view only', async () => {
    const old = newTicket({}, new Date('2020-01-01T00:00:00Z'));
    const fresh = newTicket({}, new Date());
    await repository.create(old, [eventFor(old)]);
    await repository.create(fresh, [eventFor(fresh)]);

    const breached = await repository.search({
      view: { kind: 'breached', now: new Date() },
      filters: {},
      limit: 100,
    });

    const ids = breached.items.map((t) => t.id);
    expect(ids).toContain(old.id);
    expect(ids).not.toContain(fresh.id);
  });

  it('rejects a cursor it did not hand out', async () => {
    await expect(
      repository.search({ view: { kind: 'all' }, filters: {}, limit: 5, cursor: 'not-a-cursor' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('DynamoDbTicketRepository.merge', () => {
  async function twoStored() {
    const source = newTicket();
    const target = newTicket();
    await repository.create(source, [eventFor(source)]);
    await repository.create(target, [eventFor(target)]);
    const closed: Ticket = { ...source, status: 'closed', mergedInto: target.id, tags: ['dup'], version: 2 };
    const received: Ticket = { ...target, version: 2 };
    return { source, target, closed, received };
  }

  it('writes both tickets and their events in one transaction', async () => {
    const { source, target, closed, received } = await twoStored();

    await repository.merge(
      { ticket: closed, expectedVersion: 1, events: [eventFor(closed, 'TicketMerged')] },
      {
        ticket: received,
        expectedVersion: 1,
        events: [eventFor(received, 'MessageCopied'), eventFor(received, 'TicketMergedIn')],
      },
    );

    expect(await repository.get(source.id)).toMatchObject({
      status: 'closed',
      mergedInto: target.id,
      tags: ['dup'],
    });
    expect((await repository.get(target.id))?.version).toBe(2);
    expect(await eventCount(source.id)).toBe(2);
    expect(await eventCount(target.id)).toBe(3);
  });

  it("writes nothing when the target's version moved on: STALE_VERSION naming the target", async () => {
    const { source, target, closed, received } = await twoStored();
    await repository.update({ ...target, priority: 'high', version: 2 }, 1, [
      eventFor(target, 'PriorityChanged'),
    ]);

    const attempt = repository.merge(
      { ticket: closed, expectedVersion: 1, events: [eventFor(closed, 'TicketMerged')] },
      { ticket: received, expectedVersion: 1, events: [eventFor(received, 'TicketMergedIn')] },
    );

    await expect(attempt).rejects.toMatchObject({
      code: 'STALE_VERSION',
      message: expect.stringContaining(target.id),
    });
    expect((await repository.get(source.id))?.status).toBe(source.status);
    expect(await eventCount(source.id)).toBe(1);
    expect(await eventCount(target.id)).toBe(2);
  });

  it('refuses a merge beyond one transaction with MERGE_TOO_LARGE before writing anything', async () => {
    const { source, target, closed, received } = await twoStored();
    // Two ticket Puts, the source's event and 98 copies: 101 items, one over DynamoDB's limit.
    const copies = Array.from({ length: 98 }, () => eventFor(received, 'MessageCopied'));

    const attempt = repository.merge(
      { ticket: closed, expectedVersion: 1, events: [eventFor(closed, 'TicketMerged')] },
      { ticket: received, expectedVersion: 1, events: copies },
    );

    await expect(attempt).rejects.toMatchObject({ code: 'MERGE_TOO_LARGE' });
    expect((await repository.get(source.id))?.version).toBe(1);
    expect(await eventCount(target.id)).toBe(1);
  });
});

describe('DynamoDbTicketRepository: the ticket item and its detail item (ADR 23)', () => {
  const item = async (ticketId: string, sk: string) =>
    (
      await table.documentClient.send(
        new GetCommand({ TableName: table.tableName, Key: { PK: `TICKET#${ticketId}`, SK: sk } }),
      )
    ).Item;

  /** Every write transaction the repository sends, as the item kinds it writes. */
  function recorded(): { repository: DynamoDbTicketRepository; writes: string[][] } {
    const writes: string[][] = [];
    const send = table.documentClient.send.bind(table.documentClient) as (
      command: unknown,
    ) => Promise<unknown>;
    const client = Object.create(table.documentClient) as typeof table.documentClient;
    Object.assign(client, {
      send: async (command: unknown) => {
        if (command instanceof TransactWriteCommand)
          writes.push(
            (command.input.TransactItems ?? []).map((write) => {
              const sk = String((write.Put?.Item ?? write.Update?.Key)?.SK);
              return sk.startsWith('EVENT#') ? 'EVENT' : sk;
            }),
          );
        return send(command);
      },
    });
    return { repository: new DynamoDbTicketRepository(client, table.tableName), writes };
  }

  it('keeps the large, seldom changed fields on the detail item and reads the ticket back whole', async () => {
    const ticket = newTicket({ description: 'A long story about the kettle. '.repeat(20) });
    await repository.create(ticket, [eventFor(ticket)]);

    const core = await item(ticket.id, 'TICKET');
    const detail = await item(ticket.id, 'TICKET#DETAIL');
    expect(core?.description).toBeUndefined();
    expect(core?.items).toBeUndefined();
    expect(Object.keys(core?.sla ?? {}).sort()).toEqual(['clocks', 'policyId', 'policyVersion']);
    expect(detail).toMatchObject({ entityType: 'TicketDetail', version: 1, description: ticket.description });
    expect(core?.detailVersion).toBe(1);
    expect(await repository.get(ticket.id)).toEqual(ticket);
  });

  it('writes the detail item again only when it changed from the one read at the expected version', async () => {
    const { repository: writer, writes } = recorded();
    const ticket = newTicket();
    await writer.create(ticket, [eventFor(ticket)]);
    const read = (await writer.get(ticket.id)) as Ticket;

    const prioritized: Ticket = { ...read, priority: 'high', version: 2 };
    await writer.update(prioritized, 1, [eventFor(prioritized, 'PriorityChanged')]);
    const rejected: Ticket = { ...prioritized, rejectionReason: 'Outside the return window.', version: 3 };
    await writer.update(rejected, 2, [eventFor(rejected, 'TicketRejected')]);

    expect(writes).toEqual([
      ['TICKET', 'TICKET#DETAIL', 'EVENT'],
      ['TICKET', 'EVENT'],
      ['TICKET', 'TICKET#DETAIL', 'EVENT'],
    ]);
    // The repository keeps the assignment state it derives (no load, no queue entry).
    const stored = { loadHolder: null, waiting: null };
    expect(await repository.get(ticket.id)).toEqual({ ...rejected, ...stored });
    expect((await item(ticket.id, 'TICKET'))?.detailVersion).toBe(3);

    // Another container has not read it: it writes the detail with the ticket, and the read agrees.
    const { repository: other, writes: theirs } = recorded();
    const noted: Ticket = { ...rejected, priority: 'low', version: 4 };
    await other.update(noted, 3, [eventFor(noted, 'PriorityChanged')]);
    expect(theirs).toEqual([['TICKET', 'TICKET#DETAIL', 'EVENT']]);
    expect(await repository.get(ticket.id)).toEqual({ ...noted, ...stored });
  });

  it('does not keep a detail that a stale write would have skipped: the version condition refuses it', async () => {
    const { repository: writer } = recorded();
    const ticket = newTicket();
    await writer.create(ticket, [eventFor(ticket)]);
    const read = (await writer.get(ticket.id)) as Ticket;
    // Another container changes the detail meanwhile.
    const elsewhere: Ticket = { ...read, description: 'Changed elsewhere.', version: 2 };
    await repository.update(elsewhere, 1, [eventFor(elsewhere, 'MessageAdded')]);

    const stale: Ticket = { ...read, priority: 'high', version: 2 };
    await expect(writer.update(stale, 1, [eventFor(stale, 'PriorityChanged')])).rejects.toMatchObject({
      code: 'STALE_VERSION',
    });
    expect((await repository.get(ticket.id))?.description).toBe('Changed elsewhere.');
  });

  it('reads a ticket stored before the split whole, and splits it on its next write', async () => {
    const ticket = newTicket();
    await repository.create(ticket, [eventFor(ticket)]);
    const core = (await item(ticket.id, 'TICKET')) as Record<string, unknown>;
    const detail = (await item(ticket.id, 'TICKET#DETAIL')) as Record<string, unknown>;
    const { PK: _pk, SK: _sk, entityType: _type, version: _version, slaPlan, ...fields } = detail;
    const { detailVersion: _detailVersion, ...legacy } = core;
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...legacy, ...fields, sla: { ...(core.sla as object), ...(slaPlan as object) } },
      }),
    );
    await table.documentClient.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { PK: `TICKET#${ticket.id}`, SK: 'TICKET#DETAIL' },
      }),
    );

    // A container that reads it as it was stored before the split.
    const container = new DynamoDbTicketRepository(table.documentClient, table.tableName);
    expect(await container.get(ticket.id)).toEqual(ticket);
    const next: Ticket = { ...ticket, priority: 'high', version: 2 };
    await container.update(next, 1, [eventFor(next, 'PriorityChanged')]);
    expect((await item(ticket.id, 'TICKET'))?.description).toBeUndefined();
    expect(await repository.get(ticket.id)).toEqual({ ...next, loadHolder: null, waiting: null });
  });

  it('reads again when it caught the two items at different versions, and gives up with CONCURRENT_UPDATE', async () => {
    const ticket = newTicket();
    await repository.create(ticket, [eventFor(ticket)]);
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { PK: `TICKET#${ticket.id}`, SK: 'TICKET#DETAIL' },
        UpdateExpression: 'SET version = :other',
        ExpressionAttributeValues: { ':other': 7 },
      }),
    );

    await expect(repository.get(ticket.id)).rejects.toMatchObject({ code: 'CONCURRENT_UPDATE' });
  });
});
