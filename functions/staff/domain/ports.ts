import type { Priority, TicketType } from '../../kernel/ticket-kinds.js';
import { ConflictError } from '../../shared/errors.js';
import type { AssignmentDecision } from './assignment.js';
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

/** What the assigner needs of a ticket, read from the ticket core. */
export interface AssignableTicket {
  readonly id: string;
  readonly version: number;
  readonly type: TicketType;
  readonly language: string;
  readonly team: string;
  readonly priority: Priority;
  /** Not resolved, closed or cancelled. */
  readonly open: boolean;
  /** Whoever holds it now; their load counts it while it is open. */
  readonly assigneeId: string | null;
  /** Who held it before a reopen. */
  readonly lastAssigneeId: string | null;
  /** The nearest SLA deadline (ISO), the order of the team queue. */
  readonly deadline: string | null;
  /** Its entry in the team queue, while it waits there. */
  readonly waiting: WaitingEntry | null;
}

/** The timeline entry an assignment decision writes (event `TicketAutoAssigned` / `TicketQueued`). */
export interface AssignmentRecord {
  readonly decision: AssignmentDecision;
  /** What set the team: the routing rule's reason, or what freed room. */
  readonly trigger: string;
  readonly at: string;
}

/** The assignee's load counter did not admit one more (capacity reached, or no longer available). */
export class NoRoomError extends ConflictError {
  constructor(readonly staffId: string) {
    super(`${staffId} has no room for another ticket.`, 'NO_ROOM');
    this.name = 'NoRoomError';
  }
}

/**
 * Port to the ticket core. Each write is ONE transaction of the ticket (conditioned on
 * `ticket.version`, ConflictError `STALE_VERSION`), its timeline event and the staff items
 * built by `assignment-items.dynamodb.ts`:
 * - `assign`: the ticket gets `assigneeId`, the assignee's load +1 conditioned on
 *   `available AND load < capacity` (NoRoomError, code `NO_ROOM`, when that fails), and its waiting entry, if
 *   any, is deleted on condition it still exists (ConflictError `NOT_WAITING` when another
 *   assigner took it first).
 * - `enqueue`: the ticket records `waiting`, and the entry is put into the team queue (an entry
 *   it had in another team's queue is deleted in the same transaction).
 */
export interface TicketAssignments {
  get(ticketId: string): Promise<AssignableTicket | undefined>;
  assign(ticket: AssignableTicket, record: AssignmentRecord): Promise<void>;
  enqueue(ticket: AssignableTicket, entry: WaitingEntry, record: AssignmentRecord): Promise<void>;
}
