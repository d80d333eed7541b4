import { describe, expect, it } from 'vitest';
import { destinationsOf } from '../../../functions/events/domain/routing.js';
import { queueConsumers } from '../../../functions/events/workers.js';
import { staffMailKinds } from '../../../functions/notifications/domain/kinds.js';
import { makeRecordFeedback } from '../../../functions/notifications/use-cases/record-feedback.js';
import { event, FakeSuppressions, NOW } from './support.js';

describe('the notifications routing rule', () => {
  it('routes customer-visible events and staff alerts to the notifier, nothing else', () => {
    const routed = (overrides: Parameters<typeof event>[0]) =>
      destinationsOf(event(overrides)).queues.includes('notifications');

    expect(routed({ type: 'TicketCreated', visibility: 'public' })).toBe(true);
    expect(routed({ type: 'SatisfactionRated', visibility: 'public' })).toBe(true);
    expect(routed({ type: 'SlaWarning', visibility: 'internal' })).toBe(true);
    expect(routed({ type: 'SlaBreached', visibility: 'internal' })).toBe(true);
    expect(routed({ type: 'TicketEscalated', visibility: 'internal' })).toBe(true);
    expect(routed({ type: 'TicketAssigned', visibility: 'internal' })).toBe(false);
    expect(routed({ type: 'MessageAdded', visibility: 'internal' })).toBe(false);
  });

  it('subscribes the notifier to exactly the staff alerts it has templates for', () => {
    const notifier = queueConsumers.find((consumer) => consumer.name === 'notifier');
    const named = (notifier && 'subscriptions' in notifier ? notifier.subscriptions : []).flatMap(
      (subscription) => ('events' in subscription ? subscription.events : []),
    );

    expect([...named].sort()).toEqual([...staffMailKinds].sort());
  });
});

describe('makeRecordFeedback', () => {
  it('suppresses permanent bounces and complaints, not transient bounces or other events', async () => {
    const suppressions = new FakeSuppressions();
    const record = makeRecordFeedback({ suppressions, clock: { now: () => NOW } });

    await record({
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Gone@Example.com' }] },
    });
    await record({
      eventType: 'Bounce',
      bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'full@example.com' }] },
    });
    await record({
      eventType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'angry@example.com' }] },
    });
    await record({ eventType: 'Delivery' });

    expect([...suppressions.addresses].sort()).toEqual(['angry@example.com', 'gone@example.com']);
  });
});
