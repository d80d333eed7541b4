import { describe, expect, it } from 'vitest';
import type { EventBus, QueuePublisher } from '../../../functions/events/domain/ports.js';
import type { RoutingRule } from '../../../functions/events/domain/routing.js';
import { makeRouteEvent } from '../../../functions/events/use-cases/route-event.js';
import type { QueueName } from '../../../functions/shared/queue-catalog.js';
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

class FakeBus implements EventBus {
  readonly published: TicketEventEnvelope[] = [];
  constructor(private readonly failure?: Error) {}
  async publish(event: TicketEventEnvelope): Promise<void> {
    if (this.failure) throw this.failure;
    this.published.push(event);
  }
}

class FakeQueues implements QueuePublisher {
  readonly sent: [QueueName, string][] = [];
  constructor(private readonly failing: readonly QueueName[] = []) {}
  async send(queue: QueueName, event: TicketEventEnvelope): Promise<void> {
    if (this.failing.includes(queue)) throw new Error(`queue ${queue} is down`);
    this.sent.push([queue, event.id]);
  }
  async sendMessage(queue: QueueName, type: string): Promise<void> {
    this.sent.push([queue, type]);
  }
}

const rules: RoutingRule[] = [
  { queue: 'refunds', subscriptions: [{ ticketTypes: ['refund'] }] },
  { queue: 'notifications', subscriptions: [{}] },
];

describe('makeRouteEvent', () => {
  it('delivers a public event to every matching queue and to the bus', async () => {
    // Prepare
    const bus = new FakeBus();
    const queues = new FakeQueues();
    const route = makeRouteEvent({ bus, queues, rules });

    // Act
    await route(envelope());

    // Assess
    expect(queues.sent).toEqual([
      ['refunds', 'e-1'],
      ['notifications', 'e-1'],
    ]);
    expect(bus.published.map((event) => event.id)).toEqual(['e-1']);
  });

  it('keeps internal events off the bus', async () => {
    // Prepare
    const bus = new FakeBus();
    const queues = new FakeQueues();
    const route = makeRouteEvent({ bus, queues, rules });

    // Act
    await route(envelope({ visibility: 'internal', type: 'TicketAssigned' }));

    // Assess
    expect(bus.published).toEqual([]);
    expect(queues.sent).toHaveLength(2);
  });

  it('rethrows when a queue refuses, so the record is retried', async () => {
    // Prepare
    const route = makeRouteEvent({ bus: new FakeBus(), queues: new FakeQueues(['refunds']), rules });

    // Act
    const attempt = route(envelope());

    // Assess
    await expect(attempt).rejects.toThrow('queue refunds is down');
  });

  it('rethrows when the bus refuses', async () => {
    // Prepare
    const route = makeRouteEvent({
      bus: new FakeBus(new Error('EventBridge refused event e-1')),
      queues: new FakeQueues(),
      rules,
    });

    // Act
    const attempt = route(envelope());

    // Assess
    await expect(attempt).rejects.toThrow('EventBridge refused');
  });

  it('routes by the shared rule table when given none', async () => {
    // Prepare
    const bus = new FakeBus();
    const route = makeRouteEvent({ bus, queues: new FakeQueues() });

    // Act
    await route(envelope());

    // Assess
    expect(bus.published).toHaveLength(1);
  });
});
