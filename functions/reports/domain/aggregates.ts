import { type Reason, type TicketType, ticketTypes } from '../../kernel/ticket-kinds.js';
import { observedState, type SlaClock } from '../../sla/domain/clocks.js';
import type { Ticket } from '../../tickets/domain/ticket.js';
import { type Bucket, bucketOf, medianOf } from './histogram.js';
import {
  type Attainment,
  doneStatuses,
  isResolved,
  type MemberFigures,
  MINUTE,
  percent,
  type ReportTicket,
  round,
  type Summary,
  type TimedAttainment,
  TOP_COMPLAINT_REASONS,
} from './summary.js';
import { type DayPeriod, dayOf } from './whole-days.js';

/**
 * Report aggregates: per UTC creation day, the counters a report reads, kept by what it shows
 * rather than by every combination: one `desk` row (counts by type, status and complaint reason,
 * the backlog, SLA attainment and duration histograms, CSAT and NPS), one row per agent and one
 * per team (the per-agent and per-team figures). They are kept up to date from every committed
 * ticket change, and `summaryFromAggregates` gives from them the summary that `summarize()` gives
 * from the tickets themselves — reading days, not tickets: a day holds at most one row per agent
 * and team of the desk however many tickets it had, so a report's cost does not grow with them.
 *
 * A ticket as it stands contributes fixed counters (its `standing`); a change contributes the
 * standing after it minus the standing before it. Summed over a ticket's changes in any order,
 * the differences telescope to its current standing, so the counters of a day are exactly the
 * standings of the tickets created that day, as long as every change is counted once (the
 * store's job: see AggregateWriter).
 */

/** What the aggregates read of a ticket: what a report reads, plus its team and version. */
export type AggregateTicket = ReportTicket & Pick<Ticket, 'team' | 'version'>;

/**
 * One committed change of a ticket: the ticket item's images before and after it, as the table's
 * stream record carries them (NEW_AND_OLD_IMAGES). `before` is null when the ticket was
 * created, `after` when it was deleted.
 */
export interface TicketChange {
  readonly before: AggregateTicket | null;
  readonly after: AggregateTicket | null;
}

/** Whose figures a row holds: the whole desk's, one agent's or one team's. */
export type AggregateScope = 'desk' | 'agent' | 'team';

/**
 * Where counters live: a day and a scope, with the agent's or team's id (`''` for the desk).
 * An agent row counts the tickets the agent holds now, and the ratings given while they held a
 * ticket (`Satisfaction.assigneeId`, as `summarize()` does); a team row counts the tickets in
 * the team now, ratings included.
 */
export interface AggregateKey {
  readonly day: string;
  readonly scope: AggregateScope;
  readonly id: string;
}

export type Counters = Readonly<Record<string, number>>;

/** Counters under one key: one change's increments (none zero), or totals as stored (a counter may be back at zero). */
export interface AggregateRow {
  readonly key: AggregateKey;
  readonly counters: Counters;
}

/** The rows of one UTC day, as a reader returns them. */
export interface AggregateDay {
  readonly day: string;
  readonly rows: readonly AggregateRow[];
}

/** The two SLA metrics a report shows, under short prefixes (attribute names cost bytes). */
const clockPrefixes = { firstResponse: 'fr', resolution: 'rs' } as const;
type ClockMetric = keyof typeof clockPrefixes;

const TYPE_TICKETS = 't:';
const TYPE_BACKLOG = 'b:';
const STATUS = 's:';
const REASON = 'r:';
const BUCKET = ':h:';

/**
 * Counter names. The desk row: tickets and backlog by type, statuses, complaint reasons, clocks
 * (met, breached, completed, their business milliseconds and histogram buckets
 * `<fr|rs>:h:<bucket>`), CSAT and NPS. Agent and team rows: `tickets`, `resolved`, the
 * first-response outcomes and the ratings (`rated:*`).
 */
export const counterNames = {
  tickets: 'tickets',
  resolved: 'resolved',
  typeTickets: (type: TicketType) => `${TYPE_TICKETS}${type}`,
  typeBacklog: (type: TicketType) => `${TYPE_BACKLOG}${type}`,
  status: (status: string) => `${STATUS}${status}`,
  reason: (reason: Reason) => `${REASON}${reason}`,
  met: (metric: ClockMetric) => `${clockPrefixes[metric]}:met`,
  breached: (metric: ClockMetric) => `${clockPrefixes[metric]}:breached`,
  /** Completed clocks, and the sum of their business milliseconds. */
  completed: (metric: ClockMetric) => `${clockPrefixes[metric]}:n`,
  elapsedMs: (metric: ClockMetric) => `${clockPrefixes[metric]}:ms`,
  bucket: (metric: ClockMetric, bucket: Bucket) => `${clockPrefixes[metric]}${BUCKET}${bucket}`,
  csatResponses: 'csat:n',
  csatSum: 'csat:sum',
  csatSatisfied: 'csat:ok',
  promoters: 'nps:pro',
  passives: 'nps:pas',
  detractors: 'nps:det',
  ratedResponses: 'rated:n',
  ratedSum: 'rated:sum',
} as const;

const bucketName = /^([a-z]+):h:(z|-?\d+)$/;

/** A histogram bucket's counter (`fr:h:412`): which histogram (`fr`, `rs`) and which bucket. */
export function bucketCounterOf(name: string): { histogram: string; bucket: Bucket } | undefined {
  const match = bucketName.exec(name);
  if (!match) return undefined;
  return { histogram: match[1] as string, bucket: match[2] === 'z' ? 'z' : Number(match[2]) };
}

const keyString = (key: AggregateKey) => JSON.stringify([key.day, key.scope, key.id]);

/** Sums rows by key, dropping counters that come to zero and rows left with none. */
function merged(rows: Iterable<AggregateRow>, sign = 1, into = new Map<string, AggregateRow>()) {
  for (const row of rows) {
    const id = keyString(row.key);
    const counters: Record<string, number> = { ...into.get(id)?.counters };
    for (const [name, value] of Object.entries(row.counters)) {
      const sum = (counters[name] ?? 0) + sign * value;
      if (sum === 0) delete counters[name];
      else counters[name] = sum;
    }
    if (Object.keys(counters).length === 0) into.delete(id);
    else into.set(id, { key: row.key, counters });
  }
  return into;
}

/**
 * A clock's outcome as the ticket records it: `observedState` read at the clock's own deadline,
 * before any reader's clock can call a running clock late. It differs from what `summarize()`
 * sees at `now` only for a running clock past its deadline that the SLA sweeper has not marked
 * breached yet (it does within a minute of the deadline, by a change of the ticket).
 */
function recordedState(clock: SlaClock) {
  return observedState(clock, new Date(clock.dueAt));
}

/** The clock's outcome counters (met or breached), if it has one. */
function addOutcome(counters: Record<string, number>, metric: ClockMetric, clock: SlaClock | undefined) {
  if (!clock) return;
  const state = recordedState(clock);
  if (state === 'met') counters[counterNames.met(metric)] = 1;
  else if (state === 'breached') counters[counterNames.breached(metric)] = 1;
}

function addClock(counters: Record<string, number>, metric: ClockMetric, clock: SlaClock | undefined) {
  if (!clock) return;
  addOutcome(counters, metric, clock);
  if (clock.completedAt) {
    counters[counterNames.completed(metric)] = 1;
    counters[counterNames.elapsedMs(metric)] = clock.elapsedMs;
    counters[counterNames.bucket(metric, bucketOf(clock.elapsedMs))] = 1;
  }
}

/**
 * The counters a ticket adds as it stands: the desk row of its creation day, its assignee's row,
 * its rater's row (who held it when it was rated) and its team's row.
 */
export function standingOf(ticket: AggregateTicket): AggregateRow[] {
  const day = dayOf(ticket.createdAt);
  const desk: Record<string, number> = {
    [counterNames.typeTickets(ticket.type)]: 1,
    [counterNames.status(ticket.status)]: 1,
  };
  if (ticket.type === 'complaint') desk[counterNames.reason(ticket.reason)] = 1;
  if (!doneStatuses.includes(ticket.status)) desk[counterNames.typeBacklog(ticket.type)] = 1;
  addClock(desk, 'firstResponse', ticket.sla.clocks.firstResponse);
  addClock(desk, 'resolution', ticket.sla.clocks.resolution);

  const held: Record<string, number> = { [counterNames.tickets]: 1 };
  if (isResolved(ticket)) held[counterNames.resolved] = 1;
  addOutcome(held, 'firstResponse', ticket.sla.clocks.firstResponse);

  const rating = ticket.satisfaction;
  const rated: Record<string, number> = {};
  if (rating) {
    desk[counterNames.csatResponses] = 1;
    desk[counterNames.csatSum] = rating.score;
    if (rating.score >= 4) desk[counterNames.csatSatisfied] = 1;
    if (rating.nps !== null && rating.nps !== undefined) {
      const group =
        rating.nps >= 9
          ? counterNames.promoters
          : rating.nps >= 7
            ? counterNames.passives
            : counterNames.detractors;
      desk[group] = 1;
    }
    rated[counterNames.ratedResponses] = 1;
    rated[counterNames.ratedSum] = rating.score;
  }

  const rows: AggregateRow[] = [
    { key: { day, scope: 'desk', id: '' }, counters: desk },
    { key: { day, scope: 'team', id: ticket.team }, counters: { ...held, ...rated } },
  ];
  if (ticket.assigneeId) rows.push({ key: { day, scope: 'agent', id: ticket.assigneeId }, counters: held });
  if (rating?.assigneeId) rows.push({ key: { day, scope: 'agent', id: rating.assigneeId }, counters: rated });
  return [...merged(rows).values()];
}

/**
 * The increments one change adds: its standing after minus its standing before, by key, without
 * zero counters. Most changes (a message, a note, a priority) add nothing and need no write.
 */
export function contributionsOf(change: TicketChange): AggregateRow[] {
  const sums = merged(change.after ? standingOf(change.after) : []);
  merged(change.before ? standingOf(change.before) : [], -1, sums);
  return [...sums.values()].sort((a, b) => keyString(a.key).localeCompare(keyString(b.key)));
}

/**
 * The change's identity for counting it once: the ticket and the version it wrote (every ticket
 * write bumps `version`, conditioned on the one before), or the version it deleted.
 */
export function changeIdOf(change: TicketChange): string {
  if (change.after) return `${change.after.id}#v${change.after.version}`;
  if (change.before) return `${change.before.id}#deleted-v${change.before.version}`;
  throw new Error('A ticket change has an image before or after it.');
}

// Reading --------------------------------------------------------------------------------------

class ClockTotals {
  met = 0;
  breached = 0;
  readonly histogram = new Map<Bucket, number>();

  constructor(private readonly metric: ClockMetric) {}

  add(counters: Counters): void {
    this.met += counters[counterNames.met(this.metric)] ?? 0;
    this.breached += counters[counterNames.breached(this.metric)] ?? 0;
    for (const [name, count] of Object.entries(counters)) {
      const bucket = bucketCounterOf(name);
      if (bucket?.histogram !== clockPrefixes[this.metric]) continue;
      this.histogram.set(bucket.bucket, (this.histogram.get(bucket.bucket) ?? 0) + count);
    }
  }

  attainment(): Attainment {
    return {
      met: this.met,
      breached: this.breached,
      percentMet: percent(this.met, this.met + this.breached),
    };
  }

  timed(): TimedAttainment {
    const mid = medianOf(this.histogram);
    return { ...this.attainment(), medianMinutes: mid === null ? null : round(mid / MINUTE, 1) };
  }
}

/** The counters of an agent's or a team's rows, summed over the days. */
interface MemberTotals {
  tickets: number;
  resolved: number;
  ratedResponses: number;
  ratedSum: number;
  met: number;
  breached: number;
}

function byTypeZero(): Record<TicketType, number> {
  return Object.fromEntries(ticketTypes.map((type) => [type, 0])) as Record<TicketType, number>;
}

/** The counters under a name prefix, by the rest of the name, summed. */
function addPrefixed(into: Map<string, number>, counters: Counters, prefix: string): void {
  for (const [name, count] of Object.entries(counters)) {
    if (name.startsWith(prefix)) {
      const rest = name.slice(prefix.length);
      into.set(rest, (into.get(rest) ?? 0) + count);
    }
  }
}

function addMember(into: Map<string, MemberTotals>, id: string, counters: Counters): void {
  let member = into.get(id);
  if (!member) {
    member = { tickets: 0, resolved: 0, ratedResponses: 0, ratedSum: 0, met: 0, breached: 0 };
    into.set(id, member);
  }
  const count = (name: string) => counters[name] ?? 0;
  member.tickets += count(counterNames.tickets);
  member.resolved += count(counterNames.resolved);
  member.ratedResponses += count(counterNames.ratedResponses);
  member.ratedSum += count(counterNames.ratedSum);
  member.met += count(counterNames.met('firstResponse'));
  member.breached += count(counterNames.breached('firstResponse'));
}

/**
 * An agent's or a team's figures, listed as `summarize()` lists them: when they hold a ticket of
 * the period or were rated on one; most tickets first.
 */
function memberFigures(members: ReadonlyMap<string, MemberTotals>): MemberFigures[] {
  return [...members.entries()]
    .filter(([, member]) => member.tickets > 0 || member.ratedResponses > 0)
    .map(([id, member]) => ({
      id,
      tickets: member.tickets,
      resolved: member.resolved,
      csatResponses: member.ratedResponses,
      csatAverage: member.ratedResponses === 0 ? null : round(member.ratedSum / member.ratedResponses, 2),
      firstResponse: {
        met: member.met,
        breached: member.breached,
        percentMet: percent(member.met, member.met + member.breached),
      },
    }))
    .sort((a, b) => b.tickets - a.tickets || a.id.localeCompare(b.id));
}

/**
 * The summary of the tickets created in a whole-day period, from the aggregates of its days:
 * the same shape and figures as `summarize()` over those tickets, with counts and attainment
 * exactly equal and medians within the histogram's RELATIVE_ERROR (before rounding to a tenth
 * of a minute). Rows of days outside the period are not counted.
 */
export function summaryFromAggregates(days: readonly AggregateDay[], period: DayPeriod): Summary {
  const inPeriod = new Set(period.days);
  const byType = byTypeZero();
  const backlogByType = byTypeZero();
  const statuses = new Map<string, number>();
  const complaintReasons = new Map<string, number>();
  const firstResponse = new ClockTotals('firstResponse');
  const resolution = new ClockTotals('resolution');
  const agents = new Map<string, MemberTotals>();
  const teams = new Map<string, MemberTotals>();
  const totals = {
    csatResponses: 0,
    csatSum: 0,
    satisfied: 0,
    promoters: 0,
    passives: 0,
    detractors: 0,
  };

  for (const { day, rows } of days) {
    if (!inPeriod.has(day)) continue;
    for (const { key, counters } of rows) {
      if (key.day !== day) continue;
      if (key.scope === 'agent') {
        addMember(agents, key.id, counters);
        continue;
      }
      if (key.scope === 'team') {
        addMember(teams, key.id, counters);
        continue;
      }
      const count = (name: string) => counters[name] ?? 0;
      for (const type of ticketTypes) {
        byType[type] += count(counterNames.typeTickets(type));
        backlogByType[type] += count(counterNames.typeBacklog(type));
      }
      addPrefixed(statuses, counters, STATUS);
      addPrefixed(complaintReasons, counters, REASON);
      firstResponse.add(counters);
      resolution.add(counters);
      totals.csatResponses += count(counterNames.csatResponses);
      totals.csatSum += count(counterNames.csatSum);
      totals.satisfied += count(counterNames.csatSatisfied);
      totals.promoters += count(counterNames.promoters);
      totals.passives += count(counterNames.passives);
      totals.detractors += count(counterNames.detractors);
    }
  }

  const tickets = Object.values(byType).reduce((sum, n) => sum + n, 0);
  const npsResponses = totals.promoters + totals.passives + totals.detractors;

  return {
    tickets,
    byType,
    byStatus: Object.fromEntries(
      [...statuses.entries()].filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b)),
    ),
    firstResponse: firstResponse.timed(),
    resolution: resolution.timed(),
    csat: {
      responses: totals.csatResponses,
      average: totals.csatResponses === 0 ? null : round(totals.csatSum / totals.csatResponses, 2),
      satisfiedPercent: percent(totals.satisfied, totals.csatResponses),
    },
    nps: {
      responses: npsResponses,
      promoters: totals.promoters,
      passives: totals.passives,
      detractors: totals.detractors,
      score:
        npsResponses === 0 ? null : round(((totals.promoters - totals.detractors) / npsResponses) * 100, 1),
    },
    backlog: { total: Object.values(backlogByType).reduce((sum, n) => sum + n, 0), byType: backlogByType },
    topComplaintReasons: [...complaintReasons.entries()]
      .filter(([, count]) => count !== 0)
      .map(([reason, count]) => ({ reason: reason as Reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
      .slice(0, TOP_COMPLAINT_REASONS),
    agents: memberFigures(agents).map(({ id, ...figures }) => ({ assigneeId: id, ...figures })),
    teams: memberFigures(teams).map(({ id, ...figures }) => ({ team: id, ...figures })),
  };
}
