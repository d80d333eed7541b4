import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ArchivableEvent,
  allowList,
  archiveColumns,
  archiveRowOf,
} from '../../../functions/events/domain/archive-row.js';
import {
  type TicketEventData,
  type TicketEventName,
  ticketEventCatalog,
  ticketEventNames,
} from '../../../functions/tickets/contracts/events.js';

/** One valid `data` per event type of the catalog (the compiler wants them all). */
const samples: { readonly [N in TicketEventName]: TicketEventData[N] } = {
  TicketCreated: {
    type: 'refund',
    status: 'requested',
    reason: 'defective',
    channel: 'web',
    orderId: 'o-1',
    items: [
      { sku: 'KETTLE-1', name: 'Electric kettle', quantity: 2, unitPrice: 12900 },
      { sku: 'MUG-2', name: 'Mug', quantity: 1, unitPrice: 900 },
    ],
  },
  MessageAdded: { body: 'It leaks.', internal: false, macroId: 'm-1', macroVersion: 2 },
  TicketClassified: {
    labels: [{ label: 'quality', score: 3, terms: ['leaks'] }],
    suggestedType: 'refund',
    suggestedReason: 'defective',
    configVersion: 1,
  },
  TicketAssigned: { from: null, to: 'agent-2' },
  InfoRequested: { message: 'Please send a photo.', from: 'requested' },
  TicketResumed: { to: 'requested' },
  TicketResolved: { summary: 'Replaced the kettle.' },
  TicketReopened: { reason: 'Still broken.' },
  TicketClosed: { from: 'resolved', automatic: true, timeout: 'customerAppeal' },
  TicketCancelled: { reason: 'Found it.' },
  TicketMerged: { into: 't-2', from: 'open' },
  TicketMergedIn: { mergedFrom: 't-3', messages: 2, releasedUnits: 1 },
  MessageCopied: { body: 'Hello', internal: false, mergedFrom: 't-3', originalEventId: 'e-9' },
  TagAdded: { tag: 'fragile' },
  TagRemoved: { tag: 'fragile' },
  PriorityChanged: { from: 'normal', to: 'high' },
  TicketEscalated: {
    level: 2,
    trigger: 'sla',
    note: 'Customer is upset.',
    metric: 'resolution',
    notify: ['supervisors'],
    priority: 'urgent',
    team: 'escalations',
    alertOperations: true,
  },
  TicketRouted: { team: 'vip', priority: 'high', rule: 'vip', reason: "rule 'vip' matched tier=vip" },
  TicketAutoAssigned: {
    team: 'support',
    to: 'agent-1',
    from: null,
    load: 3,
    capacity: 10,
    trigger: 'routed',
    reason: 'fewest open tickets',
  },
  TicketQueued: {
    team: 'support',
    deadline: '2026-12-01T10:00:00.000Z',
    trigger: 'routed',
    reason: 'all away',
  },
  SlaWarning: { metric: 'firstResponse', dueAt: '2026-12-01T10:00:00.000Z' },
  SlaBreached: { metric: 'firstResponse', dueAt: '2026-12-01T10:00:00.000Z' },
  TicketApproved: { note: 'Fine by me.', rule: 'small-defects' },
  ReturnAuthorized: { returnMethod: 'pickup' },
  RefundRequested: { attempt: 1, amount: 13900, currency: 'CNY' },
  TicketRejected: { reason: 'Outside the window.' },
  PickupBooked: {
    carrier: 'local-courier',
    bookingId: 'b-1',
    window: { from: '2026-12-01T09:00:00.000Z', to: '2026-12-01T12:00:00.000Z' },
  },
  ReturnShipped: { carrier: 'YTO', trackingNumber: 'YT123' },
  ReturnReceived: { note: 'Box dented.' },
  InspectionCompleted: { result: 'accepted', note: 'As described.', timeout: 'shopConfirmReceipt' },
  ReturnDelivered: { carrier: 'YTO', trackingNumber: 'YT123', deliveredAt: '2026-12-02T10:00:00.000Z' },
  ReturnShipmentReminder: { rule: 'customerShipReminder', shipBy: '2026-12-05T10:00:00.000Z' },
  TicketAppealed: { reason: 'It was broken on arrival.' },
  AutoApprovalDeclined: { reason: 'amount above the rule' },
  WorkflowRedriven: { step: 'refund-payment', redrive: 2, event: { id: 'e-1', type: 'RefundRequested' } },
  WorkflowStuck: {
    step: 'refund-payment',
    status: 'refunding',
    since: '2026-12-01T10:00:00.000Z',
    redrives: 3,
  },
  RefundIssued: { amount: 13900, currency: 'CNY' },
  RefundAttentionNeeded: {
    amount: 13900,
    currency: 'CNY',
    reason: 'Card of Ann Lee expired',
    attempt: 2,
    outcomeUnknown: true,
  },
  RefundFailed: { amount: 13900, currency: 'CNY', code: 'declined' },
  ApprovalEscalated: {
    from: 'agent',
    to: 'supervisor',
    amount: 90000,
    currency: 'CNY',
    requestedBy: 'agent-1',
  },
  ComplaintAcknowledged: { team: 'complaints' },
  OutboundShipped: { kind: 'replacement', carrier: 'SF', trackingNumber: 'SF9' },
  RepairStarted: { note: 'Opened the case.' },
  RepairCompleted: { note: 'New heating element.' },
  SurveyRequested: { dueAt: '2026-12-02T10:00:00.000Z' },
  SatisfactionRated: {
    score: 4,
    nps: 9,
    comment: 'Kind people, thanks!',
    assigneeId: 'agent-2',
    via: 'survey',
  },
};

function eventOf(type: string, data: unknown, actor = { id: 'c-1', role: 'customer' }): ArchivableEvent {
  return {
    id: `e-${type}`,
    type,
    version: 1,
    at: '2026-12-03T16:40:00.123Z',
    ticketId: 't-1',
    ticketType: 'refund',
    actor,
    data,
  };
}

const columnNames = archiveColumns.map((column) => column.name);

describe('archiveRowOf', () => {
  it('lists every event type of the catalog, and nothing else', () => {
    // Assert
    expect(Object.keys(allowList).sort()).toEqual([...ticketEventNames].sort());
  });

  it.each(ticketEventNames)(
    '%s: a row with every column, the envelope filled and only ids, codes and numbers',
    (type) => {
      // Prepare
      expect(ticketEventCatalog[type].data.safeParse(samples[type]).success).toBe(true);

      // Execute
      const row = archiveRowOf(eventOf(type, samples[type]));

      // Assert
      expect(row).toBeDefined();
      expect(Object.keys(row ?? {})).toEqual(columnNames);
      expect(row).toMatchObject({
        event_id: `e-${type}`,
        event_type: type,
        event_version: 1,
        occurred_at: '2026-12-03 16:40:00.123',
        day: '2026-12-03',
        ticket_id: 't-1',
        ticket_type: 'refund',
        actor_role: 'customer',
        customer_id: 'c-1',
        agent_id: null,
      });
      for (const value of Object.values(row ?? {})) {
        if (typeof value === 'string') expect(value).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:#/ -]*$/);
        else if (value !== null) expect(Number.isSafeInteger(value)).toBe(true);
      }
    },
  );

  it('keeps the facts each type allows', () => {
    // Execute
    const row = (type: TicketEventName, actor?: { id: string; role: string }) =>
      archiveRowOf(eventOf(type, samples[type], actor));

    // Assert
    expect(row('TicketCreated')).toMatchObject({
      status: 'requested',
      reason_code: 'defective',
      channel: 'web',
      order_id: 'o-1',
      lines: 2,
      units: 3,
      amount_minor: null,
    });
    expect(row('RefundIssued', { id: 'system', role: 'system' })).toMatchObject({
      amount_minor: 13900,
      currency: 'CNY',
      customer_id: null,
      agent_id: null,
      actor_role: 'system',
    });
    expect(row('MessageAdded', { id: 'agent-2', role: 'agent' })).toMatchObject({
      agent_id: 'agent-2',
      customer_id: null,
    });
    expect(row('SatisfactionRated')).toMatchObject({ csat_score: 4, nps_score: 9, assignee_id: 'agent-2' });
    expect(row('ComplaintAcknowledged')).toMatchObject({ team: 'complaints' });
    expect(row('RefundFailed')).toMatchObject({ outcome_code: 'declined', amount_minor: 13900 });
    expect(row('TicketClosed')).toMatchObject({ from_status: 'resolved', rule_code: 'customerAppeal' });
    expect(row('TicketEscalated')).toMatchObject({ level: 2, sla_metric: 'resolution', team: 'escalations' });
  });

  it('archives CustomerErased as the customer id and the time', () => {
    // Execute
    const row = archiveRowOf({
      id: 'erasure-1-run-1',
      type: 'CustomerErased',
      version: 1,
      at: '2026-12-03T16:40:00.000Z',
      data: {
        customerId: 'c-7',
        erasureId: 'x',
        run: 1,
        requestedAt: '2026-12-03T16:39:00.000Z',
        erasedAt: '2026-12-03T16:40:00.000Z',
      },
    });

    // Assert
    expect(row).toMatchObject({
      event_type: 'CustomerErased',
      customer_id: 'c-7',
      ticket_id: null,
      actor_role: null,
    });
  });

  it('leaves out what it does not know: an unknown type, no time, no id', () => {
    // Assert
    expect(archiveRowOf(eventOf('SomethingNew', {}))).toBeUndefined();
    expect(archiveRowOf({ ...eventOf('TicketResolved', {}), at: 'yesterday' })).toBeUndefined();
    expect(archiveRowOf({ ...eventOf('TicketResolved', {}), id: 'not an id' })).toBeUndefined();
    expect(archiveRowOf(eventOf('toString', {}))).toBeUndefined();
  });

  it('reads data of the wrong shape as nulls, never as text', () => {
    // Execute
    const row = archiveRowOf(
      eventOf('TicketCreated', { items: 'many', reason: 'because I say so', orderId: 7 }),
    );

    // Assert
    expect(row).toMatchObject({
      reason_code: null,
      order_id: null,
      units: null,
      lines: null,
      event_type: 'TicketCreated',
    });
  });
});

/** Text a person writes or is: sentences, email addresses, postal addresses, names in Chinese. */
const personalText = fc.oneof(
  fc.emailAddress(),
  fc
    .array(fc.stringMatching(/^[A-Za-z]{1,10}$/), { minLength: 2, maxLength: 8 })
    .map((words) => words.join(' ')),
  fc
    .tuple(fc.integer({ min: 1, max: 9999 }), fc.stringMatching(/^[A-Z][a-z]{2,10}$/))
    .map(([number, street]) => `${number} ${street} Street, Springfield`),
  fc.constantFrom('张伟', '上海市浦东新区世纪大道100号', 'Zoë Müller', 'Ann Lee <ann@example.com>'),
);

/** Every string of `value`, however deep, replaced by the next text of `texts`. */
function withText(value: unknown, texts: string[]): unknown {
  if (typeof value === 'string') return texts[(texts.push(texts.shift() ?? '') - 1) % texts.length];
  if (Array.isArray(value)) return value.map((item) => withText(item, texts));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withText(item, texts)]));
  return value;
}

describe('archiveRowOf under personal text', () => {
  it.each(ticketEventNames)(
    '%s: free text, addresses and names in any string field of the data never reach the row',
    (type) => {
      fc.assert(
        fc.property(fc.array(personalText, { minLength: 1, maxLength: 6 }), (texts) => {
          // Execute
          const row = archiveRowOf(eventOf(type, withText(samples[type], [...texts])));

          // Assert
          const { occurred_at: _time, ...facts } = row ?? {};
          const values = Object.values(facts).filter((value): value is string => typeof value === 'string');
          for (const text of texts) expect(values.some((value) => value.includes(text))).toBe(false);
          for (const value of values) expect(value).not.toMatch(/[\s@<>,]|[^\x20-\x7e]/);
        }),
        { numRuns: 50 },
      );
    },
  );

  it('CustomerErased: an address in place of the customer id is left out', () => {
    fc.assert(
      fc.property(personalText, (text) => {
        // Execute
        const row = archiveRowOf({
          id: 'e-1',
          type: 'CustomerErased',
          version: 1,
          at: '2026-12-03T16:40:00.000Z',
          data: { customerId: text, erasureId: text },
        });

        // Assert
        expect(row?.customer_id).toBeNull();
      }),
    );
  });
});
