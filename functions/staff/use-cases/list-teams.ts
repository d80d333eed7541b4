import type { StaffRepository } from '../domain/ports.js';
import { teamView } from '../domain/staff.js';

/** Every team with its members (the staff whose `teams` name it). */
export function makeListTeams({ staff }: { readonly staff: StaffRepository }) {
  return async () => {
    const [teams, members] = await Promise.all([staff.listTeams(), staff.listStaff()]);
    const people = members.map((entry) => entry.member);
    return {
      items: teams
        .map((team) => teamView(team, people))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    };
  };
}
