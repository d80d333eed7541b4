import { NotFoundError } from '../../shared/errors.js';
import type { StaffRepository } from '../domain/ports.js';
import { teamView } from '../domain/staff.js';

export function makeGetTeam({ staff }: { readonly staff: StaffRepository }) {
  return async (teamId: string) => {
    const [team, members] = await Promise.all([staff.getTeam(teamId), staff.listStaff()]);
    if (!team) throw new NotFoundError(`No team ${teamId}.`);
    return teamView(
      team,
      members.map((entry) => entry.member),
    );
  };
}
