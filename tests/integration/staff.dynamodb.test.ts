import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AssignableTicket,
  type AssignmentRecord,
  NoRoomError,
  type TicketAssignments,
} from '../../functions/assignment/domain/ports.js';
import { makeAssignTicket } from '../../functions/assignment/use-cases/assign-ticket.js';
import { makeFillFreedRoom } from '../../functions/assignment/use-cases/fill-freed-room.js';
import { DynamoDbStaffDirectory } from '../../functions/notifications/adapters/staff-directory.dynamodb.js';
import { ConflictError } from '../../functions/shared/errors.js';
import {
  dequeueItem,
  enqueueItem,
  releaseLoadItem,
  type TransactItem,
  takeLoadItem,
} from '../../functions/staff/adapters/assignment-items.dynamodb.js';
import { DynamoDbRoutingRuleRepository } from '../../functions/staff/adapters/routing-rules.dynamodb.js';
import { DynamoDbStaffRepository } from '../../functions/staff/adapters/staff-repository.dynamodb.js';
import { DynamoDbWaitingQueue } from '../../functions/staff/adapters/waiting-queue.dynamodb.js';
import type { WaitingEntry } from '../../functions/staff/domain/ports.js';
import { defaultRoutingRules } from '../../functions/staff/domain/routing.js';
import { makeSeedDesk } from '../../functions/staff/use-cases/seed-desk.js';
import { type LocalTable, startLocalTable } from './support.js';

let table: LocalTable;
let staff: DynamoDbStaffRepository;
const clock = { now: () => new Date('2026-03-02T08:00:00.000Z') };

beforeAll(async () => {
  table = await startLocalTable();
  staff = new DynamoDbStaffRepository(table.documentClient, table.tableName);
});
afterAll(async () => table?.stop());

/**
 * What the ticket core's transaction will do, on a stand-in ticket item: the ticket's write
 * conditioned on its version, plus the staff context's transaction items.
 */
class TransactionalTickets implements TicketAssignments {
  constructor(private readonly tableName = table.tableName) {}
  private key = (id: string) => ({ PK: `ASSIGNTEST#${id}`, SK: 'TICKET' });

  async add(ticket: Omit<AssignableTicket, 'version' | 'waiting' | 'assigneeId' | 'open'>) {
    await table.documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...this.key(ticket.id),
                ...ticket,
                version: 1,
                open: true,
                assigneeId: null,
                waiting: null,
              },
            },
          },
        ],
      }),
    );
  }

  async get(ticketId: string): Promise<AssignableTicket | undefined> {
    const { Item } = await table.documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(ticketId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { PK: _pk, SK: _sk, ...ticket } = Item;
    return ticket as AssignableTicket;
  }

  private ticketWrite(ticket: AssignableTicket, set: Record<string, unknown>): TransactItem {
    const names = Object.fromEntries(Object.keys(set).map((field, i) => [`#f${i}`, field]));
    const values = Object.fromEntries(Object.values(set).map((value, i) => [`:f${i}`, value]));
    return {
      Update: {
        TableName: this.tableName,
        Key: this.key(ticket.id),
        UpdateExpression: `SET ${Object.keys(set)
          .map((_, i) => `#f${i} = :f${i}`)
          .join(', ')}, version = :next`,
        ConditionExpression: 'version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ':next': ticket.version + 1, ':expected': ticket.version },
      },
    };
  }

  private async write(items: TransactItem[], onFailed: (index: number) => Error) {
    try {
      await table.documentClient.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
        if (failed >= 0) throw onFailed(failed);
        if (reasons.some((reason) => reason.Code === 'TransactionConflict'))
          throw new ConflictError('in flight', 'CONCURRENT_UPDATE');
      }
      throw error;
    }
  }

  async assign(ticket: AssignableTicket, record: AssignmentRecord): Promise<void> {
    if (record.decision.kind !== 'assign') throw new Error('not an assignment');
    const { assigneeId } = record.decision;
    await this.write(
      [
        this.ticketWrite(ticket, { assigneeId, waiting: null, team: record.decision.team }),
        takeLoadItem(this.tableName, assigneeId, { enforceCapacity: true }),
        ...(ticket.waiting ? [dequeueItem(this.tableName, ticket.waiting, { mustExist: true })] : []),
      ],
      (index) =>
        index === 0
          ? new ConflictError('stale', 'STALE_VERSION')
          : index === 1
            ? new NoRoomError(assigneeId)
            : new ConflictError('taken', 'NOT_WAITING'),
    );
  }

  async enqueue(ticket: AssignableTicket, entry: WaitingEntry, record: AssignmentRecord): Promise<void> {
    await this.write(
      [
        this.ticketWrite(ticket, { waiting: entry }),
        enqueueItem(this.tableName, entry, record.at),
        ...(ticket.waiting ? [dequeueItem(this.tableName, ticket.waiting, { mustExist: false })] : []),
      ],
      () => new ConflictError('stale', 'STALE_VERSION'),
    );
  }

  /** Resolving: the ticket leaves the open set and its assignee's load drops, in one transaction. */
  async resolve(ticketId: string) {
    const ticket = (await this.get(ticketId)) as AssignableTicket;
    await this.write(
      [
        this.ticketWrite(ticket, { open: false }),
        releaseLoadItem(this.tableName, ticket.assigneeId as string),
      ],
      () => new Error('release refused'),
    );
  }
}

describe('DynamoDbStaffRepository', () => {
  it('seeds the desk, which the notifier reads as before', async () => {
    expect(await makeSeedDesk({ staff, clock })()).toEqual({
      teams: ['support', 'complaints', 'vip', 'escalations'],
      staff: ['agent-1', 'agent-2', 'agent-3', 'sup-1', 'admin-1'],
    });
    const directory = await new DynamoDbStaffDirectory(table.documentClient, table.tableName).list();
    expect(directory.find((member) => member.id === 'agent-2')).toMatchObject({
      email: 'agent-2@redress.local',
      locale: 'zh-CN',
      teams: ['support', 'complaints'],
      calendar: { timezone: 'Asia/Shanghai' },
    });
    expect(directory.find((member) => member.id === 'sup-1')?.teams).toContain('escalations');
    expect(await makeSeedDesk({ staff, clock })()).toEqual({ teams: [], staff: [] });
  });

  it('saves profiles on their version without touching the load counter', async () => {
    const agent = (await staff.getStaff('agent-3'))!;
    await table.documentClient.send(
      new TransactWriteCommand({
        TransactItems: [takeLoadItem(table.tableName, 'agent-3', { enforceCapacity: true })],
      }),
    );
    const saved = await staff.saveStaff({ ...agent.member, capacity: 6 }, agent.member.version, 'now');
    expect(saved.version).toBe(agent.member.version + 1);
    expect(await staff.getStaff('agent-3')).toMatchObject({ member: { capacity: 6 }, load: 1 });
    await expect(
      staff.saveStaff({ ...agent.member, capacity: 7 }, agent.member.version, 'now'),
    ).rejects.toMatchObject({
      code: 'STALE_VERSION',
    });
    expect((await staff.setAvailability('agent-3', false, 'now')).available).toBe(false);
    await expect(staff.setAvailability('ghost', true, 'now')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('writes a team and its members in one transaction, or nothing when a member moved on', async () => {
    const vip = (await staff.getTeam('vip'))!;
    const agent1 = (await staff.getStaff('agent-1'))!.member;
    await expect(
      staff.saveTeam({ ...vip, name: 'VIP lane' }, vip.version, 'now', [
        { staffId: 'agent-1', teams: ['support'], expectedVersion: agent1.version - 1 },
      ]),
    ).rejects.toMatchObject({ code: 'STALE_VERSION', message: expect.stringContaining('agent-1') });
    expect((await staff.getTeam('vip'))?.name).toBe('VIP');
    const saved = await staff.saveTeam({ ...vip, name: 'VIP lane' }, vip.version, 'now', [
      { staffId: 'agent-1', teams: ['support'], expectedVersion: agent1.version },
    ]);
    expect(saved).toMatchObject({ name: 'VIP lane', version: vip.version + 1 });
    expect((await staff.getStaff('agent-1'))?.member.teams).toEqual(['support']);
  });

  it('keeps the routing rules: the defaults at version 0, then what an admin saved', async () => {
    const rules = new DynamoDbRoutingRuleRepository(table.documentClient, table.tableName);
    expect(await rules.current()).toEqual({ rules: defaultRoutingRules, version: 0, updatedAt: null });
    const saved = await rules.save(defaultRoutingRules.slice(1), 0, 'now');
    expect(await rules.current()).toEqual({ rules: saved.rules, version: 1, updatedAt: 'now' });
    await expect(rules.save([], 0, 'later')).rejects.toMatchObject({ code: 'STALE_VERSION' });
  });

  it('never lets a load go below zero', async () => {
    await expect(
      table.documentClient.send(
        new TransactWriteCommand({ TransactItems: [releaseLoadItem(table.tableName, 'agent-2')] }),
      ),
    ).rejects.toBeInstanceOf(TransactionCanceledException);
    expect((await staff.getStaff('agent-2'))?.load).toBe(0);
  });
});

describe('auto-assignment under concurrency', () => {
  it('assigns 30 parallel tickets to 2 agents of capacity 5: 10 assigned, 20 queued; freed room takes the oldest deadline', async () => {
    await staff.saveTeam({ id: 'duo', name: 'Duo', supervisors: [], calendar: '24x7' }, 0, 'now', []);
    for (const id of ['duo-a', 'duo-b']) {
      await staff.saveStaff(
        {
          id,
          name: id,
          email: `${id}@example.com`,
          locale: 'en',
          teams: ['duo'],
          languages: ['en'],
          skills: ['refund'],
          capacity: 5,
          available: true,
          roles: ['agent'],
          calendar: '24x7',
        },
        0,
        'now',
      );
    }
    const tickets = new TransactionalTickets();
    // Deadlines shuffled against creation order: ticket i is due (i * 7 mod 30) hours from now.
    const ids = Array.from({ length: 30 }, (_, i) => `duo-${String(i).padStart(2, '0')}`);
    const deadlineOf = (i: number) =>
      new Date(Date.UTC(2026, 2, 3, 0) + ((i * 7) % 30) * 3_600_000).toISOString();
    for (const [i, id] of ids.entries()) {
      await tickets.add({
        id,
        type: 'refund',
        language: 'en',
        team: 'duo',
        priority: 'normal',
        lastAssigneeId: null,
        deadline: deadlineOf(i),
      });
    }
    const assign = makeAssignTicket({ staff, tickets, clock, contention: { deadlineMs: 20_000 } });
    const outcomes = await Promise.all(ids.map((id) => assign(id, 'TicketCreated')));

    expect(outcomes.filter((o) => o.kind === 'assigned')).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === 'queued')).toHaveLength(20);
    const stored = await Promise.all(ids.map((id) => tickets.get(id)));
    const holders = stored.map((t) => t?.assigneeId).filter((a) => a !== null);
    expect(holders.filter((a) => a === 'duo-a')).toHaveLength(5);
    expect(holders.filter((a) => a === 'duo-b')).toHaveLength(5);
    expect((await staff.getStaff('duo-a'))?.load).toBe(5);
    expect((await staff.getStaff('duo-b'))?.load).toBe(5);
    const queue = new DynamoDbWaitingQueue(table.documentClient, table.tableName);
    const waiting = await queue.oldest('duo', 50);
    expect(waiting).toHaveLength(20);
    expect(waiting.map((entry) => entry.deadline)).toEqual(waiting.map((e) => e.deadline).sort());
    expect(new Set(waiting.map((e) => e.ticketId))).toEqual(
      new Set(stored.filter((t) => t?.assigneeId === null).map((t) => t?.id)),
    );

    // duo-a resolves one: the oldest-deadline waiting ticket is theirs, and only that one.
    const resolved = stored.find((t) => t?.assigneeId === 'duo-a')!.id;
    await tickets.resolve(resolved);
    const oldest = waiting[0]!;
    const fill = makeFillFreedRoom({ staff, queue, assign });
    const refill = await fill('duo-a', `duo-a resolved ${resolved}`);
    expect(refill).toEqual([
      expect.objectContaining({
        kind: 'assigned',
        decision: expect.objectContaining({ assigneeId: 'duo-a' }),
      }),
    ]);
    expect((await tickets.get(oldest.ticketId))?.assigneeId).toBe('duo-a');
    expect((await staff.getStaff('duo-a'))?.load).toBe(5);
    expect(await queue.oldest('duo', 50)).toHaveLength(19);
    expect((await queue.oldest('duo', 1))[0]).toEqual(waiting[1]);
  });
});
