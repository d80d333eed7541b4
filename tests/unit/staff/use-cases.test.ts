import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/shared/errors.js';
import { putStaffRequestSchema, putTeamRequestSchema } from '../../../functions/staff/contracts/staff.js';
import { makeGetTeam } from '../../../functions/staff/use-cases/get-team.js';
import { makePutRoutingRules } from '../../../functions/staff/use-cases/put-routing-rules.js';
import { makePutStaff } from '../../../functions/staff/use-cases/put-staff.js';
import { makePutTeam } from '../../../functions/staff/use-cases/put-team.js';
import { makeSeedDesk } from '../../../functions/staff/use-cases/seed-desk.js';
import { makeSetAvailability } from '../../../functions/staff/use-cases/set-availability.js';
import { InMemoryRoutingRules, InMemoryStaffRepository } from '../../fixtures/staff-in-memory.js';

const clock = { now: () => new Date('2026-03-02T08:00:00.000Z') };

let staff: InMemoryStaffRepository;

beforeEach(async () => {
  staff = new InMemoryStaffRepository();
  await makeSeedDesk({ staff, clock })();
});

const staffBody = (overrides: Record<string, unknown> = {}) =>
  putStaffRequestSchema().parse({
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
      putTeamRequestSchema().parse({ name: 'VIP', members: ['agent-2', 'sup-1'], supervisors: ['sup-1'] }),
    );
    expect(team.members).toEqual(['agent-2', 'sup-1']);
    expect(roomAppeared).toBe(true);
    expect((await staff.getStaff('agent-1'))?.member.teams).toEqual(['support']);
    expect((await staff.getStaff('agent-2'))?.member.teams).toEqual(['support', 'complaints', 'vip']);
    const error = await put(
      'vip',
      putTeamRequestSchema().parse({ name: 'VIP', members: ['ghost'], supervisors: ['nobody'] }),
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
