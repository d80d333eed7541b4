import { beforeEach, describe, expect, it } from 'vitest';
import { makeAssignTicket } from '../../../functions/assignment/use-cases/assign-ticket.js';
import { makeFillFreedRoom } from '../../../functions/assignment/use-cases/fill-freed-room.js';
import { makeSeedDesk } from '../../../functions/staff/use-cases/seed-desk.js';
import { makeSetAvailability } from '../../../functions/staff/use-cases/set-availability.js';
import { InMemoryStaffRepository, InMemoryTicketAssignments } from '../../fixtures/staff-in-memory.js';

const clock = { now: () => new Date('2026-03-02T08:00:00.000Z') };
const noPause = { sleep: async () => {}, deadlineMs: 1000 };

let staff: InMemoryStaffRepository;
let tickets: InMemoryTicketAssignments;

beforeEach(async () => {
  staff = new InMemoryStaffRepository();
  tickets = new InMemoryTicketAssignments(staff);
  await makeSeedDesk({ staff, clock })();
});

describe('assignTicket', () => {
  const assign = () => makeAssignTicket({ staff, tickets, clock, contention: noPause });

  it('assigns to the agent with the fewest open tickets and records why', async () => {
    staff.loads.set('agent-1', 2);
    tickets.add({ id: 't-1', language: 'zh-CN' });
    const outcome = await assign()('t-1', "rule 'complaints' matched type=complaint");
    expect(outcome).toMatchObject({ kind: 'assigned', decision: { assigneeId: 'agent-2' } });
    expect(staff.loads.get('agent-2')).toBe(1);
    expect(tickets.records[0]?.record).toMatchObject({
      trigger: "rule 'complaints' matched type=complaint",
      decision: {
        reason: 'fewest open tickets (0 of 10) among 1 available agent with skill refund, language zh',
      },
    });
  });

  it('queues the ticket by deadline when nobody has room and skips tickets that need nobody', async () => {
    staff.loads.set('agent-1', 10);
    staff.loads.set('agent-2', 10);
    tickets.add({ id: 't-1', deadline: '2026-03-03T08:00:00.000Z' });
    expect(await assign()('t-1', 'created')).toMatchObject({ kind: 'queued' });
    expect(await tickets.oldest('support', 5)).toEqual([
      { team: 'support', ticketId: 't-1', deadline: '2026-03-03T08:00:00.000Z' },
    ]);
    // A redelivery writes nothing more.
    expect(await assign()('t-1', 'created')).toMatchObject({ kind: 'queued' });
    expect(tickets.records).toHaveLength(1);
    tickets.add({ id: 't-2', assigneeId: 'agent-1' });
    expect(await assign()('t-2', 'created')).toEqual({
      kind: 'skipped',
      reason: 'already assigned to agent-1',
    });
    tickets.add({ id: 't-3', open: false });
    expect(await assign()('t-3', 'created')).toMatchObject({ kind: 'skipped' });
  });

  it('decides again when the slot it chose was taken before its write', async () => {
    staff.loads.set('agent-2', 9);
    staff.loads.set('agent-1', 10);
    tickets.add({ id: 't-1' });
    let raced = false;
    tickets.beforeWrite = () => {
      if (raced) return;
      raced = true;
      staff.loads.set('agent-2', 10);
    };
    expect(await assign()('t-1', 'created')).toMatchObject({ kind: 'queued' });
  });

  it('assigns a ticket it just queued when room appeared meanwhile', async () => {
    staff.loads.set('agent-1', 10);
    staff.loads.set('agent-2', 10);
    tickets.add({ id: 't-1' });
    let freed = false;
    tickets.beforeWrite = () => {
      if (freed) return;
      freed = true;
      // agent-1 resolves a ticket while the assigner writes the queue entry: the refill saw no t-1 yet.
      staff.loads.set('agent-1', 9);
    };
    expect(await assign()('t-1', 'created')).toMatchObject({
      kind: 'assigned',
      decision: { assigneeId: 'agent-1' },
    });
    expect(await tickets.oldest('support', 5)).toEqual([]);
  });

  it('gives a reopened ticket back to its last assignee', async () => {
    staff.loads.set('agent-2', 4);
    tickets.add({ id: 't-1', lastAssigneeId: 'agent-2' });
    expect(await assign()('t-1', 'reopened')).toMatchObject({ decision: { assigneeId: 'agent-2' } });
  });
});

describe('fillFreedRoom', () => {
  it('assigns the oldest-deadline waiting tickets the freed agent can take, up to their room', async () => {
    const assign = makeAssignTicket({ staff, tickets, clock, contention: noPause });
    staff.loads.set('agent-1', 10);
    staff.loads.set('agent-2', 10);
    await makeSetAvailability({ staff, clock })('agent-2', false);
    tickets.add({ id: 'late', deadline: '2026-03-05T00:00:00.000Z' });
    tickets.add({ id: 'soon', deadline: '2026-03-03T00:00:00.000Z' });
    tickets.add({ id: 'repair', type: 'repair', team: 'vip', deadline: '2026-03-02T09:00:00.000Z' });
    tickets.add({ id: 'soonest', deadline: '2026-03-02T12:00:00.000Z' });
    for (const id of ['late', 'soon', 'repair', 'soonest']) await assign(id, 'created');
    // agent-3 (vip) has no repair skill and agent-1 is full: the repair waits in the vip queue.
    expect((await tickets.oldest('vip', 5)).map((e) => e.ticketId)).toEqual(['repair']);
    staff.loads.set('agent-1', 8);
    const fill = makeFillFreedRoom({ staff, queue: tickets, assign });
    const outcomes = await fill('agent-1', 'agent-1 resolved two tickets');
    expect(outcomes.map((o) => (o.kind === 'assigned' ? o.decision.assigneeId : o.kind))).toEqual([
      'agent-1',
      'agent-1',
    ]);
    expect(tickets.tickets.get('repair')?.assigneeId).toBe('agent-1');
    expect(tickets.tickets.get('soonest')?.assigneeId).toBe('agent-1');
    expect((await tickets.oldest('support', 5)).map((e) => e.ticketId)).toEqual(['soon', 'late']);
    expect(await fill('agent-1', 'nothing freed')).toEqual([]);
  });
});
