import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ticketTypes } from '../../../functions/kernel/ticket-kinds.js';
import {
  eraseEvent,
  eraseEventData,
  eraseOrderContact,
  eraseTicket,
  personalEventData,
  personalTicketFields,
  sameJson,
  TOMBSTONE,
} from '../../../functions/privacy/domain/tombstone.js';
import { summarize } from '../../../functions/reports/domain/summary.js';
import { ticketEventNames } from '../../../functions/tickets/contracts/events.js';
import type { Ticket } from '../../../functions/tickets/domain/ticket.js';
import { anEvent, aTicket, iso, MINUTE, T0 } from '../../fixtures/builders.js';

const text = fc.string({ minLength: 1, maxLength: 40 });
const nullableText = fc.option(text, { nil: null });
const instant = fc.integer({ min: 0, max: 400 * 24 * 60 }).map((minutes) => iso(T0, minutes * MINUTE));

/** Tickets of every type and many states, with and without each piece of personal text. */
const tickets: fc.Arbitrary<Ticket> = fc
  .record({
    type: fc.constantFrom(...ticketTypes),
    status: fc.constantFrom('requested', 'open', 'approved', 'resolved', 'closed', 'cancelled', 'refunded'),
    customerEmail: fc.option(fc.emailAddress(), { nil: null }),
    subject: nullableText,
    description: fc.oneof(text, fc.constant('')),
    pickupAddress: fc.option(text, { nil: null }),
    rejectionReason: nullableText,
    inspection: fc.option(
      fc.record({
        result: fc.constantFrom('accepted', 'rejected' as const),
        note: nullableText,
        at: instant,
      }),
      { nil: null },
    ),
    satisfaction: fc.option(
      fc.record({
        score: fc.integer({ min: 1, max: 5 }),
        nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
        comment: nullableText,
        ratedAt: instant,
        assigneeId: fc.option(fc.constantFrom('agent-1', 'agent-2'), { nil: null }),
        via: fc.constantFrom('survey', 'account' as const),
      }),
      { nil: undefined },
    ),
    assigneeId: fc.option(fc.constantFrom('agent-1', 'agent-2'), { nil: null }),
    resolvedAt: fc.option(instant, { nil: null }),
    closedAt: fc.option(instant, { nil: null }),
    amount: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map((g) => {
    const base = aTicket({ type: g.type });
    return {
      ...base,
      status: g.status,
      customerEmail: g.customerEmail,
      subject: g.subject,
      description: g.description,
      pickup: g.pickupAddress
        ? { address: g.pickupAddress, window: { from: iso(T0, 60 * MINUTE), to: iso(T0, 120 * MINUTE) } }
        : null,
      rejectionReason: g.rejectionReason,
      inspection: g.inspection,
      ...(g.satisfaction ? { satisfaction: g.satisfaction } : {}),
      assigneeId: g.assigneeId,
      resolvedAt: g.resolvedAt,
      closedAt: g.closedAt,
      refund: base.refund && { ...base.refund, amount: g.amount, itemsAmount: g.amount },
    } satisfies Ticket;
  });

const personal = new Set<string>(personalTicketFields);

describe('eraseTicket', () => {
  it('keeps every non-personal field equal, and the non-personal parts of personal ones', () => {
    fc.assert(
      fc.property(tickets, (ticket) => {
        const erased = eraseTicket(ticket);
        for (const field of Object.keys(ticket) as (keyof Ticket)[]) {
          if (!personal.has(field)) expect(erased[field]).toEqual(ticket[field]);
        }
        expect(erased.pickup?.window).toEqual(ticket.pickup?.window);
        expect(erased.inspection && { ...erased.inspection, note: null }).toEqual(
          ticket.inspection && { ...ticket.inspection, note: null },
        );
        expect(erased.satisfaction && { ...erased.satisfaction, comment: null }).toEqual(
          ticket.satisfaction && { ...ticket.satisfaction, comment: null },
        );
      }),
    );
  });

  it('leaves no personal text: each personal value is a tombstone, empty or absent', () => {
    fc.assert(
      fc.property(tickets, (ticket) => {
        const erased = eraseTicket(ticket);
        const left = [
          erased.customerEmail,
          erased.subject,
          erased.description,
          erased.pickup?.address,
          erased.rejectionReason,
          erased.inspection?.note,
          erased.satisfaction?.comment,
        ];
        for (const value of left) expect([TOMBSTONE, '', null, undefined]).toContain(value);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(tickets, (ticket) => {
        expect(eraseTicket(eraseTicket(ticket))).toEqual(eraseTicket(ticket));
      }),
    );
  });

  it("keeps the reports' figures identical (summarize before and after)", () => {
    fc.assert(
      fc.property(fc.array(tickets, { maxLength: 12 }), (batch) => {
        const now = new Date(Date.parse(iso(T0)) + 500 * 24 * 60 * MINUTE);
        const unique = batch.map((ticket, index) => ({ ...ticket, id: `t-${index}` }));
        expect(summarize(unique.map(eraseTicket), now)).toEqual(summarize(unique, now));
      }),
    );
  });

  it('tombstones the text of a realistic ticket', () => {
    const ticket: Ticket = {
      ...aTicket({
        type: 'return',
        customerEmail: 'ann@example.com',
        description: 'It leaks. Call me on 555-0100.',
      }),
      subject: 'Kettle',
      pickup: { address: '1 Long Road, Shanghai', window: { from: iso(T0), to: iso(T0, 60 * MINUTE) } },
    };

    const erased = eraseTicket(ticket);

    expect(erased).toMatchObject({
      customerEmail: TOMBSTONE,
      subject: TOMBSTONE,
      description: TOMBSTONE,
      pickup: { address: TOMBSTONE, window: ticket.pickup?.window },
      items: ticket.items,
      refund: ticket.refund,
      holds: ticket.holds,
      sla: ticket.sla,
    });
  });
});

describe('eraseEventData', () => {
  it('classifies every event of the ticket catalog', () => {
    expect(Object.keys(personalEventData).sort()).toEqual([...ticketEventNames].sort());
  });

  it('tombstones messages, notes, reasons and comments, and keeps everything else', () => {
    const ticket = aTicket();
    expect(
      eraseEvent(
        anEvent(ticket, { type: 'MessageAdded', data: { body: 'My phone is 555', internal: false } }),
      ).data,
    ).toEqual({
      body: TOMBSTONE,
      internal: false,
    });
    expect(eraseEventData('TicketRejected', { reason: 'Ann sent the wrong box' })).toEqual({
      reason: TOMBSTONE,
    });
    expect(eraseEventData('RefundIssued', { amount: 12900, currency: 'CNY' })).toEqual({
      amount: 12900,
      currency: 'CNY',
    });
    expect(eraseEventData('ReturnShipped', { carrier: 'YTO', trackingNumber: 'YT1' })).toEqual({
      carrier: 'YTO',
      trackingNumber: 'YT1',
    });
    expect(
      eraseEventData('SatisfactionRated', {
        score: 2,
        nps: 3,
        comment: 'Rude',
        assigneeId: 'agent-1',
        via: 'survey',
      }),
    ).toEqual({ score: 2, nps: 3, comment: TOMBSTONE, assigneeId: 'agent-1', via: 'survey' });
    expect(eraseEventData('TicketResolved', { summary: null })).toEqual({ summary: null });
  });

  it('erases the event a watchdog re-drive carries by its own rule', () => {
    const carried = { id: 'e-1', type: 'TicketApproved', data: { note: 'Ann is a regular', rule: 'r-1' } };

    const erased = eraseEventData('WorkflowRedriven', { step: 'payment', redrive: 1, event: carried });

    expect(erased).toEqual({
      step: 'payment',
      redrive: 1,
      event: { id: 'e-1', type: 'TicketApproved', data: { note: TOMBSTONE, rule: 'r-1' } },
    });
  });

  it('tombstones every string of an event type it does not know', () => {
    expect(eraseEventData('SomethingNew', { text: 'Ann', count: 3, flag: true })).toEqual({
      text: TOMBSTONE,
      count: 3,
      flag: true,
    });
  });

  it('is idempotent for every type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ticketEventNames, 'SomethingNew'),
        fc.dictionary(
          fc.constantFrom('body', 'note', 'reason', 'comment', 'amount', 'summary', 'x'),
          fc.oneof(text, fc.integer(), fc.constant(null)),
        ),
        (type, data) => {
          const once = eraseEventData(type, data);
          expect(eraseEventData(type, once)).toEqual(once);
        },
      ),
    );
  });
});

describe('eraseOrderContact', () => {
  it('tombstones the address and a name, and keeps a missing name missing', () => {
    expect(eraseOrderContact({ customerEmail: 'ann@example.com', customerName: 'Ann Li' })).toEqual({
      customerEmail: TOMBSTONE,
      customerName: TOMBSTONE,
    });
    expect(eraseOrderContact({ customerEmail: 'ann@example.com', customerName: null })).toEqual({
      customerEmail: TOMBSTONE,
      customerName: null,
    });
  });
});

describe('sameJson', () => {
  it('compares nested values and treats an absent key like undefined', () => {
    expect(sameJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: null }, { a: 'x' })).toBe(false);
  });
});
