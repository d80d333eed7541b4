import { type Reason, type TicketType, ticketTypes } from '../../kernel/ticket-kinds.js';
import { observedState, type SlaClock, type SlaState } from '../../sla/domain/clocks.js';
import type { Ticket } from '../../tickets/domain/ticket.js';

/**
 * What a report reads of a ticket: its current state, as stored. Of the SLA state only the
 * clocks: the ticket item carries no more of it (its policy plan lives on the detail item, ADR 23).
 */
export type ReportTicket = Pick<
  Ticket,
  'id' | 'type' | 'status' | 'reason' | 'assigneeId' | 'team' | 'createdAt' | 'resolvedAt' | 'satisfaction'
> & { readonly sla: Pick<SlaState, 'clocks'> };

export interface Attainment {
  /** Clocks stopped within target. */
  readonly met: number;
  /** Clocks stopped late, or still open past their deadline (observedState). */
  readonly breached: number;
  /** met / (met + breached) × 100, one decimal; null when no clock has an outcome yet. */
  readonly percentMet: number | null;
}

export interface TimedAttainment extends Attainment {
  /** Median business minutes (elapsedMs) over completed clocks, one decimal; null when none. */
  readonly medianMinutes: number | null;
}

/** The figures a report shows for one agent or one team: the same measures for both. */
export interface MemberFigures {
  readonly id: string;
  /** Tickets the agent holds (currently assigned) or the team holds (currently in it). */
  readonly tickets: number;
  /** Of those, the ones resolved (see `isResolved`). */
  readonly resolved: number;
  /**
   * An agent: ratings given while the agent held the ticket (Satisfaction.assigneeId). A team:
   * ratings of the tickets it holds.
   */
  readonly csatResponses: number;
  readonly csatAverage: number | null;
  /** First-response outcomes of the tickets held. */
  readonly firstResponse: Attainment;
}

export type AgentFigures = Omit<MemberFigures, 'id'> & { readonly assigneeId: string };
export type TeamFigures = Omit<MemberFigures, 'id'> & { readonly team: string };

export interface Summary {
  readonly tickets: number;
  readonly byType: Readonly<Record<TicketType, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly firstResponse: TimedAttainment;
  readonly resolution: TimedAttainment;
  readonly csat: {
    readonly responses: number;
    /** Mean score 1–5, two decimals. */
    readonly average: number | null;
    /** Share of 4 and 5 scores, percent, one decimal. */
    readonly satisfiedPercent: number | null;
  };
  readonly nps: {
    readonly responses: number;
    readonly promoters: number;
    readonly passives: number;
    readonly detractors: number;
    /** % promoters (9–10) − % detractors (0–6), one decimal, in [-100, 100]. */
    readonly score: number | null;
  };
  readonly backlog: { readonly total: number; readonly byType: Readonly<Record<TicketType, number>> };
  readonly topComplaintReasons: readonly { readonly reason: Reason; readonly count: number }[];
  readonly agents: readonly AgentFigures[];
  readonly teams: readonly TeamFigures[];
}

/** Statuses that are out of the backlog: nothing more is owed to the customer. */
export const doneStatuses: readonly string[] = ['resolved', 'closed', 'cancelled'];
export const TOP_COMPLAINT_REASONS = 5;

export const MINUTE = 60_000;
/** `value` to `decimals` places (Math.round): how a report shows its figures. */
export const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};
/** part / whole in percent with one decimal; null when there is nothing to divide by. */
export const percent = (part: number, whole: number) => (whole === 0 ? null : round((part / whole) * 100, 1));

function zeroByType(): Record<TicketType, number> {
  return Object.fromEntries(ticketTypes.map((type) => [type, 0])) as Record<TicketType, number>;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/**
 * Resolved: the ticket was resolved (`resolvedAt`), or its resolution clock stopped without the
 * ticket being cancelled (refunded, rejected and closed tickets).
 */
export function isResolved(ticket: ReportTicket): boolean {
  if (ticket.resolvedAt) return true;
  return ticket.status !== 'cancelled' && !!ticket.sla.clocks.resolution?.completedAt;
}

class AttainmentTally {
  met = 0;
  breached = 0;
  private readonly elapsed: number[] = [];

  add(clock: SlaClock | undefined, now: Date): void {
    if (!clock) return;
    const state = observedState(clock, now);
    if (state === 'met') this.met += 1;
    else if (state === 'breached') this.breached += 1;
    if (clock.completedAt) this.elapsed.push(clock.elapsedMs);
  }

  attainment(): Attainment {
    return {
      met: this.met,
      breached: this.breached,
      percentMet: percent(this.met, this.met + this.breached),
    };
  }

  timed(): TimedAttainment {
    const mid = median(this.elapsed);
    return { ...this.attainment(), medianMinutes: mid === null ? null : round(mid / MINUTE, 1) };
  }
}

interface MemberTally {
  tickets: number;
  resolved: number;
  csatSum: number;
  csatResponses: number;
  firstResponse: AttainmentTally;
}

class MemberTallies {
  private readonly tallies = new Map<string, MemberTally>();

  of(id: string): MemberTally {
    let tally = this.tallies.get(id);
    if (!tally) {
      tally = { tickets: 0, resolved: 0, csatSum: 0, csatResponses: 0, firstResponse: new AttainmentTally() };
      this.tallies.set(id, tally);
    }
    return tally;
  }

  /** Counts a ticket the member holds now. */
  hold(id: string, ticket: ReportTicket, now: Date): void {
    const tally = this.of(id);
    tally.tickets += 1;
    if (isResolved(ticket)) tally.resolved += 1;
    tally.firstResponse.add(ticket.sla.clocks.firstResponse, now);
  }

  rate(id: string, score: number): void {
    const tally = this.of(id);
    tally.csatResponses += 1;
    tally.csatSum += score;
  }

  /** Most tickets first, then by id. */
  figures(): MemberFigures[] {
    return [...this.tallies.entries()]
      .map(([id, tally]) => ({
        id,
        tickets: tally.tickets,
        resolved: tally.resolved,
        csatResponses: tally.csatResponses,
        csatAverage: tally.csatResponses === 0 ? null : round(tally.csatSum / tally.csatResponses, 2),
        firstResponse: tally.firstResponse.attainment(),
      }))
      .sort((a, b) => b.tickets - a.tickets || a.id.localeCompare(b.id));
  }
}

/**
 * The summary of a set of tickets (those created in the report's period) as they stand at `now`.
 * Pure: the same tickets and `now` give the same summary.
 */
export function summarize(tickets: readonly ReportTicket[], now: Date): Summary {
  const byType = zeroByType();
  const backlogByType = zeroByType();
  const byStatus = new Map<string, number>();
  const firstResponse = new AttainmentTally();
  const resolution = new AttainmentTally();
  const complaintReasons = new Map<Reason, number>();
  const agents = new MemberTallies();
  const teams = new MemberTallies();
  let csatResponses = 0;
  let csatSum = 0;
  let satisfied = 0;
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  let backlog = 0;

  for (const ticket of tickets) {
    byType[ticket.type] += 1;
    byStatus.set(ticket.status, (byStatus.get(ticket.status) ?? 0) + 1);
    firstResponse.add(ticket.sla.clocks.firstResponse, now);
    resolution.add(ticket.sla.clocks.resolution, now);
    if (!doneStatuses.includes(ticket.status)) {
      backlog += 1;
      backlogByType[ticket.type] += 1;
    }
    if (ticket.type === 'complaint') {
      complaintReasons.set(ticket.reason, (complaintReasons.get(ticket.reason) ?? 0) + 1);
    }
    if (ticket.assigneeId) agents.hold(ticket.assigneeId, ticket, now);
    teams.hold(ticket.team, ticket, now);
    const rating = ticket.satisfaction;
    if (rating) {
      csatResponses += 1;
      csatSum += rating.score;
      if (rating.score >= 4) satisfied += 1;
      if (rating.nps !== null && rating.nps !== undefined) {
        if (rating.nps >= 9) promoters += 1;
        else if (rating.nps >= 7) passives += 1;
        else detractors += 1;
      }
      if (rating.assigneeId) agents.rate(rating.assigneeId, rating.score);
      teams.rate(ticket.team, rating.score);
    }
  }

  const npsResponses = promoters + passives + detractors;
  return {
    tickets: tickets.length,
    byType,
    byStatus: Object.fromEntries([...byStatus.entries()].sort(([a], [b]) => a.localeCompare(b))),
    firstResponse: firstResponse.timed(),
    resolution: resolution.timed(),
    csat: {
      responses: csatResponses,
      average: csatResponses === 0 ? null : round(csatSum / csatResponses, 2),
      satisfiedPercent: percent(satisfied, csatResponses),
    },
    nps: {
      responses: npsResponses,
      promoters,
      passives,
      detractors,
      score: npsResponses === 0 ? null : round(((promoters - detractors) / npsResponses) * 100, 1),
    },
    backlog: { total: backlog, byType: backlogByType },
    topComplaintReasons: [...complaintReasons.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
      .slice(0, TOP_COMPLAINT_REASONS),
    agents: agents.figures().map(({ id, ...figures }) => ({ assigneeId: id, ...figures })),
    teams: teams.figures().map(({ id, ...figures }) => ({ team: id, ...figures })),
  };
}
