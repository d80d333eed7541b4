import type { Clock } from '../../shared/clock.js';
import { type FieldError, ValidationError } from '../../shared/errors.js';
import type { PutTeamRequest } from '../contracts/staff.js';
import type { MembershipChange, StaffRepository } from '../domain/ports.js';
import { teamView } from '../domain/staff.js';

/**
 * Creates or replaces a team (admins). Membership lives on the staff records: the members given
 * here get the team in their `teams`, the others lose it, in the same atomic write as the team.
 * Every member and supervisor must have a staff record. `roomAppeared` when members joined: the
 * assigner may hand them the team's waiting tickets.
 */
export function makePutTeam({ staff, clock }: { readonly staff: StaffRepository; readonly clock: Clock }) {
  return async (teamId: string, request: PutTeamRequest) => {
    const { version, members, ...profile } = request;
    const [current, everyone] = await Promise.all([staff.getTeam(teamId), staff.listStaff()]);
    const byId = new Map(everyone.map((entry) => [entry.member.id, entry.member]));
    const errors: FieldError[] = [];
    for (const [field, ids] of [
      ['members', members],
      ['supervisors', profile.supervisors],
    ] as const) {
      ids.forEach((id, index) => {
        if (!byId.has(id)) errors.push({ path: `${field}.${index}`, message: `No staff member ${id}.` });
      });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    const wanted = new Set(members);
    const membership: MembershipChange[] = [];
    for (const { member } of everyone) {
      const inTeam = member.teams.includes(teamId);
      if (inTeam === wanted.has(member.id)) continue;
      membership.push({
        staffId: member.id,
        teams: inTeam ? member.teams.filter((team) => team !== teamId) : [...member.teams, teamId],
        expectedVersion: member.version,
      });
    }
    const now = clock.now().toISOString();
    const saved = await staff.saveTeam(
      { id: teamId, ...profile },
      version ?? current?.version ?? 0,
      now,
      membership,
    );
    const joined = new Set(
      membership.filter((change) => change.teams.includes(teamId)).map((c) => c.staffId),
    );
    const people = everyone.map(({ member }) => {
      const change = membership.find((c) => c.staffId === member.id);
      return change ? { ...member, teams: change.teams } : member;
    });
    return { team: teamView(saved, people), roomAppeared: joined.size > 0 };
  };
}
