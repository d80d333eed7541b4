import { describe, expect, it } from 'vitest';
import { addressDigest } from '../../../functions/notifications/domain/address-digest.js';
import {
  ERASURE_LEASE_MS,
  newErasureJob,
  restarted,
  shouldRestart,
} from '../../../functions/privacy/domain/erasure.js';
import {
  addressesOf,
  type Holdings,
  planErasure,
  sentEmailPairs,
} from '../../../functions/privacy/domain/erasure-plan.js';
import type { StoredEvent, StoredTicket } from '../../../functions/privacy/domain/ports.js';
import { retentionDue, retentionDueAt } from '../../../functions/privacy/domain/retention.js';
import { eraseEvent, eraseTicket, TOMBSTONE } from '../../../functions/privacy/domain/tombstone.js';
import { ticketsConfig } from '../../../functions/tickets/config.js';
import { anEvent, anOrder, aTicket, iso, MINUTE, T0 } from '../../fixtures/builders.js';

const DAY = 24 * 60 * MINUTE;

describe('retention', () => {
  const closed = { status: 'closed' as const, closedAt: iso(T0), updatedAt: iso(T0, DAY) };

  it('falls due RETENTION_DAYS after a ticket closed', () => {
    expect(retentionDueAt(closed, 1095)).toBe(iso(T0, 1095 * DAY));
    expect(retentionDue(closed, 1095, new Date(Date.parse(iso(T0, 1095 * DAY)) - 1))).toBe(false);
    expect(retentionDue(closed, 1095, new Date(iso(T0, 1095 * DAY)))).toBe(true);
  });

  it('counts a cancelled ticket that never closed from its last change', () => {
    expect(retentionDueAt({ status: 'cancelled', closedAt: null, updatedAt: iso(T0) }, 30)).toBe(
      iso(T0, 30 * DAY),
    );
  });

  it('never falls due for an open ticket or an erased one', () => {
    expect(retentionDueAt({ ...closed, status: 'resolved' }, 1)).toBeNull();
    expect(retentionDueAt({ ...closed, erasedAt: iso(T0, 2 * DAY) }, 1)).toBeNull();
    expect(retentionDue({ ...closed, status: 'open' }, 1, new Date(iso(T0, 10_000 * DAY)))).toBe(false);
  });

  it('reads RETENTION_DAYS, 1095 by default (fractions of a day for local tests), and refuses nonsense', () => {
    const days = (value: string | undefined) => ticketsConfig.parse({ RETENTION_DAYS: value }).retentionDays;
    expect(days(undefined)).toBe(1095);
    expect(days('30')).toBe(30);
    expect(days('0.0001')).toBe(0.0001);
    expect(() => days('0')).toThrow(/RETENTION_DAYS/);
    expect(() => days('three years')).toThrow(/RETENTION_DAYS/);
  });
});

describe('erasure job', () => {
  const job = newErasureJob({ id: 'er-1', customerId: 'c-1', requestedBy: 'adm-1', now: T0 });

  it('starts requested, on run 1, with nothing counted', () => {
    expect(job).toMatchObject({
      status: 'requested',
      run: 1,
      startedAt: null,
      finishedAt: null,
      stepsDone: 0,
    });
    expect(Object.values(job.progress).every((n) => n === 0)).toBe(true);
  });

  it('leaves a moving job alone and restarts a stalled or finished one', () => {
    const running = { ...job, status: 'running' as const, updatedAt: iso(T0) };
    expect(shouldRestart(running, new Date(iso(T0, ERASURE_LEASE_MS)))).toBe(false);
    expect(shouldRestart(running, new Date(iso(T0, ERASURE_LEASE_MS + 1)))).toBe(true);
    expect(shouldRestart({ ...job, status: 'done' }, T0)).toBe(true);
  });

  it('starts the next run with the counters of earlier runs kept', () => {
    const done = {
      ...job,
      status: 'done' as const,
      finishedAt: iso(T0),
      progress: { ...job.progress, tickets: 3 },
    };

    const next = restarted(done, 'adm-2', new Date(iso(T0, DAY)));

    expect(next).toMatchObject({ status: 'requested', run: 2, requestedBy: 'adm-2', finishedAt: null });
    expect(next.progress.tickets).toBe(3);
  });
});

describe('addressDigest', () => {
  it('hashes an address as the suppression list compares it, under a key', () => {
    const digest = addressDigest('Ann@Example.com ', 'k1');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(addressDigest('ann@example.com', 'k1')).toBe(digest);
    expect(addressDigest('ann@example.com', 'k2')).not.toBe(digest);
    expect(() => addressDigest('ann@example.com', '')).toThrow();
  });
});

describe('planErasure', () => {
  const ticket = aTicket({ id: 't-1', customerEmail: 'Ann@Example.com', description: 'It leaks.' });
  const message = anEvent(ticket, {
    id: 'e-msg',
    type: 'MessageAdded',
    data: { body: 'Hi', internal: false },
  });
  const created = anEvent(ticket, { id: 'e-new', type: 'TicketCreated', data: { reason: 'other' } });
  const events: StoredEvent[] = [message, created].map((event, i) => ({ event, ref: `EVENT#${i}` }));
  const stored: StoredTicket = { ticket, erasedAt: null };
  const holdings: Holdings = {
    tickets: [{ stored, events }],
    orders: [anOrder({ customerEmail: 'ann@example.com', customerName: 'Ann Li' })],
    sentEmails: [
      {
        key: 'e-msg#ann@example.com',
        eventId: 'e-msg',
        address: 'ann@example.com',
        status: 'sent',
        sentAt: iso(T0),
        subject: 'Re: your ticket',
        kind: 'MessageAdded',
      },
    ],
    suppressedAddresses: ['ann@example.com'],
  };

  it('takes address-keyed items first, then timelines, tickets and orders; no step for text-free events', () => {
    expect(planErasure(holdings).map((step) => step.kind)).toEqual([
      'sentEmails',
      'suppressions',
      'timelineEvents',
      'tickets',
      'orders',
    ]);
  });

  it('plans nothing once everything is erased', () => {
    const erased: Holdings = {
      tickets: [
        {
          stored: { ticket: eraseTicket(ticket), erasedAt: iso(T0) },
          events: events.map((e) => ({ ...e, event: eraseEvent(e.event) })),
        },
      ],
      orders: [anOrder({ customerEmail: TOMBSTONE, customerName: TOMBSTONE })],
      sentEmails: [],
      suppressedAddresses: [],
    };

    expect(planErasure(erased)).toEqual([]);
  });

  it('marks a ticket without personal text as erased too (its retention must not fire again)', () => {
    const plain = aTicket({ id: 't-2', customerEmail: null, description: '' });
    expect(
      planErasure({
        ...holdings,
        tickets: [{ stored: { ticket: plain, erasedAt: null }, events: [] }],
        orders: [],
        sentEmails: [],
        suppressedAddresses: [],
      }),
    ).toEqual([{ kind: 'tickets', stored: { ticket: plain, erasedAt: null } }]);
  });

  it('finds the addresses and the sent-log keys to look up, erased addresses left out', () => {
    expect(addressesOf(holdings)).toEqual(['ann@example.com']);
    expect(sentEmailPairs(holdings)).toEqual([
      { eventId: 'e-msg', address: 'Ann@Example.com' },
      { eventId: 'e-new', address: 'Ann@Example.com' },
    ]);
    expect(
      addressesOf({
        tickets: [{ stored: { ticket: eraseTicket(ticket), erasedAt: null }, events }],
        orders: [],
      }),
    ).toEqual([]);
  });
});
