import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ticketViewSchemas } from '../../../functions/tickets/contracts/ticket-views.js';
import { summarize } from '../../../functions/tickets/domain/ticket-views.js';
import { toCustomerSummaryView } from '../../../functions/tickets/use-cases/list-tickets.js';
import {
  toCustomerTicketView,
  toMessageView,
  toTicketView,
} from '../../../functions/tickets/use-cases/ticket-view.js';

import {
  agent,
  anEvent,
  aTicket,
  customer,
  HOUR,
  iso,
  plus,
  supervisor,
  T0,
} from '../../fixtures/builders.js';

const {
  customerTicket: customerTicketSchema,
  customerTicketSummary: customerTicketSummarySchema,
  customerTimelineEvent: customerTimelineEventSchema,
} = ticketViewSchemas();

/**
 * Every field a customer may receive, as dotted paths (`[]` for array members). A field added to
 * a customer view fails here until someone decides it belongs to the customer and lists it.
 */
const ticketAllowList = [
  'allowedActions',
  'autoCloseAt',
  'channel',
  'closedAt',
  'createdAt',
  'description',
  'id',
  'inspection',
  'inspection.at',
  'inspection.note',
  'inspection.result',
  'items',
  'items[].name',
  'items[].quantity',
  'items[].sku',
  'items[].unitPrice',
  'mergedInto',
  'orderId',
  'outboundShipment',
  'outboundShipment.at',
  'outboundShipment.carrier',
  'outboundShipment.deliveredAt',
  'outboundShipment.postage',
  'outboundShipment.trackingNumber',
  'pickup',
  'pickup.address',
  'pickup.window',
  'pickup.window.from',
  'pickup.window.to',
  'pickupBooking',
  'pickupBooking.bookingId',
  'pickupBooking.carrier',
  'pickupBooking.window',
  'pickupBooking.window.from',
  'pickupBooking.window.to',
  'reason',
  'refund',
  'refund.amount',
  'refund.currency',
  'refund.failureReason',
  'refund.itemsAmount',
  'refund.postageAmount',
  'refund.shippingAmount',
  'refund.status',
  'rejectionReason',
  'resolvedAt',
  'returnMethod',
  'returnShipment',
  'returnShipment.at',
  'returnShipment.carrier',
  'returnShipment.deliveredAt',
  'returnShipment.postage',
  'returnShipment.trackingNumber',
  'satisfaction',
  'satisfaction.comment',
  'satisfaction.nps',
  'satisfaction.ratedAt',
  'satisfaction.score',
  'sla',
  'sla.firstResponse',
  'sla.firstResponse.dueAt',
  'sla.firstResponse.state',
  'sla.nextResponse',
  'sla.nextResponse.dueAt',
  'sla.nextResponse.state',
  'sla.resolution',
  'sla.resolution.dueAt',
  'sla.resolution.state',
  'status',
  'subject',
  'timeline',
  'timeline[].actor',
  'timeline[].actor.role',
  'timeline[].at',
  'timeline[].data',
  'timeline[].id',
  'timeline[].type',
  'type',
  'updatedAt',
  'version',
];

const summaryAllowList = [
  'channel',
  'createdAt',
  'id',
  'nextDueAt',
  'number',
  'orderId',
  'status',
  'subject',
  'type',
];

/** The property paths a JSON Schema documents (what the OpenAPI document promises the customer). */
function documentedPaths(
  schema: Record<string, unknown>,
  defs: Record<string, Record<string, unknown>>,
  prefix = '',
): string[] {
  const ref = typeof schema.$ref === 'string' ? defs[schema.$ref.replace('#/$defs/', '')] : undefined;
  const variants = [ref ?? schema, ...((schema.anyOf as Record<string, unknown>[] | undefined) ?? [])];
  return variants.flatMap((variant) => {
    if (variant !== schema && variant.$ref) return documentedPaths(variant, defs, prefix);
    if (variant.type === 'array' && variant.items) {
      return documentedPaths(variant.items as Record<string, unknown>, defs, `${prefix}[]`);
    }
    const properties = (variant.properties ?? {}) as Record<string, Record<string, unknown>>;
    return Object.entries(properties).flatMap(([name, property]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      return [path, ...documentedPaths(property, defs, path)];
    });
  });
}

/** The property paths a value carries; a record's entries (event data) are its own, not paths. */
function valuePaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((member) => valuePaths(member, `${prefix}[]`));
  if (!value || typeof value !== 'object' || prefix.endsWith('.data')) return [];
  return Object.entries(value).flatMap(([name, member]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return [path, ...valuePaths(member, path)];
  });
}

const unique = (paths: string[]) => [...new Set(paths)].sort();

/** A ticket with every optional part filled, assigned, approved by a person and escalated. */
function aFullTicket() {
  const base = aTicket({ type: 'return' });
  return aTicket({
    type: 'return',
    assigneeId: 'a-7',
    lastAssigneeId: 'a-6',
    loadHolder: 'a-7',
    escalationLevel: 2,
    priority: 'urgent',
    team: 'returns-escalated',
    tags: ['vip-watch'],
    returnMethod: 'pickup',
    pickup: { address: '1 Garden Road', window: { from: iso(T0, HOUR), to: iso(T0, 3 * HOUR) } },
    pickupBooking: {
      carrier: 'SF',
      bookingId: 'B-1',
      window: { from: iso(T0, HOUR), to: iso(T0, 3 * HOUR) },
    },
    returnShipment: {
      carrier: 'SF',
      trackingNumber: 'SF1234',
      at: iso(T0, HOUR),
      deliveredAt: null,
      postage: 800,
    },
    outboundShipment: { carrier: 'SF', trackingNumber: 'SF5678', at: iso(T0, 2 * HOUR), deliveredAt: null },
    inspection: { result: 'accepted', note: 'As described.', at: iso(T0, 2 * HOUR) },
    refund: {
      amount: 12_000,
      itemsAmount: 11_000,
      shippingAmount: 1000,
      postageAmount: 0,
      currency: 'CNY',
      status: 'failed',
      attempt: 2,
      outcomeUnknown: false,
      gatewayRefundId: 'gw-secret-1',
      failureReason: 'The refund could not be paid to this card.',
      approvedBy: 'a-8',
      judgedAt: iso(T0, HOUR),
    },
    approvalNeeds: 'admin',
    rejectionReason: null,
    satisfaction: {
      score: 5,
      nps: 9,
      comment: 'Quick.',
      ratedAt: iso(T0, 4 * HOUR),
      assigneeId: 'a-7',
      via: 'survey',
    },
    mergedInto: 't-99',
    autoCloseAt: iso(T0, 100 * HOUR),
    sla: {
      ...base.sla,
      clocks: {
        ...base.sla.clocks,
        nextResponse: base.sla.clocks.firstResponse,
      },
    },
  });
}

describe('the customer view of a ticket (issue 12)', () => {
  it('documents only allow-listed fields', () => {
    // Arrange
    const documented = z.toJSONSchema(customerTicketSchema, { io: 'output', unrepresentable: 'any' });

    // Act
    const defs = (documented.$defs ?? {}) as Record<string, Record<string, unknown>>;
    const paths = unique(documentedPaths(documented as Record<string, unknown>, defs));

    // Assess
    expect(paths).toEqual(unique(ticketAllowList));
  });

  it('carries no field off the allow-list, even for a ticket with every part filled', () => {
    // Arrange
    const ticket = aFullTicket();
    const events = [
      anEvent(ticket, { type: 'TicketCreated', data: { type: 'return' } }),
      anEvent(ticket, {
        type: 'TicketAssigned',
        visibility: 'internal',
        actor: { id: 'a-7', role: 'agent' },
      }),
      anEvent(ticket, {
        type: 'MessageAdded',
        actor: { id: 'a-7', role: 'agent' },
        data: { body: 'On it.' },
      }),
    ];

    // Act
    const view = toCustomerTicketView(ticket, customer(ticket.customerId), plus(T0, HOUR), events);

    // Assess
    const extra = unique(valuePaths(view)).filter((path) => !ticketAllowList.includes(path));
    expect(extra).toEqual([]);
    expect(z.strictObject(customerTicketSchema.shape).safeParse(view).success).toBe(true);
  });

  it('names no staff id, team, priority, tier, tag, approval level or escalation', () => {
    // Arrange
    const ticket = aFullTicket();
    const events = [
      anEvent(ticket, {
        type: 'MessageAdded',
        actor: { id: 'a-7', role: 'agent' },
        data: { body: 'On it.' },
      }),
      anEvent(ticket, {
        type: 'ComplaintAcknowledged',
        actor: { id: 's-3', role: 'supervisor' },
        data: { team: 'returns-escalated' },
      }),
      anEvent(ticket, {
        type: 'TicketApproved',
        actor: { id: 'a-8', role: 'agent' },
        data: { note: null, rule: 'small-refunds' },
      }),
      anEvent(ticket, { type: 'TicketEscalated', visibility: 'internal', data: { level: 2 } }),
    ];

    // Act
    const text = JSON.stringify(toCustomerTicketView(ticket, customer(ticket.customerId), T0, events));

    // Assess
    for (const secret of [
      'a-6',
      'a-7',
      'a-8',
      's-3',
      'returns-escalated',
      'urgent',
      'vip-watch',
      'small-refunds',
    ])
      expect(text).not.toContain(secret);
    for (const key of [
      'priority',
      'team',
      'customerTier',
      'escalationLevel',
      'approvalNeeds',
      'gatewayRefundId',
    ])
      expect(text).not.toContain(`"${key}"`);
    expect(text).not.toContain('TicketEscalated');
  });

  it('shows who acted by role only: the customer, the desk as support, the system', () => {
    // Arrange
    const ticket = aTicket();
    const events = [
      anEvent(ticket, { type: 'MessageAdded', data: { body: 'Hello?' } }),
      anEvent(ticket, {
        type: 'MessageAdded',
        actor: { id: 's-3', role: 'supervisor' },
        data: { body: 'Hi.' },
      }),
      anEvent(ticket, {
        type: 'TicketClosed',
        actor: { id: 'system', role: 'system' },
        data: { from: 'resolved' },
      }),
    ];

    // Act
    const view = toCustomerTicketView(ticket, customer(ticket.customerId), T0, events);

    // Assess
    expect(view.timeline?.map((event) => event.actor)).toEqual([
      { role: 'customer' },
      { role: 'support' },
      { role: 'system' },
    ]);
  });

  it('gives staff the whole Ticket and customers the CustomerTicket from one entry point', () => {
    // Arrange
    const ticket = aFullTicket();

    // Act
    const forStaff = toTicketView(ticket, supervisor(), T0);
    const forCustomer = toTicketView(ticket, customer(ticket.customerId), T0);

    // Assess
    expect(forStaff).toMatchObject({ assigneeId: 'a-7', priority: 'urgent', team: 'returns-escalated' });
    expect(forStaff.refund).toMatchObject({ approvedBy: 'a-8' });
    expect(forCustomer).not.toHaveProperty('assigneeId');
    expect(forCustomer.refund).not.toHaveProperty('approvedBy');
  });

  it('answers a posted message in the shape of its reader', () => {
    // Arrange
    const ticket = aTicket();
    const message = anEvent(ticket, {
      type: 'MessageAdded',
      actor: { id: 'a-7', role: 'agent' },
      data: { body: 'x' },
    });

    // Act
    const forStaff = toMessageView(message, agent('a-7'));
    const forCustomer = toMessageView(message, customer(ticket.customerId));

    // Assess
    expect(forStaff).toMatchObject({ actor: { id: 'a-7', role: 'agent' }, visibility: 'public' });
    expect(forCustomer).toEqual({
      id: message.id,
      type: 'MessageAdded',
      at: message.at,
      actor: { role: 'support' },
      data: { body: 'x' },
    });
    expect(z.strictObject(customerTimelineEventSchema.shape).safeParse(forCustomer).success).toBe(true);
  });

  it("lists a customer's tickets with allow-listed fields only", () => {
    // Arrange
    const ticket = aFullTicket();

    // Act
    const entry = toCustomerSummaryView(summarize(ticket));

    // Assess
    expect(Object.keys(entry).sort()).toEqual(summaryAllowList);
    expect(Object.keys(customerTicketSummarySchema.shape).sort()).toEqual(summaryAllowList);
    expect(JSON.stringify(entry)).not.toContain('a-7');
  });
});
