import type { StaffRepository, WaitingEntry, WaitingQueue } from '../../staff/domain/ports.js';
import { hasRoom } from '../domain/assignment.js';
import type { AssignOutcome } from './assign-ticket.js';

/** How many waiting tickets of each team one refill looks at (a bound on its cost). */
export const REFILL_LOOKAHEAD = 10;

function byDeadline(a: WaitingEntry, b: WaitingEntry): number {
  const key = (entry: WaitingEntry) => `${entry.deadline ?? '~'}#${entry.ticketId}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/**
 * Room appeared for a member (a ticket of theirs resolved, closed or was cancelled or
 * reassigned; they became available; they gained capacity, a skill or a team): the tickets
 * waiting in their teams are offered again, oldest deadline first, until their room is used.
 * Event-driven and bounded: it reads the heads of their teams' queues (a Query with a Limit per
 * team), never the open tickets. A waiting ticket they cannot take (skill, language) is skipped,
 * so it does not block the ones behind it; each offer goes through `assign` (the assigner's
 * fresh decision), so it may also land with a teammate who has fewer open tickets.
 */
export function makeFillFreedRoom({
  staff,
  queue,
  assign,
  lookahead = REFILL_LOOKAHEAD,
}: {
  readonly staff: StaffRepository;
  readonly queue: WaitingQueue;
  readonly assign: (ticketId: string, trigger: string) => Promise<AssignOutcome>;
  readonly lookahead?: number;
}) {
  return async (staffId: string, trigger: string): Promise<AssignOutcome[]> => {
    const found = await staff.getStaff(staffId);
    if (!found || !hasRoom(found.member, found.load)) return [];
    let room = found.member.capacity - found.load;
    const heads = await Promise.all(found.member.teams.map((team) => queue.oldest(team, lookahead)));
    const waiting = heads.flat().sort(byDeadline);
    const outcomes: AssignOutcome[] = [];
    for (const entry of waiting) {
      const outcome = await assign(entry.ticketId, trigger);
      outcomes.push(outcome);
      if (outcome.kind === 'assigned' && outcome.decision.assigneeId === staffId) room -= 1;
      if (room <= 0) break;
    }
    return outcomes;
  };
}
