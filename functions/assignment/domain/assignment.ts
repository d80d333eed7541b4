import type { TicketType } from '../../kernel/ticket-kinds.js';
import { primaryLanguage, type StaffMember, speaks } from '../../staff/domain/staff.js';

/** What the assigner knows of a ticket that needs an owner. */
export interface TicketToAssign {
  readonly id: string;
  readonly type: TicketType;
  /** The customer's language (BCP 47). */
  readonly language: string;
  /** Who had it before it was resolved: a reopened ticket goes back to them when they can take it. */
  readonly lastAssigneeId: string | null;
}

export type AssignmentDecision =
  | {
      readonly kind: 'assign';
      readonly team: string;
      readonly assigneeId: string;
      /** Their open tickets before this one, and their capacity. */
      readonly load: number;
      readonly capacity: number;
      /** For the timeline: "fewest open tickets (2 of 5) among 3 available agents with skill refund, language zh". */
      readonly reason: string;
    }
  | { readonly kind: 'queue'; readonly team: string; readonly reason: string };

/** Whether `member` could take a ticket now, their skills and language aside. */
export function hasRoom(member: StaffMember, load: number): boolean {
  return member.roles.includes('agent') && member.available && load < member.capacity;
}

function loadOf(loads: ReadonlyMap<string, number>, id: string): number {
  return loads.get(id) ?? 0;
}

/**
 * The agent a ticket goes to, or why it waits in the team's queue. Candidates are the team's
 * agents who are available, handle the ticket's type and speak its language (when nobody in the
 * team with the skill speaks it at all, language is not required, so the ticket is not stranded);
 * of those below capacity the one with the fewest open tickets wins, then the one with the most
 * room, then the smallest id. A reopened ticket goes back to its last assignee when they are
 * available and below capacity.
 */
export function chooseAssignee(
  team: string,
  members: readonly StaffMember[],
  loads: ReadonlyMap<string, number>,
  ticket: TicketToAssign,
): AssignmentDecision {
  if (ticket.lastAssigneeId !== null) {
    const last = members.find((member) => member.id === ticket.lastAssigneeId);
    if (last && hasRoom(last, loadOf(loads, last.id))) {
      const load = loadOf(loads, last.id);
      return {
        kind: 'assign',
        team,
        assigneeId: last.id,
        load,
        capacity: last.capacity,
        reason: `reopened: back to the last assignee ${last.id} (${load} of ${last.capacity} open)`,
      };
    }
  }
  const skilled = members.filter(
    (member) =>
      member.teams.includes(team) && member.roles.includes('agent') && member.skills.includes(ticket.type),
  );
  const language = primaryLanguage(ticket.language);
  const languageKnown = skilled.some((member) => speaks(member, language));
  const matching = languageKnown ? skilled.filter((member) => speaks(member, language)) : skilled;
  const criteria = `skill ${ticket.type}, ${languageKnown ? `language ${language}` : `any language (nobody speaks ${language})`}`;
  const available = matching.filter((member) => member.available);
  const withRoom = available.filter((member) => loadOf(loads, member.id) < member.capacity);
  const back =
    ticket.lastAssigneeId !== null ? `last assignee ${ticket.lastAssigneeId} cannot take it; ` : '';
  if (withRoom.length === 0) {
    const why =
      available.length === 0
        ? `no available agent in team ${team} with ${criteria}`
        : `all ${available.length} available agents with ${criteria} are at capacity`;
    return { kind: 'queue', team, reason: `${back}${why}; waiting in the ${team} queue` };
  }
  const best = [...withRoom].sort((a, b) => {
    const byLoad = loadOf(loads, a.id) - loadOf(loads, b.id);
    if (byLoad !== 0) return byLoad;
    const byRoom = b.capacity - a.capacity;
    if (byRoom !== 0) return byRoom;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  })[0] as StaffMember;
  const load = loadOf(loads, best.id);
  const agents = available.length === 1 ? '1 available agent' : `${available.length} available agents`;
  return {
    kind: 'assign',
    team,
    assigneeId: best.id,
    load,
    capacity: best.capacity,
    reason: `${back}fewest open tickets (${load} of ${best.capacity}) among ${agents} with ${criteria}`,
  };
}
