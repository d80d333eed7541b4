import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultAfterSalesPolicy } from '../../../functions/after-sales/domain/policy.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../functions/shared/errors.js';
import { roles as allRoles, type Principal, type Role } from '../../../functions/shared/principal.js';
import { observedState } from '../../../functions/sla/domain/clocks.js';
import type { ActionInput, ActionName } from '../../../functions/tickets/domain/actions.js';
import {
  allowedActions,
  applyAction,
  applyMessage,
  chain,
} from '../../../functions/tickets/domain/lifecycle.js';
import type { Ticket } from '../../../functions/tickets/domain/ticket.js';
import { lifecycleOf, lifecycles } from '../../../functions/tickets/workflows/lifecycles.js';
import {
  agent,
  anOrder,
  aTicket,
  customer,
  HOUR,
  iso,
  plus,
  principal,
  supervisor,
  T0,
} from '../../fixtures/builders.js';

function act(ticket: Ticket, input: ActionInput, who: Principal, now: Date = plus(T0, HOUR)) {
  return applyAction(lifecycleOf(ticket.type), {
    ticket,
    input,
    actorId: who.id,
    roles: who.roles,
    now,
    // An approval is judged on the order's money and the rules in force.
    money: { order: anOrder(), afterSales: defaultAfterSalesPolicy },
    // A merge on its target: an open twin of the ticket.
    merge: { target: { ...ticket, id: 't-target', status: 'pending_customer' }, timeline: [] },
  });
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const sampleInput: Record<ActionName, ActionInput> = {
  assign: { action: 'assign', assigneeId: 'someone-else' },
  request_info: { action: 'request_info', message: 'Photo please.' },
  resolve: { action: 'resolve', summary: 'Done.' },
  reopen: { action: 'reopen', reason: 'Not done.' },
  close: { action: 'close' },
  set_priority: { action: 'set_priority', priority: 'high' },
  escalate: { action: 'escalate', note: 'Angry.' },
  cancel: { action: 'cancel', reason: 'Changed my mind.' },
  add_tag: { action: 'add_tag', tag: 'vip-follow-up' },
  remove_tag: { action: 'remove_tag', tag: 'vip-follow-up' },
  merge: { action: 'merge', intoTicketId: 't-target' },
  approve: { action: 'approve', note: 'Fine.' },
  reject: { action: 'reject', reason: 'Used goods.' },
  retry_refund: { action: 'retry_refund' },
  appeal: { action: 'appeal', reason: 'The photos show the damage.' },
  ship: { action: 'ship', carrier: 'SF', trackingNumber: 'SF123' },
  receive: { action: 'receive' },
  inspect: { action: 'inspect', result: 'accepted' },
  ship_replacement: { action: 'ship_replacement', carrier: 'SF', trackingNumber: 'SF124' },
  start_repair: { action: 'start_repair' },
  complete_repair: { action: 'complete_repair' },
  ship_back: { action: 'ship_back', carrier: 'SF', trackingNumber: 'SF125' },
};
const actionNames = Object.keys(sampleInput) as ActionName[];

const requestedRefund = () => aTicket({ type: 'refund' });

describe('allowedActions', () => {
  it('lets a customer only cancel a requested refund', () => {
    // Act
    const actions = allowedActions(lifecycleOf('refund'), requestedRefund(), customer().roles);

    // Assess
    expect(actions).toEqual(['cancel']);
  });

  it('lets an agent assign, request info, resolve, set the priority and escalate a requested refund', () => {
    // Act
    const actions = allowedActions(lifecycleOf('refund'), requestedRefund(), agent().roles);

    // Assess
    expect(actions).toEqual(
      expect.arrayContaining(['assign', 'request_info', 'resolve', 'set_priority', 'escalate']),
    );
    expect(actions).not.toContain('reopen');
  });

  it('never offers close on a requested refund, whatever the roles', () => {
    fc.assert(
      fc.property(fc.subarray([...allRoles]), (roles) => {
        // Act
        const actions = allowedActions(lifecycleOf('refund'), requestedRefund(), new Set<Role>(roles));

        // Assess
        expect(actions).not.toContain('close');
      }),
    );
  });

  it('offers nothing to an integration', () => {
    // Act
    const actions = allowedActions(lifecycleOf('refund'), requestedRefund(), new Set<Role>(['integration']));

    // Assess
    expect(actions).toEqual([]);
  });

  it('lets a customer close a resolved ticket and staff reopen it', () => {
    // Prepare
    const resolved = aTicket({ status: 'resolved', resumeStatus: 'open' });

    // Act
    const forCustomer = allowedActions(lifecycleOf('inquiry'), resolved, customer().roles);
    const forAgent = allowedActions(lifecycleOf('inquiry'), resolved, agent().roles);

    // Assess
    expect(forCustomer).toEqual(['close']);
    expect(forAgent).toEqual(expect.arrayContaining(['reopen', 'close']));
    expect(forAgent).not.toContain('resolve');
  });

  it('offers nothing but role-free reads on a closed or cancelled ticket', () => {
    for (const status of ['closed', 'cancelled'] as const) {
      // Prepare
      const ticket = aTicket({ type: 'return', status });

      // Act
      const actions = allowedActions(lifecycleOf('return'), ticket, principal('x', ...allRoles).roles);

      // Assess
      expect(actions, status).toEqual([]);
    }
  });

  it('agrees with applyAction: an offered action is never refused for its state, any other is refused', () => {
    const statusOf = fc.constantFrom(...Object.values(lifecycles)).chain((lifecycle) =>
      fc.record({
        lifecycle: fc.constant(lifecycle),
        status: fc.constantFrom(...lifecycle.statuses),
        roles: fc.subarray([...allRoles]),
        action: fc.constantFrom(...actionNames),
        escalationLevel: fc.integer({ min: 0, max: 3 }),
      }),
    );
    fc.assert(
      fc.property(statusOf, ({ lifecycle, status, roles, action, escalationLevel }) => {
        // Prepare
        const ticket = aTicket({ type: lifecycle.type, status, escalationLevel, resumeStatus: 'requested' });
        const who = principal('someone', ...roles);
        const offered = allowedActions(lifecycle, ticket, who.roles).includes(action);

        // Act
        let error: unknown;
        try {
          act(ticket, sampleInput[action], who);
        } catch (thrown) {
          error = thrown;
        }

        // Assess
        if (offered) {
          // Only `assign` may still be refused: agents cannot hand tickets to someone else.
          if (error) expect(action === 'assign' && error instanceof ForbiddenError, String(error)).toBe(true);
        } else {
          expect(error instanceof ForbiddenError || error instanceof ConflictError).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('applyAction', () => {
  it('throws ForbiddenError when the role may not take the action', () => {
    // Act
    const error = caught(() => act(requestedRefund(), { action: 'resolve' }, customer()));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenError);
  });

  it('throws ConflictError ACTION_NOT_ALLOWED with the allowed actions when the state does not fit', () => {
    // Prepare
    const ticket = requestedRefund();

    // Act
    const error = caught(() => act(ticket, { action: 'reopen' }, agent()));

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      code: 'ACTION_NOT_ALLOWED',
      allowedActions: allowedActions(lifecycleOf('refund'), ticket, agent().roles),
    });
    expect((error as ConflictError).allowedActions).toContain('resolve');
  });

  it('throws ConflictError for an action the type does not know', () => {
    // Act
    const error = caught(() =>
      act(requestedRefund(), { action: 'teleport' } as unknown as ActionInput, agent()),
    );

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('ACTION_NOT_ALLOWED');
  });

  describe('request_info', () => {
    it('waits on the customer: pending_customer, remembers the status and pauses the clocks', () => {
      // Prepare
      const ticket = requestedRefund();
      const now = plus(T0, 2 * HOUR);

      // Act
      const { ticket: next, events } = act(
        ticket,
        { action: 'request_info', message: 'Photo?' },
        agent(),
        now,
      );

      // Assess
      expect(next.status).toBe('pending_customer');
      expect(next.resumeStatus).toBe('requested');
      expect(next.sla.clocks.resolution?.runningSince).toBeNull();
      expect(observedState(next.sla.clocks.resolution!, plus(T0, 500 * HOUR))).toBe('paused');
      expect(events).toEqual([
        { type: 'InfoRequested', visibility: 'public', data: { message: 'Photo?', from: 'requested' } },
      ]);
    });

    it('counts as the first response', () => {
      // Act
      const { ticket } = act(requestedRefund(), { action: 'request_info' }, agent(), plus(T0, 2 * HOUR));

      // Assess
      expect(observedState(ticket.sla.clocks.firstResponse!, plus(T0, 100 * HOUR))).toBe('met');
    });
  });

  describe('resolve', () => {
    it('resolves a working ticket and completes its resolution clock', () => {
      // Prepare
      const ticket = aTicket({ type: 'inquiry' });
      const now = plus(T0, 5 * HOUR);

      // Act
      const { ticket: next, events } = act(ticket, { action: 'resolve', summary: 'Found.' }, agent(), now);

      // Assess
      expect(next.status).toBe('resolved');
      expect(next.resumeStatus).toBe('open');
      expect(next.resolvedAt).toBe(now.toISOString());
      expect(next.sla.clocks.resolution?.completedAt).toBe(now.toISOString());
      expect(observedState(next.sla.clocks.resolution!, now)).toBe('met');
      expect(events).toEqual([{ type: 'TicketResolved', visibility: 'public', data: { summary: 'Found.' } }]);
    });

    it('resolves a ticket waiting on the customer and remembers where it was', () => {
      // Prepare
      const waiting = act(requestedRefund(), { action: 'request_info' }, agent()).ticket;

      // Act
      const { ticket } = act(waiting, { action: 'resolve' }, agent(), plus(T0, 3 * HOUR));

      // Assess
      expect(ticket.status).toBe('resolved');
      expect(ticket.resumeStatus).toBe('requested');
    });

    it('gives back the units a refund held, since it will not be paid', () => {
      // Prepare
      const ticket = requestedRefund();

      // Act
      const { ticket: next, orderChanges } = act(ticket, { action: 'resolve' }, agent());

      // Assess
      expect(next.holds).toBeNull();
      expect(next.refund?.status).toBe('cancelled');
      expect(orderChanges).toMatchObject({
        orderId: 'o-1',
        lines: [{ kind: 'release', sku: 'KETTLE-1', quantity: 1 }],
      });
    });

    it('needs a summary for the customer to resolve a complaint', () => {
      // Prepare
      const complaint = aTicket({ type: 'complaint' });

      // Act
      const without = caught(() => act(complaint, { action: 'resolve' }, agent()));
      const withSummary = act(complaint, { action: 'resolve', summary: 'Refunded shipping.' }, agent());

      // Assess
      expect(without).toBeInstanceOf(ValidationError);
      expect((without as ValidationError).errors[0]?.path).toBe('summary');
      expect(withSummary.ticket.status).toBe('resolved');
    });
  });

  describe('reopen', () => {
    it('returns a resolved ticket to the status it had before it was resolved, for every working status', () => {
      for (const lifecycle of Object.values(lifecycles)) {
        for (const status of lifecycle.workingStatuses) {
          // Prepare
          const working = aTicket({ type: lifecycle.type, status });
          const resolved = act(working, { action: 'resolve', summary: 'Done.' }, agent()).ticket;

          // Act
          const { ticket, events } = act(
            resolved,
            { action: 'reopen', reason: 'Not done' },
            agent(),
            plus(T0, 9 * HOUR),
          );

          // Assess
          const label = `${lifecycle.type}/${status}`;
          expect(ticket.status, label).toBe(status);
          expect(ticket.resumeStatus, label).toBeNull();
          expect(ticket.resolvedAt, label).toBeNull();
          expect(ticket.sla.clocks.resolution?.completedAt, label).toBeNull();
          expect(ticket.sla.clocks.resolution?.runningSince, label).toBe(iso(T0, 9 * HOUR));
          expect(events[0], label).toMatchObject({ type: 'TicketReopened', data: { reason: 'Not done' } });
        }
      }
    });

    it('leaves whoever resolved it and remembers them as the last assignee, for the assigner to decide', () => {
      // Prepare
      const resolved = aTicket({ status: 'resolved', resumeStatus: 'open', assigneeId: 'agent-2' });

      // Act
      const byStaff = act(resolved, { action: 'reopen' }, agent()).ticket;
      const byReply = applyMessage(resolved, { role: 'customer', internal: false }, plus(T0, HOUR)).ticket;
      const unowned = act(
        { ...resolved, assigneeId: null, lastAssigneeId: 'agent-3' },
        { action: 'reopen' },
        agent(),
      ).ticket;

      // Assess
      expect(byStaff).toMatchObject({ assigneeId: null, lastAssigneeId: 'agent-2', status: 'open' });
      expect(byReply).toMatchObject({ assigneeId: null, lastAssigneeId: 'agent-2', status: 'open' });
      expect(unowned).toMatchObject({ assigneeId: null, lastAssigneeId: 'agent-3' });
    });

    // Resolving a refund gives its held units back; reopening does not take them again, so the
    // reopened refund must not be approvable (it could never be paid). A new refund claims the units.
    it('does not offer approve on a reopened refund whose units went back to the order', () => {
      // Prepare
      const resolved = act(
        requestedRefund(),
        { action: 'resolve', summary: 'Sent a voucher.' },
        agent(),
      ).ticket;
      const reopened = act(
        resolved,
        { action: 'reopen', reason: 'Customer wants the money.' },
        agent(),
      ).ticket;

      // Act
      const attempt = () => act(reopened, { action: 'approve' }, agent());

      // Assess
      expect(reopened.holds).toBeNull();
      expect(attempt).toThrow(ConflictError);
    });
  });

  describe('close', () => {
    it('closes a resolved ticket, for staff and for the customer alike', () => {
      // Prepare
      const resolved = act(aTicket(), { action: 'resolve' }, agent()).ticket;

      for (const who of [agent(), customer()]) {
        // Act
        const { ticket } = act(resolved, { action: 'close' }, who, plus(T0, 2 * HOUR));

        // Assess
        expect(ticket.status).toBe('closed');
        expect(ticket.closedAt).toBe(iso(T0, 2 * HOUR));
        expect(ticket.resumeStatus).toBeNull();
      }
    });

    it('closes a refund from refunded or rejected, and not while it is being worked', () => {
      // Prepare
      const lifecycle = lifecycleOf('refund');

      // Act
      const closable = lifecycle.statuses.filter((status) =>
        allowedActions(lifecycle, aTicket({ type: 'refund', status }), agent().roles).includes('close'),
      );

      // Assess
      expect(closable.sort()).toEqual(['refunded', 'rejected', 'resolved']);
    });

    it('stops every open clock', () => {
      // Prepare
      const refunded = aTicket({ type: 'refund', status: 'refunded' });

      // Act
      const { ticket } = act(refunded, { action: 'close' }, agent(), plus(T0, 30 * HOUR));

      // Assess
      for (const clock of Object.values(ticket.sla.clocks)) expect(clock?.completedAt).not.toBeNull();
      expect(observedState(ticket.sla.clocks.firstResponse!, plus(T0, 30 * HOUR))).toBe('breached');
    });
  });

  describe('cancel', () => {
    it('fits exactly the statuses each lifecycle declares cancellable', () => {
      for (const lifecycle of Object.values(lifecycles)) {
        for (const status of lifecycle.statuses) {
          // Prepare
          const ticket = aTicket({ type: lifecycle.type, status });

          // Act
          const attempt = () => act(ticket, { action: 'cancel' }, customer());

          // Assess
          if (lifecycle.cancellableFrom.includes(status)) {
            expect(attempt().ticket.status, `${lifecycle.type}/${status}`).toBe('cancelled');
          } else {
            expect(attempt, `${lifecycle.type}/${status}`).toThrow(ConflictError);
          }
        }
      }
    });

    it('lets the customer cancel a return until it is in transit', () => {
      // Prepare
      const lifecycle = lifecycleOf('return');

      // Act
      const cancellable = lifecycle.statuses.filter((status) =>
        allowedActions(lifecycle, aTicket({ type: 'return', status }), customer().roles).includes('cancel'),
      );

      // Assess
      expect(cancellable).toEqual(['requested', 'approved', 'awaiting_shipment']);
    });

    it('records the cancellation publicly, stops the clocks and gives back what the refund held', () => {
      // Act
      const { ticket, events, orderChanges } = act(
        requestedRefund(),
        { action: 'cancel', reason: 'Found it' },
        customer(),
      );

      // Assess
      expect(ticket.holds).toBeNull();
      expect(orderChanges?.lines).toEqual([{ kind: 'release', sku: 'KETTLE-1', quantity: 1 }]);
      expect(ticket.closedAt).toBe(iso(T0, HOUR));
      expect(ticket.sla.clocks.resolution?.completedAt).toBe(iso(T0, HOUR));
      expect(events).toEqual([
        { type: 'TicketCancelled', visibility: 'public', data: { reason: 'Found it' } },
      ]);
    });
  });

  describe('assign', () => {
    it('lets an agent take an unassigned ticket', () => {
      // Act
      const { ticket, events } = act(aTicket(), { action: 'assign', assigneeId: 'a-1' }, agent('a-1'));

      // Assess
      expect(ticket.assigneeId).toBe('a-1');
      expect(events).toEqual([
        { type: 'TicketAssigned', visibility: 'internal', data: { from: null, to: 'a-1' } },
      ]);
    });

    it('lets an agent release a ticket of their own', () => {
      // Act
      const { ticket } = act(
        aTicket({ assigneeId: 'a-1' }),
        { action: 'assign', assigneeId: null },
        agent('a-1'),
      );

      // Assess
      expect(ticket.assigneeId).toBeNull();
    });

    it('forbids an agent to assign a ticket to someone else', () => {
      // Act
      const error = caught(() => act(aTicket(), { action: 'assign', assigneeId: 'a-2' }, agent('a-1')));

      // Assess
      expect(error).toBeInstanceOf(ForbiddenError);
    });

    it("forbids an agent to take or release a colleague's ticket", () => {
      // Prepare
      const theirs = aTicket({ assigneeId: 'a-2' });

      // Act
      const take = caught(() => act(theirs, { action: 'assign', assigneeId: 'a-1' }, agent('a-1')));
      const release = caught(() => act(theirs, { action: 'assign', assigneeId: null }, agent('a-1')));

      // Assess
      expect(take).toBeInstanceOf(ForbiddenError);
      expect(release).toBeInstanceOf(ForbiddenError);
    });

    it('lets a supervisor reassign to anyone', () => {
      // Act
      const { ticket } = act(
        aTicket({ assigneeId: 'a-2' }),
        { action: 'assign', assigneeId: 'a-3' },
        supervisor(),
      );

      // Assess
      expect(ticket.assigneeId).toBe('a-3');
    });
  });

  describe('escalate', () => {
    it('raises the level and the priority, up to three levels', () => {
      // Prepare
      let ticket = aTicket({ priority: 'normal' });
      const seen: [number, string][] = [];

      // Act
      for (let i = 0; i < 3; i++) {
        ticket = act(ticket, { action: 'escalate' }, agent()).ticket;
        seen.push([ticket.escalationLevel, ticket.priority]);
      }
      const fourth = caught(() => act(ticket, { action: 'escalate' }, agent()));

      // Assess
      expect(seen).toEqual([
        [1, 'high'],
        [2, 'urgent'],
        [3, 'urgent'],
      ]);
      expect(fourth).toBeInstanceOf(ConflictError);
      expect(allowedActions(lifecycleOf('inquiry'), ticket, agent().roles)).not.toContain('escalate');
    });

    it('records a manual, internal escalation', () => {
      // Act
      const { events } = act(aTicket(), { action: 'escalate', note: 'VIP' }, agent());

      // Assess
      expect(events).toEqual([
        {
          type: 'TicketEscalated',
          visibility: 'internal',
          data: { level: 1, trigger: 'manual', note: 'VIP' },
        },
      ]);
    });
  });

  describe('set_priority', () => {
    it('changes the priority and records it internally', () => {
      // Act
      const { ticket, events } = act(aTicket(), { action: 'set_priority', priority: 'urgent' }, agent());

      // Assess
      expect(ticket.priority).toBe('urgent');
      expect(events).toEqual([
        { type: 'PriorityChanged', visibility: 'internal', data: { from: 'normal', to: 'urgent' } },
      ]);
    });
  });
});

describe('applyMessage', () => {
  it('resumes a ticket waiting on the customer when the customer writes, pushing deadlines back', () => {
    // Prepare: info requested at hour 2, the customer answers at hour 12
    const opened = requestedRefund();
    const waiting = act(opened, { action: 'request_info' }, agent(), plus(T0, 2 * HOUR)).ticket;

    // Act
    const { ticket, events } = applyMessage(
      waiting,
      { role: 'customer', internal: false },
      plus(T0, 12 * HOUR),
    );

    // Assess
    expect(ticket.status).toBe('requested');
    expect(ticket.resumeStatus).toBeNull();
    expect(
      Date.parse(ticket.sla.clocks.resolution!.dueAt) - Date.parse(opened.sla.clocks.resolution!.dueAt),
    ).toBe(10 * HOUR);
    expect(ticket.sla.clocks.resolution?.runningSince).toBe(iso(T0, 12 * HOUR));
    expect(ticket.sla.clocks.nextResponse?.dueAt).toBe(iso(T0, 36 * HOUR));
    expect(events).toEqual([{ type: 'TicketResumed', visibility: 'public', data: { to: 'requested' } }]);
  });

  it('reopens a resolved ticket when the customer writes', () => {
    // Prepare
    const resolved = act(
      aTicket({ type: 'return', status: 'received' }),
      { action: 'resolve' },
      agent(),
    ).ticket;

    // Act
    const { ticket, events } = applyMessage(
      resolved,
      { role: 'customer', internal: false },
      plus(T0, 5 * HOUR),
    );

    // Assess
    expect(ticket.status).toBe('received');
    expect(ticket.resolvedAt).toBeNull();
    expect(ticket.sla.clocks.resolution?.completedAt).toBeNull();
    expect(ticket.sla.clocks.nextResponse?.runningSince).toBe(iso(T0, 5 * HOUR));
    expect(events[0]).toMatchObject({ type: 'TicketReopened', data: { reason: 'customer replied' } });
  });

  it('meets the first response with a public staff message', () => {
    // Act
    const { ticket } = applyMessage(aTicket(), { role: 'staff', internal: false }, plus(T0, 3 * HOUR));

    // Assess
    expect(ticket.sla.clocks.firstResponse?.completedAt).toBe(iso(T0, 3 * HOUR));
    expect(observedState(ticket.sla.clocks.firstResponse!, plus(T0, 3 * HOUR))).toBe('met');
  });

  it('marks an open inquiry answered by a public staff message, and open again when the customer writes', () => {
    // Prepare
    const inquiry = aTicket({ type: 'inquiry' });

    // Act
    const answered = applyMessage(inquiry, { role: 'staff', internal: false }, plus(T0, HOUR)).ticket;
    const back = applyMessage(answered, { role: 'customer', internal: false }, plus(T0, 2 * HOUR)).ticket;

    // Assess
    expect(answered.status).toBe('answered');
    expect(back.status).toBe('open');
  });

  it('does not count an internal note as a response', () => {
    // Prepare
    const opened = aTicket();

    // Act
    const { ticket, events } = applyMessage(opened, { role: 'staff', internal: true }, plus(T0, 3 * HOUR));

    // Assess
    expect(ticket.sla).toEqual(opened.sla);
    expect(events).toEqual([]);
  });

  it('owes no next response before the first response was given', () => {
    // Act
    const { ticket } = applyMessage(aTicket(), { role: 'customer', internal: false }, plus(T0, HOUR));

    // Assess
    expect(ticket.sla.clocks.nextResponse).toBeUndefined();
    expect(ticket.status).toBe('open');
  });

  it('refuses messages on closed and cancelled tickets with TICKET_CLOSED', () => {
    for (const status of ['closed', 'cancelled'] as const) {
      for (const author of [
        { role: 'customer', internal: false },
        { role: 'staff', internal: false },
        { role: 'staff', internal: true },
      ] as const) {
        // Act
        const error = caught(() => applyMessage(aTicket({ status }), author, plus(T0, HOUR)));

        // Assess
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).code).toBe('TICKET_CLOSED');
      }
    }
  });
});

describe('chain', () => {
  it('applies each step to the ticket the previous one reached, events in order', () => {
    const ticket = aTicket({ status: 'open' });
    const now = new Date(Date.parse(ticket.createdAt) + 60_000);
    const step = (input: ActionInput) => (reached: Ticket) =>
      applyAction(lifecycleOf('inquiry'), {
        ticket: reached,
        input,
        actorId: 'a-1',
        roles: new Set(['agent']),
        now,
      });

    const result = chain(ticket, [
      step({ action: 'set_priority', priority: 'high' }),
      step({ action: 'request_info' }),
    ]);

    expect(result.ticket).toMatchObject({
      priority: 'high',
      status: 'pending_customer',
      resumeStatus: 'open',
    });
    expect(result.events.map((event) => event.type)).toEqual(['PriorityChanged', 'InfoRequested']);
  });

  it('refuses two steps that both change the order', () => {
    const ticket = aTicket();
    const changes = { orderId: 'o-1', lines: [] };
    const touch = (reached: Ticket) => ({ ticket: reached, events: [], orderChanges: changes });

    expect(() => chain(ticket, [touch, touch])).toThrow(/change the order/);
  });
});
