import { describe, expect, it } from 'vitest';
import { makeRouteEvent, redrivenEvent } from '../../../functions/events/use-cases/route-event.js';
import { seededPolicies } from '../../../functions/sla/domain/policy.js';
import type { TicketEventEnvelope } from '../../../functions/tickets/contracts/events.js';
import type { TicketEvent } from '../../../functions/tickets/domain/ticket.js';
import { settleTicket, ticketNextDueAt } from '../../../functions/tickets/domain/timers.js';
import { awaitedStep, fireWatch, watchFor } from '../../../functions/tickets/domain/watchdog.js';
import { anEvent, aTicket, iso, plus, T0 } from '../../fixtures/builders.js';

const settings = { watchdogSeconds: 600, maxRedrives: 3 };
const MINUTE = 60_000;

describe('watchdog', () => {
  it('knows what each automated step waits for', () => {
    const refund = aTicket({ type: 'refund' });
    expect(awaitedStep(refund)).toEqual({ step: 'auto-approval', trigger: 'TicketCreated' });
    expect(
      awaitedStep({ ...refund, refund: refund.refund && { ...refund.refund, judgedAt: iso(T0) } }),
    ).toBeNull();
    expect(awaitedStep({ ...refund, status: 'approved' })?.step).toBe('refund-start');
    expect(awaitedStep({ ...refund, status: 'refunding' })).toEqual({
      step: 'payment',
      trigger: 'RefundRequested',
    });
    expect(awaitedStep({ ...aTicket({ type: 'exchange' }), status: 'approved' })?.step).toBe(
      'return-authorization',
    );
    expect(awaitedStep(aTicket({ type: 'complaint', status: 'open' }))?.step).toBe(
      'complaint-acknowledgement',
    );
    expect(awaitedStep({ ...refund, status: 'refund_failed' })).toBeNull();
  });

  it('puts the watch on the due-timer index and keeps it while the ticket waits in the same status', () => {
    const approved = settleTicket(
      { ...aTicket({ type: 'refund' }), status: 'approved' },
      seededPolicies,
      { autoCloseDays: 7 },
      T0,
    );
    const later = settleTicket(
      { ...approved, priority: 'high' },
      seededPolicies,
      { autoCloseDays: 7 },
      plus(T0, MINUTE),
    );

    expect(approved.watch).toMatchObject({ step: 'refund-start', dueAt: iso(T0, 10 * MINUTE), redrives: 0 });
    expect(later.watch).toEqual(approved.watch);
    expect(ticketNextDueAt(approved)).toBe(iso(T0, 10 * MINUTE));
  });

  it('re-drives with the triggering event and backs off, then raises WorkflowStuck once', () => {
    const base = { ...aTicket({ type: 'refund' }), status: 'approved' as const };
    let ticket = { ...base, watch: watchFor(base, settings, T0) };
    const trigger: TicketEvent = anEvent(ticket, { type: 'TicketApproved', data: { note: null } });
    let now = plus(T0, 10 * MINUTE);
    const redrives: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const fired = fireWatch(ticket, trigger, settings, now);
      expect(fired?.events[0]).toMatchObject({
        type: 'WorkflowRedriven',
        data: { step: 'refund-start', redrive: i, event: { id: trigger.id, type: 'TicketApproved' } },
      });
      ticket = fired?.ticket as typeof ticket;
      redrives.push((Date.parse(ticket.watch?.dueAt ?? '') - now.getTime()) / MINUTE);
      now = new Date(Date.parse(ticket.watch?.dueAt ?? ''));
    }
    const stuck = fireWatch(ticket, trigger, settings, now);

    expect(redrives).toEqual([20, 40, 80]);
    expect(stuck?.events[0]).toMatchObject({
      type: 'WorkflowStuck',
      data: { step: 'refund-start', redrives: 3 },
    });
    expect(fireWatch(stuck?.ticket as typeof ticket, trigger, settings, plus(now, 1000 * MINUTE))).toBeNull();
    expect(ticketNextDueAt(stuck?.ticket as typeof ticket)).not.toBe(stuck?.ticket.watch?.dueAt);
  });

  it('routes a re-drive to the workflow queues of the original event only', async () => {
    const ticket = { ...aTicket({ type: 'refund' }), status: 'approved' as const };
    const original = anEvent(ticket, { type: 'TicketApproved', visibility: 'public', data: { note: null } });
    const redrive = {
      ...anEvent(ticket, { type: 'WorkflowRedriven', visibility: 'internal' as const }),
      version: 1,
      data: { step: 'refund-start', redrive: 1, event: original },
    } as TicketEventEnvelope;
    const sent: [string, string][] = [];
    const published: string[] = [];
    const route = makeRouteEvent({
      bus: { publish: async (e) => void published.push(e.type) },
      queues: {
        send: async (queue, e) => void sent.push([queue, e.type]),
        sendMessage: async () => undefined,
      },
    });

    await route(redrive);

    expect(redrivenEvent(redrive)?.id).toBe(original.id);
    expect(sent).toEqual([['refunds', 'TicketApproved']]);
    expect(published).toEqual([]);
  });
});
