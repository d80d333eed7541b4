import { describe, expect, it } from 'vitest';
import { defaultAfterSalesPolicy } from '../../../functions/after-sales/domain/policy.js';
import { applyAction } from '../../../functions/tickets/domain/lifecycle.js';
import {
  firePlatformTimer,
  platformTimerDue,
  platformTimerFor,
} from '../../../functions/tickets/domain/platform-timeouts.js';
import type { Ticket } from '../../../functions/tickets/domain/ticket.js';
import { ticketNextDueAt } from '../../../functions/tickets/domain/timers.js';
import { lifecycleOf } from '../../../functions/tickets/workflows/lifecycles.js';
import { anOrder, aTicket, customer, HOUR, iso, plus, principal, T0 } from '../../fixtures/builders.js';

const DAY = 24 * HOUR;
const timeouts = defaultAfterSalesPolicy.timeouts;
const facts = (approvedAmount = 0) => ({
  order: anOrder({ approvedAmount }),
  afterSales: defaultAfterSalesPolicy,
});
const settled = (ticket: Ticket, now = T0): Ticket => ({
  ...ticket,
  platformTimer: platformTimerFor(ticket, timeouts, now),
});

describe('platform timers', () => {
  it('gives the shop 48 hours to answer a refund or return (24 before shipping), on the due-timer index', () => {
    const refund = aTicket({ type: 'refund' });
    const unshipped = aTicket(
      { type: 'refund' },
      { reason: 'not_shipped', order: anOrder({ deliveredAt: null, shippedAt: null }) },
    );

    expect(refund.platformTimer).toMatchObject({ rule: 'shopResponse', dueAt: iso(T0, 2 * DAY) });
    expect(unshipped.platformTimer).toMatchObject({ rule: 'shopResponse', dueAt: iso(T0, DAY) });
    expect(ticketNextDueAt(refund)).toBe(
      [refund.platformTimer?.dueAt, ticketNextDueAt({ ...refund, platformTimer: null })].sort()[0],
    );
  });

  it('keeps a running timer while the status stays, and starts the next one on a status change', () => {
    const refund = aTicket({ type: 'refund' });
    const later = settled({ ...refund, priority: 'high' }, plus(T0, HOUR));
    const shipped = settled(
      { ...aTicket({ type: 'return' }), status: 'awaiting_shipment', returnMethod: 'dropoff' },
      plus(T0, HOUR),
    );

    expect(later.platformTimer).toEqual(refund.platformTimer);
    expect(shipped.platformTimer).toMatchObject({
      rule: 'customerShipReminder',
      dueAt: iso(T0, HOUR + 5 * DAY),
    });
  });

  it('approves by itself an unanswered request within the timeout limit, counting the order’s approved money', () => {
    const refund = aTicket({ type: 'refund' });
    const due = plus(T0, 2 * DAY);

    const approved = firePlatformTimer(refund, facts(), due);
    const escalated = firePlatformTimer(refund, facts(45_000), due);

    expect(platformTimerDue(refund, due)).toBe(true);
    expect(approved?.ticket).toMatchObject({ status: 'approved', refund: { approvedBy: 'shopResponse' } });
    expect(approved?.orderChanges?.approval).toEqual({ kind: 'approve', amount: 13_900, ceiling: 50_000 });
    expect(escalated?.ticket).toMatchObject({
      status: 'requested',
      approvalNeeds: 'supervisor',
      escalationLevel: 1,
    });
    expect(escalated?.events[0]).toMatchObject({
      type: 'TicketEscalated',
      data: { trigger: 'timeout', rule: 'shopResponse', notify: ['supervisors'] },
    });
    // Escalated once: the timer is spent.
    expect(firePlatformTimer(escalated?.ticket as Ticket, facts(45_000), plus(due, HOUR))).toBeNull();
  });

  it('reminds, then closes an approved drop-off return the customer never shipped, freeing its units', () => {
    const waiting = settled({
      ...aTicket({ type: 'return' }),
      status: 'awaiting_shipment',
      returnMethod: 'dropoff',
    });
    const reminded = firePlatformTimer(waiting, facts(), plus(T0, 5 * DAY));
    const closed = firePlatformTimer(reminded?.ticket as Ticket, facts(), plus(T0, 7 * DAY));
    const pickup = settled({
      ...aTicket({ type: 'return' }),
      status: 'awaiting_shipment',
      returnMethod: 'pickup',
      pickupBooking: { carrier: 'c', bookingId: 'b', window: { from: iso(T0), to: iso(T0, HOUR) } },
    });

    expect(reminded?.events).toEqual([
      expect.objectContaining({
        type: 'ReturnShipmentReminder',
        data: { rule: 'customerShipReminder', shipBy: iso(T0, 7 * DAY) },
      }),
    ]);
    expect(closed?.ticket).toMatchObject({ status: 'closed', holds: null });
    expect(closed?.events[0]).toMatchObject({
      type: 'TicketClosed',
      data: { timeout: 'customerShipReturn' },
    });
    expect(closed?.orderChanges?.lines).toEqual([{ kind: 'release', sku: 'KETTLE-1', quantity: 1 }]);
    expect(pickup.platformTimer).toBeNull();
  });

  it('accepts a parcel the carrier delivered to the shop if nobody inspected it in time', () => {
    const ticket = aTicket({ type: 'return' });
    const inTransit = settled({
      ...ticket,
      status: 'in_transit',
      returnShipment: { carrier: 'SF', trackingNumber: 'SF1', at: iso(T0), deliveredAt: iso(T0, DAY) },
    });
    const typedOnly = settled({
      ...ticket,
      status: 'in_transit',
      returnShipment: { carrier: 'SF', trackingNumber: 'SF1', at: iso(T0) },
    });

    const accepted = firePlatformTimer(inTransit, facts(), plus(T0, 11 * DAY));

    expect(inTransit.platformTimer).toMatchObject({ rule: 'shopConfirmReceipt', dueAt: iso(T0, 11 * DAY) });
    expect(typedOnly.platformTimer).toBeNull();
    expect(accepted?.ticket).toMatchObject({ status: 'inspected', inspection: { result: 'accepted' } });
    expect(accepted?.events[0]).toMatchObject({ data: { timeout: 'shopConfirmReceipt' } });
  });

  it('lets the customer appeal a rejection once, reclaiming the units; supervisors decide; then the window closes it', () => {
    const order = anOrder();
    const rejected = settled({ ...aTicket({ type: 'refund' }), status: 'rejected', holds: null });
    const appeal = () =>
      applyAction(lifecycleOf('refund'), {
        ticket: rejected,
        input: { action: 'appeal', reason: 'The photos show the crack.' },
        actorId: 'c-1',
        roles: customer().roles,
        now: plus(T0, DAY),
        money: { order, afterSales: defaultAfterSalesPolicy },
      });
    const appealed = appeal();
    const byAgent = () =>
      applyAction(lifecycleOf('refund'), {
        ticket: appealed.ticket,
        input: { action: 'approve' },
        actorId: 'a-1',
        roles: principal('a-1', 'agent').roles,
        now: plus(T0, DAY),
        money: { order, afterSales: defaultAfterSalesPolicy },
      });
    const finallyRejected = settled(
      applyAction(lifecycleOf('refund'), {
        ticket: appealed.ticket,
        input: { action: 'reject', reason: 'Still no.' },
        actorId: 's-1',
        roles: principal('s-1', 'supervisor').roles,
        now: plus(T0, 2 * DAY),
      }).ticket,
      plus(T0, 2 * DAY),
    );
    const closed = firePlatformTimer(finallyRejected, facts(), plus(T0, 10 * DAY));

    expect(rejected.platformTimer).toMatchObject({ rule: 'customerAppeal', dueAt: iso(T0, 7 * DAY) });
    expect(appealed.ticket).toMatchObject({ status: 'appealed', appealedAt: iso(T0, DAY) });
    expect(appealed.orderChanges?.lines).toEqual([
      expect.objectContaining({ kind: 'reserve', sku: 'KETTLE-1', quantity: 1 }),
    ]);
    expect(byAgent).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    expect(() =>
      applyAction(lifecycleOf('refund'), {
        ticket: finallyRejected,
        input: { action: 'appeal', reason: 'Again.' },
        actorId: 'c-1',
        roles: customer().roles,
        now: plus(T0, 3 * DAY),
        money: { order, afterSales: defaultAfterSalesPolicy },
      }),
    ).toThrow(expect.objectContaining({ code: 'ACTION_NOT_ALLOWED' }));
    expect(closed?.ticket.status).toBe('closed');
  });

  it('refuses an appeal whose units other tickets took meanwhile', () => {
    const rejected = settled({ ...aTicket({ type: 'refund' }), status: 'rejected', holds: null });
    expect(() =>
      applyAction(lifecycleOf('refund'), {
        ticket: rejected,
        input: { action: 'appeal', reason: 'Please.' },
        actorId: 'c-1',
        roles: customer().roles,
        now: plus(T0, DAY),
        money: {
          order: anOrder({
            items: [anOrder().items[0] ?? ({} as never)].map((l) => ({ ...l, reservedQuantity: 2 })),
          }),
          afterSales: defaultAfterSalesPolicy,
        },
      }),
    ).toThrow(expect.objectContaining({ code: 'EXCEEDS_REFUNDABLE' }));
  });
});
