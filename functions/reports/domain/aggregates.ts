import { type Reason, type TicketType, ticketTypes } from '../../kernel/ticket-kinds.js';
import { observedState, type SlaClock } from '../../sla/domain/clocks.js';
import type { Ticket } from '../../tickets/domain/ticket.js';
import { type Bucket, bucketOf, medianOf } from './histogram.js';
import {
  type AgentFigures,
  type Attainment,
  doneStatuses,
  isResolved,
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
 * Report aggregates: counters per UTC creation day × ticket type × team × agent, kept up to date
 * from every committed ticket change, from which `summaryFromAggregates` gives the summary that
 * `summarize()` gives from the tickets themselves — reading days, not tickets.
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

/**
 * Where counters live. `agent` is the current assignee for every counter but `rated:*`, which
 * counts under the agent who held the ticket when it was rated (as `summarize()` does).
 * Histogram buckets are read only in total (per agent, a report shows no median), so a store may
 * keep them per day, type and team alone.
 */
export interface AggregateKey {
  readonly day: string;
  readonly type: TicketType;
  readonly team: string;
  readonly agent: string | null;
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

const STATUS = 's:';
const REASON = 'r:';
const BUCKET = ':h:';

/** Counter names. Every name but the three totals carries a `:`; histogram buckets `<fr|rs>:h:<bucket>`. */
export const counterNames = {
  tickets: 'tickets',
  backlog: 'backlog',
  resolved: 'resolved',
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

const keyString = (key: AggregateKey) => JSON.stringify([key.day, key.type, key.team, key.agent]);

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

function addClock(counters: Record<string, number>, metric: ClockMetric, clock: SlaClock | undefined) {
  if (!clock) return;
  const state = recordedState(clock);
  if (state === 'met' || state === 'breached') {
    const name = state === 'met' ? counterNames.met(metric) : counterNames.breached(metric);
    counters[name] = 1;
  }
  if (clock.completedAt) {
    counters[counterNames.completed(metric)] = 1;
    counters[counterNames.elapsedMs(metric)] = clock.elapsedMs;
    counters[counterNames.bucket(metric, bucketOf(clock.elapsedMs))] = 1;
  }
}

/** The counters a ticket adds as it stands: one row under its assignee, one under its rater. */
export function standingOf(ticket: AggregateTicket): AggregateRow[] {
  const day = dayOf(ticket.createdAt);
  const own: Record<string, number> = {
    [counterNames.tickets]: 1,
    [counterNames.status(ticket.status)]: 1,
    [counterNames.reason(ticket.reason)]: 1,
  };
  if (!doneStatuses.includes(ticket.status)) own[counterNames.backlog] = 1;
  if (isResolved(ticket)) own[counterNames.resolved] = 1;
  addClock(own, 'firstResponse', ticket.sla.clocks.firstResponse);
  addClock(own, 'resolution', ticket.sla.clocks.resolution);
  const rating = ticket.satisfaction;
  if (rating) {
    own[counterNames.csatResponses] = 1;
    own[counterNames.csatSum] = rating.score;
    if (rating.score >= 4) own[counterNames.csatSatisfied] = 1;
    if (rating.nps !== null && rating.nps !== undefined) {
      const group =
        rating.nps >= 9
          ? counterNames.promoters
          : rating.nps >= 7
            ? counterNames.passives
            : counterNames.detractors;
      own[group] = 1;
    }
  }
  const rows: AggregateRow[] = [
    { key: { day, type: ticket.type, team: ticket.team, agent: ticket.assigneeId }, counters: own },
  ];
  if (rating?.assigneeId) {
    rows.push({
      key: { day, type: ticket.type, team: ticket.team, agent: rating.assigneeId },
      counters: { [counterNames.ratedResponses]: 1, [counterNames.ratedSum]: rating.score },
    });
  }
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

interface AgentTotals {
  tickets: number;
  resolved: number;
  ratedResponses: number;
  ratedSum: number;
  firstResponse: { met: number; breached: number };
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
  const agents = new Map<string, AgentTotals>();
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
      const count = (name: string) => counters[name] ?? 0;
      byType[key.type] += count(counterNames.tickets);
      backlogByType[key.type] += count(counterNames.backlog);
      addPrefixed(statuses, counters, STATUS);
      if (key.type === 'complaint') addPrefixed(complaintReasons, counters, REASON);
      firstResponse.add(counters);
      resolution.add(counters);
      totals.csatResponses += count(counterNames.csatResponses);
      totals.csatSum += count(counterNames.csatSum);
      totals.satisfied += count(counterNames.csatSatisfied);
      totals.promoters += count(counterNames.promoters);
      totals.passives += count(counterNames.passives);
      totals.detractors += count(counterNames.detractors);
      if (key.agent !== null) {
        let agent = agents.get(key.agent);
        if (!agent) {
          agent = {
            tickets: 0,
            resolved: 0,
            ratedResponses: 0,
            ratedSum: 0,
            firstResponse: { met: 0, breached: 0 },
          };
          agents.set(key.agent, agent);
        }
        agent.tickets += count(counterNames.tickets);
        agent.resolved += count(counterNames.resolved);
        agent.ratedResponses += count(counterNames.ratedResponses);
        agent.ratedSum += count(counterNames.ratedSum);
        agent.firstResponse.met += count(counterNames.met('firstResponse'));
        agent.firstResponse.breached += count(counterNames.breached('firstResponse'));
      }
    }
  }

  const tickets = Object.values(byType).reduce((sum, n) => sum + n, 0);
  const npsResponses = totals.promoters + totals.passives + totals.detractors;
  const agentFigures: AgentFigures[] = [...agents.entries()]
    // summarize() lists an agent who holds a ticket of the period or was rated on one.
    .filter(([, agent]) => agent.tickets > 0 || agent.ratedResponses > 0)
    .map(([assigneeId, agent]) => ({
      assigneeId,
      tickets: agent.tickets,
      resolved: agent.resolved,
      csatResponses: agent.ratedResponses,
      csatAverage: agent.ratedResponses === 0 ? null : round(agent.ratedSum / agent.ratedResponses, 2),
      firstResponse: {
        ...agent.firstResponse,
        percentMet: percent(agent.firstResponse.met, agent.firstResponse.met + agent.firstResponse.breached),
      },
    }))
    .sort((a, b) => b.tickets - a.tickets || a.assigneeId.localeCompare(b.assigneeId));

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
    agents: agentFigures,
  };
}
