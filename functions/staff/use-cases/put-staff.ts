import type { Clock } from '../../shared/clock.js';
import { ValidationError } from '../../shared/errors.js';
import type { PutStaffRequest } from '../contracts/staff.js';
import type { StaffRepository } from '../domain/ports.js';
import { staffView } from './views.js';

/**
 * Creates or replaces a staff record (admins). Every team named must exist. `roomAppeared` tells
 * the caller that the member may now take waiting tickets (they became available, gained
 * capacity, a skill, a language or a team), which the assigner acts on.
 */
export function makePutStaff({ staff, clock }: { readonly staff: StaffRepository; readonly clock: Clock }) {
  return async (staffId: string, request: PutStaffRequest) => {
    const { version, ...profile } = request;
    const [current, teams] = await Promise.all([staff.getStaff(staffId), staff.listTeams()]);
    const known = new Set(teams.map((team) => team.id));
    const errors = profile.teams.flatMap((team, index) =>
      known.has(team) ? [] : [{ path: `teams.${index}`, message: `No team ${team}.` }],
    );
    if (errors.length > 0) throw new ValidationError(errors);
    const saved = await staff.saveStaff(
      { id: staffId, ...profile },
      version ?? current?.member.version ?? 0,
      clock.now().toISOString(),
    );
    const before = current?.member;
    const gained = <T>(now: readonly T[], then: readonly T[] | undefined) =>
      now.some((value) => !(then ?? []).includes(value));
    const roomAppeared =
      saved.available &&
      saved.capacity > 0 &&
      (!before?.available ||
        saved.capacity > before.capacity ||
        gained(saved.teams, before.teams) ||
        gained(saved.skills, before.skills) ||
        gained(saved.languages, before.languages) ||
        gained(saved.roles, before.roles));
    return { staff: staffView({ member: saved, load: current?.load ?? 0 }), roomAppeared };
  };
}
