import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../../functions/shared/table-catalog.js';
import {
  filterExpression,
  summaryOfItem,
  ticketIndexKeys,
} from '../../../functions/tickets/adapters/ticket-indexes.js';
import type { Ticket } from '../../../functions/tickets/domain/ticket.js';
import { matchesFilters, summarize } from '../../../functions/tickets/domain/ticket-views.js';
import { aTicket, T0, waitingForCustomer } from '../../fixtures/builders.js';

describe('the filters of a view', () => {
  it('builds one FilterExpression term per given filter, tags with contains', () => {
    const parts = filterExpression({
      type: 'refund',
      priority: 'high',
      tag: 'vip',
      channel: 'email',
      createdFrom: '2026-11-01T00:00:00.000Z',
      createdTo: '2026-12-01T00:00:00.000Z',
    });

    expect(parts.expression).toBe(
      '#f_type = :f_type AND #f_priority = :f_priority AND #f_channel = :f_channel AND ' +
        'contains(#f_tags, :f_tag) AND #f_createdAt >= :f_createdFrom AND #f_createdAt < :f_createdTo',
    );
    expect(parts.names).toEqual({
      '#f_type': 'type',
      '#f_priority': 'priority',
      '#f_channel': 'channel',
      '#f_tags': 'tags',
      '#f_createdAt': 'createdAt',
    });
    expect(parts.values).toEqual({
      ':f_type': 'refund',
      ':f_priority': 'high',
      ':f_channel': 'email',
      ':f_tag': 'vip',
      ':f_createdFrom': '2026-11-01T00:00:00.000Z',
      ':f_createdTo': '2026-12-01T00:00:00.000Z',
    });
  });

  it('filters nothing when no filter is given', () => {
    expect(filterExpression({})).toEqual({ expression: undefined, names: {}, values: {} });
  });

  it('matches a tag only on a ticket that carries it (tickets stored before tags have none)', () => {
    const plain = summarize(aTicket({ id: 't-1' }));
    const tagged = summarize({ ...aTicket({ id: 't-2' }), tags: ['vip', 'fragile'] } as Ticket);

    expect(plain.tags).toEqual([]);
    expect(matchesFilters(plain, { tag: 'vip' })).toBe(false);
    expect(matchesFilters(tagged, { tag: 'vip' })).toBe(true);
    expect(matchesFilters(tagged, { tag: 'vi' })).toBe(false);
  });
});

describe('the index keys of a ticket', () => {
  it('spreads the all-tickets index over shards of its creation day and queues it while open', () => {
    const ticket = aTicket({ id: '79540bc0-1111-4000-8000-000000000000', customerEmail: 'Ann@Example.com' });

    const keys = ticketIndexKeys(ticket);

    expect(keys.GSI3PK).toMatch(new RegExp(`^TICKETS#${T0.toISOString().slice(0, 10)}#[0-9]$`));
    expect(Number(keys.GSI3PK?.split('#')[2])).toBeLessThan(tableDefinition.ticketIndexShards);
    expect(keys.GSI3SK).toBe(`${ticket.createdAt}#${ticket.id}`);
    expect(keys.GSI2PK).toBe('ASSIGNEE#none');
    expect(keys.GSI5PK).toBe(`TEAM#${ticket.team}`);
    expect(keys.GSI6PK).toMatch(/^OPEN#active#[0-9]$/);
    expect(keys.GSI2SK).toBe(`${ticket.sla.clocks.firstResponse?.dueAt}#${ticket.id}`);
    expect(keys.GSI7PK).toBe('NUMBER#79540BC0');
    expect(keys.GSI8PK).toBe('EMAIL#ann@example.com');
  });

  it('spreads tickets of one day over every shard', () => {
    const shards = new Set(
      Array.from({ length: 200 }, (_, i) => ticketIndexKeys(aTicket({ id: `t-${i}` })).GSI3PK),
    );

    expect(shards.size).toBe(tableDefinition.ticketIndexShards);
  });

  it('puts a ticket waiting for its customer in the waiting shards, after every running deadline', () => {
    const keys = ticketIndexKeys(waitingForCustomer(aTicket({ id: 't-1' })));

    expect(keys.GSI6PK).toMatch(/^OPEN#waiting#[0-9]$/);
    expect(keys.GSI6SK?.startsWith('~')).toBe(true);
  });

  it('takes a closed ticket out of the queues and an erased address out of the email index', () => {
    const keys = ticketIndexKeys(aTicket({ id: 't-1', status: 'closed', customerEmail: '[erased]' }));

    expect(Object.keys(keys).sort()).toEqual(['GSI3PK', 'GSI3SK', 'GSI7PK', 'GSI7SK']);
  });

  it('reads a list entry back from the projected attributes', () => {
    const item = {
      id: 't-1',
      type: 'refund',
      status: 'requested',
      priority: 'normal',
      customerId: 'c-1',
      orderId: 'o-1',
      channel: 'web',
      team: 'support',
      assigneeId: null,
      subject: null,
      createdAt: '2026-11-20T10:00:00.000Z',
      escalationLevel: 0,
      slaDueAt: '2026-11-21T10:00:00.000Z',
      slaWarnAt: '2026-11-21T04:00:00.000Z',
    };

    expect(summaryOfItem(item)).toEqual({
      ...item,
      slaDueAt: undefined,
      slaWarnAt: undefined,
      tags: [],
      deadline: { dueAt: item.slaDueAt, warnAt: item.slaWarnAt },
    });
  });
});
