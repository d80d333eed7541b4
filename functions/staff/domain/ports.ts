import type { RoutingRule, RoutingRules } from './routing.js';
import type { StaffMember, StaffProfile, StaffWithLoad, Team, TeamProfile } from './staff.js';

/** A change of one member's teams made together with a team's save (membership lives on staff). */
export interface MembershipChange {
  readonly staffId: string;
  readonly teams: readonly string[];
  readonly expectedVersion: number;
}

/**
 * Port: staff and teams. Writes are conditioned on the stored version (ConflictError
 * `STALE_VERSION`); no write of a profile touches a member's load counter.
 */
export interface StaffRepository {
  /** Every member with their load; a desk has tens to hundreds, read in one go. */
  listStaff(): Promise<StaffWithLoad[]>;
  getStaff(staffId: string): Promise<StaffWithLoad | undefined>;
  saveStaff(profile: StaffProfile, expectedVersion: number, now: string): Promise<StaffMember>;
  /** Sets one member's availability; NotFoundError if there is no such member. */
  setAvailability(staffId: string, available: boolean, now: string): Promise<StaffMember>;
  listTeams(): Promise<Team[]>;
  getTeam(teamId: string): Promise<Team | undefined>;
  /** Saves the team and the members' changed `teams` in one atomic write. */
  saveTeam(
    profile: TeamProfile,
    expectedVersion: number,
    now: string,
    membership: readonly MembershipChange[],
  ): Promise<Team>;
}

/** Port: the routing rules in force (the defaults until an admin saves some). */
export interface RoutingRuleRepository {
  current(): Promise<RoutingRules>;
  save(rules: readonly RoutingRule[], expectedVersion: number, now: string): Promise<RoutingRules>;
}

/** A ticket waiting in its team's queue: ordered by deadline, then id. */
export interface WaitingEntry {
  readonly team: string;
  readonly ticketId: string;
  /** The nearest SLA deadline when it was queued (ISO); tickets without one wait behind all others. */
  readonly deadline: string | null;
}

/** Port (read side): the oldest-deadline tickets waiting in a team's queue. */
export interface WaitingQueue {
  oldest(team: string, limit: number): Promise<WaitingEntry[]>;
}
