import type { Clock } from '../../shared/clock.js';
import type { StaffRepository } from '../../staff/domain/ports.js';
import { type ContentionOptions, retryOnContention } from '../../tickets/use-cases/retry-on-contention.js';
import { type AssignmentDecision, chooseAssignee } from '../domain/assignment.js';
import type { AssignableTicket, TicketAssignments } from '../domain/ports.js';

export type AssignOutcome =
  | { readonly kind: 'assigned'; readonly decision: Extract<AssignmentDecision, { kind: 'assign' }> }
  | { readonly kind: 'queued'; readonly decision: Extract<AssignmentDecision, { kind: 'queue' }> }
  | { readonly kind: 'skipped'; readonly reason: string };

export interface AssignDeps {
  readonly staff: StaffRepository;
  readonly tickets: TicketAssignments;
  readonly clock: Clock;
  /** Retry tuning (tests); the defaults are the ticket core's contention policy. */
  readonly contention?: ContentionOptions;
}

/** Races the assigner loses and re-decides on fresh reads. */
const lostRaces = ['STALE_VERSION', 'CONCURRENT_UPDATE', 'NO_ROOM', 'NOT_WAITING'];

type Attempt = AssignOutcome | { readonly kind: 'enqueued' };

/**
 * Gives an open, unassigned ticket an owner in its team (on TicketCreated, TicketReopened, a team
 * change, or room appearing), or puts it in the team's queue. Every decision is read fresh:
 * the ticket, the desk with its load counters. The write is the ticket core's one transaction,
 * whose load condition refuses a slot another assigner took meanwhile (NO_ROOM): the assigner
 * then decides again. After queueing it looks once more, so room that appeared while it was
 * deciding (an agent resolving a ticket, whose refill did not see this one yet) is not missed.
 */
export function makeAssignTicket({ staff, tickets, clock, contention }: AssignDeps) {
  async function attempt(ticketId: string, trigger: string): Promise<Attempt> {
    const ticket = await tickets.get(ticketId);
    if (!ticket) return { kind: 'skipped', reason: `no ticket ${ticketId}` };
    if (!ticket.open) return { kind: 'skipped', reason: 'the ticket is no longer open' };
    if (ticket.assigneeId !== null)
      return { kind: 'skipped', reason: `already assigned to ${ticket.assigneeId}` };
    const desk = await staff.listStaff();
    const decision = chooseAssignee(
      ticket.team,
      desk.map((entry) => entry.member),
      new Map(desk.map((entry) => [entry.member.id, entry.load])),
      {
        id: ticket.id,
        type: ticket.type,
        language: ticket.language,
        lastAssigneeId: ticket.lastAssigneeId,
      },
    );
    const record = { decision, trigger, at: clock.now().toISOString() };
    if (decision.kind === 'assign') {
      await tickets.assign(ticket, record);
      return { kind: 'assigned', decision };
    }
    if (ticket.waiting?.team === decision.team) return { kind: 'queued', decision };
    await tickets.enqueue(ticket, waitingEntry(ticket, decision.team), record);
    return { kind: 'enqueued' };
  }

  return async (ticketId: string, trigger: string): Promise<AssignOutcome> => {
    const retry = retryOnContention({ codes: lostRaces, ...contention });
    for (;;) {
      try {
        const outcome = await attempt(ticketId, trigger);
        if (outcome.kind !== 'enqueued') return outcome;
      } catch (error) {
        if (!(await retry.again(error))) throw error;
      }
    }
  };
}

function waitingEntry(ticket: AssignableTicket, team: string) {
  return { team, ticketId: ticket.id, deadline: ticket.deadline };
}
