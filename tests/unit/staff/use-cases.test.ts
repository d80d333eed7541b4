import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/shared/errors.js';
import { putStaffRequestSchema, putTeamRequestSchema } from '../../../functions/staff/contracts/staff.js';
import { makeAssignTicket } from '../../../functions/staff/use-cases/assign-ticket.js';
import { makeFillFreedRoom } from '../../../functions/staff/use-cases/fill-freed-room.js';
import { makeGetTeam } from '../../../functions/staff/use-cases/get-team.js';
import { makePutRoutingRules } from '../../../functions/staff/use-cases/put-routing-rules.js';
import { makePutStaff } from '../../../functions/staff/use-cases/put-staff.js';
import { makePutTeam } from '../../../functions/staff/use-cases/put-team.js';
import { makeSeedDesk } from '../../../functions/staff/use-cases/seed-desk.js';
import { makeSetAvailability } from '../../../functions/staff/use-cases/set-availability.js';
import {
  InMemoryRoutingRules,
  InMemoryStaffRepository,
  InMemoryTicketAssignments,
} from '../../fixtures/staff-in-memory.js';

const clock = { now: () => new Date('2026-03-02T08:00:00.000Z') };
const noPause = { sleep: async () => {}, deadlineMs: 1000 };

let staff: InMemoryStaffRepository;
let tickets: InMemoryTicketAssignments;

beforeEach(async () => {
  staff = new InMemoryStaffRepository();
  tickets = new InMemoryTicketAssignments(staff);
  await makeSeedDesk({ staff, clock })();
});

const staffBody = (overrides: Record<string, unknown> = {}) =>
  putStaffRequestSchema.parse({
    name: 'Kim',
    email: 'kim@example.com',
    teams: ['support'],
    languages: ['en'],
    skills: ['refund'],
    capacity: 2,
    roles: ['agent'],
    ...overrides,
  });

describe('seedDesk', () => {
  it('writes the demo teams and staff once and leaves records an admin saved since', async () => {
    expect((await staff.listTeams()).map((t) => t.id).sort()).toEqual([
      'complaints',
      'escalations',
      'support',
      'vip',
    ]);
    expect((await staff.listStaff()).map((s) => s.member.id).sort()).toEqual([
      'admin-1',
      'agent-1',
      'agent-2',
      'agent-3',
      'sup-1',
    ]);
    expect((await makeGetTeam({ staff })('vip')).members).toEqual(['agent-1', 'agent-3', 'sup-1']);
    const edited = await staff.getStaff('agent-1');
    await staff.saveStaff({ ...edited!.member, capacity: 3 }, 1, 'later');
    expect(await makeSeedDesk({ staff, clock })()).toEqual({ teams: [], staff: [] });
    expect((await staff.getStaff('agent-1'))?.member.capacity).toBe(3);
  });
});

describe('putStaff and setAvailability', () => {
  it('refuses teams that do not exist, naming each', async () => {
    const error = await makePutStaff({ staff, clock })(
      'kim',
      staffBody({ teams: ['support', 'night', 'moon'] }),
    )
      .then(() => undefined)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['teams.1', 'teams.2']);
  });

  it('reports room appearing when capacity grows or the member comes back, not otherwise', async () => {
    const put = makePutStaff({ staff, clock });
    expect((await put('kim', staffBody())).roomAppeared).toBe(true);
    expect((await put('kim', staffBody({ name: 'Kim Lee' }))).roomAppeared).toBe(false);
    expect((await put('kim', staffBody({ capacity: 3 }))).roomAppeared).toBe(true);
    const set = makeSetAvailability({ staff, clock });
    expect((await set('kim', false)).roomAppeared).toBe(false);
    expect((await set('kim', true)).roomAppeared).toBe(true);
    expect((await set('kim', true)).staff).toMatchObject({ id: 'kim', available: true, openTickets: 0 });
  });
});

describe('putTeam', () => {
  it('moves membership onto the staff records and names unknown people', async () => {
    const put = makePutTeam({ staff, clock });
    const { team, roomAppeared } = await put(
      'vip',
      putTeamRequestSchema.parse({ name: 'VIP', members: ['agent-2', 'sup-1'], supervisors: ['sup-1'] }),
    );
    expect(team.members).toEqual(['agent-2', 'sup-1']);
    expect(roomAppeared).toBe(true);
    expect((await staff.getStaff('agent-1'))?.member.teams).toEqual(['support']);
    expect((await staff.getStaff('agent-2'))?.member.teams).toEqual(['support', 'complaints', 'vip']);
    const error = await put(
      'vip',
      putTeamRequestSchema.parse({ name: 'VIP', members: ['ghost'], supervisors: ['nobody'] }),
    ).catch((e) => e);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['members.0', 'supervisors.0']);
  });
});

describe('putRoutingRules', () => {
  it('names rules whose team does not exist', async () => {
    const put = makePutRoutingRules({ rules: new InMemoryRoutingRules(), staff, clock });
    const error = await put({
      rules: [
        { id: 'a', name: 'A', match: {}, team: 'vip', priority: null },
        { id: 'b', name: 'B', match: {}, team: 'night', priority: null },
      ],
    }).catch((e) => e);
    expect((error as ValidationError).errors).toEqual([{ path: 'rules.1.team', message: 'No team night.' }]);
  });
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
