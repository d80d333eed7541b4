import { describe, expect, it } from 'vitest';
import { destinationsOf, type RoutingRule } from '../../../functions/events/domain/routing.js';
import type { TicketEventEnvelope, TicketEventName } from '../../../functions/tickets/contracts/events.js';

function envelope(
  overrides: Partial<Omit<TicketEventEnvelope, 'type' | 'data'>> & {
    type?: TicketEventName;
    data?: object;
  } = {},
): TicketEventEnvelope {
  return {
    id: 'e-1',
    type: 'TicketCreated',
    version: 1,
    ticketId: 't-1',
    ticketType: 'refund',
    at: '2026-11-20T10:00:00.000Z',
    actor: { id: 'c-1', role: 'customer' },
    visibility: 'public',
    data: {},
    ...overrides,
  } as TicketEventEnvelope;
}

const rules: RoutingRule[] = [
  { queue: 'refunds', subscriptions: [{ ticketTypes: ['refund'] }] },
  { queue: 'notifications', subscriptions: [{ visibility: 'public' }] },
  { queue: 'refunds', subscriptions: [{ events: ['RefundFailed'] }] },
  { queue: 'complaints', subscriptions: [{ ticketTypes: ['complaint'] }] },
];

describe('destinationsOf', () => {
  it('sends public events to the bus and internal ones not', () => {
    // Act
    const publicOne = destinationsOf(envelope({ visibility: 'public' }), []);
    const internalOne = destinationsOf(envelope({ visibility: 'internal', type: 'TicketAssigned' }), []);

    // Assess
    expect(publicOne.bus).toBe(true);
    expect(internalOne.bus).toBe(false);
  });

  it('sends an event to every queue whose rule matches, each queue once', () => {
    // Act
    const destinations = destinationsOf(envelope({ type: 'RefundFailed' }), rules);

    // Assess
    expect(destinations.queues).toEqual(['refunds', 'notifications']);
  });

  it('sends an internal event to matching queues only', () => {
    // Act
    const destinations = destinationsOf(envelope({ ticketType: 'complaint', visibility: 'internal' }), rules);

    // Assess
    expect(destinations).toEqual({ queues: ['complaints'], bus: false });
  });

  it('sends an event that no rule matches to no queue', () => {
    // Act
    const destinations = destinationsOf(envelope({ ticketType: 'inquiry', visibility: 'internal' }), rules);

    // Assess
    expect(destinations).toEqual({ queues: [], bus: false });
  });
});
