import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AggregateDay,
  type AggregateRow,
  type AggregateTicket,
  changeIdOf,
  contributionsOf,
  counterNames,
  standingOf,
  summaryFromAggregates,
  type TicketChange,
} from '../../../functions/reports/domain/aggregates.js';
import { RELATIVE_ERROR } from '../../../functions/reports/domain/histogram.js';
import { median, type Summary, summarize } from '../../../functions/reports/domain/summary.js';
import { wholeDays } from '../../../functions/reports/domain/whole-days.js';
import { startSla } from '../../../functions/sla/domain/clocks.js';
import { seededPolicies } from '../../../functions/sla/domain/policy.js';
import { MINUTE } from '../../fixtures/builders.js';
import { plansArb, play, START } from './histories.js';

const DAY = 24 * 60 * MINUTE;

/** What a store holds after applying each change once, in the given order: totals by day and key. */
function fold(changes: readonly TicketChange[]): AggregateDay[] {
  const byDay = new Map<string, Map<string, Record<string, number>>>();
  const keys = new Map<string, AggregateRow['key']>();
  for (const change of changes) {
    for (const row of contributionsOf(change)) {
      const id = JSON.stringify(row.key);
      keys.set(id, row.key);
      const day = byDay.get(row.key.day) ?? new Map<string, Record<string, number>>();
      byDay.set(row.key.day, day);
      const counters = day.get(id) ?? {};
      day.set(id, counters);
      for (const [name, value] of Object.entries(row.counters))
        counters[name] = (counters[name] ?? 0) + value;
    }
  }
  return [...byDay.entries()].map(([day, rows]) => ({
    day,
    rows: [...rows.entries()].map(([id, counters]) => ({
      key: keys.get(id) as AggregateRow['key'],
      counters,
    })),
  }));
}

/** A deterministic shuffle: the order changes reach the store in does not matter. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const withoutMedians = (summary: Summary) => ({
  ...summary,
  firstResponse: { ...summary.firstResponse, medianMinutes: 'compared apart' },
  resolution: { ...summary.resolution, medianMinutes: 'compared apart' },
});

/** The exact median of the completed clocks, in minutes, unrounded. */
function exactMedianMinutes(tickets: readonly AggregateTicket[], metric: 'firstResponse' | 'resolution') {
  const elapsed = tickets
    .map((ticket) => ticket.sla.clocks[metric])
    .filter((clock) => !!clock?.completedAt)
    .map((clock) => clock?.elapsedMs as number);
  const mid = median(elapsed);
  return mid === null ? null : mid / MINUTE;
}

/** Within the histogram's error, plus the half tenth of a minute the report rounds to. */
function expectMedianClose(actual: number | null, exact: number | null) {
  if (exact === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - exact)).toBeLessThanOrEqual(RELATIVE_ERROR * exact + 0.05 + 1e-9);
}

function aTicket(overrides: Partial<AggregateTicket> = {}): AggregateTicket {
  const openedAt = new Date('2026-11-03T22:30:00.000Z');
  return {
    id: 't-1',
    type: 'refund',
    status: 'requested',
    reason: 'defective',
    sla: startSla(seededPolicies[2] as (typeof seededPolicies)[number], openedAt),
    assigneeId: null,
    createdAt: openedAt.toISOString(),
    resolvedAt: null,
    satisfaction: null,
    team: 'support',
    version: 1,
    ...overrides,
  };
}

describe('contributionsOf', () => {
  it('adds a new ticket to the desk row of its creation day and to its team, and to no agent while unassigned', () => {
    const ticket = aTicket();

    expect(contributionsOf({ before: null, after: ticket })).toEqual([
      {
        key: { day: '2026-11-03', scope: 'desk', id: '' },
        counters: { 't:refund': 1, 's:requested': 1, 'b:refund': 1 },
      },
      { key: { day: '2026-11-03', scope: 'team', id: 'support' }, counters: { tickets: 1 } },
    ]);
  });

  it('counts the reason of a complaint only', () => {
    const complaint = aTicket({ type: 'complaint', reason: 'service' });

    const [desk] = contributionsOf({ before: null, after: complaint });

    expect(desk?.counters).toEqual({ 't:complaint': 1, 's:requested': 1, 'b:complaint': 1, 'r:service': 1 });
  });

  it('adds nothing for a change that no report figure reads', () => {
    const before = aTicket();

    expect(contributionsOf({ before, after: { ...before, version: 2 } })).toEqual([]);
  });

  it('moves a ticket between statuses and out of the backlog', () => {
    const before = aTicket();
    const after = { ...before, status: 'cancelled' as const, version: 2 };

    expect(contributionsOf({ before, after })).toEqual([
      {
        key: { day: '2026-11-03', scope: 'desk', id: '' },
        counters: { 's:requested': -1, 's:cancelled': 1, 'b:refund': -1 },
      },
    ]);
  });

  it('moves the held counters from the old assignee to the new one on reassignment, leaving desk and team alone', () => {
    const before = aTicket({ assigneeId: 'agent-1' });
    const after = { ...before, assigneeId: 'agent-2', version: 2 };

    const rows = contributionsOf({ before, after });

    expect(rows).toEqual([
      { key: { day: '2026-11-03', scope: 'agent', id: 'agent-1' }, counters: { tickets: -1 } },
      { key: { day: '2026-11-03', scope: 'agent', id: 'agent-2' }, counters: { tickets: 1 } },
    ]);
  });

  it('moves a ticket between teams', () => {
    const before = aTicket({ resolvedAt: '2026-11-04T00:00:00.000Z', status: 'resolved' });
    const after = { ...before, team: 'complaints', version: 2 };

    expect(contributionsOf({ before, after })).toEqual([
      { key: { day: '2026-11-03', scope: 'team', id: 'complaints' }, counters: { tickets: 1, resolved: 1 } },
      { key: { day: '2026-11-03', scope: 'team', id: 'support' }, counters: { tickets: -1, resolved: -1 } },
    ]);
  });

  it('counts a rating for whoever held the ticket when it was rated, and for its team', () => {
    const before = aTicket({ assigneeId: 'agent-2' });
    const satisfaction = {
      score: 4,
      nps: 6,
      comment: null,
      ratedAt: '2026-11-05T00:00:00.000Z',
      assigneeId: 'agent-1',
      via: 'survey' as const,
    };

    const rows = contributionsOf({ before, after: { ...before, satisfaction, version: 2 } });

    const rated = { [counterNames.ratedResponses]: 1, [counterNames.ratedSum]: 4 };
    expect(rows).toEqual([
      { key: { day: '2026-11-03', scope: 'agent', id: 'agent-1' }, counters: rated },
      {
        key: { day: '2026-11-03', scope: 'desk', id: '' },
        counters: { 'csat:n': 1, 'csat:sum': 4, 'csat:ok': 1, 'nps:det': 1 },
      },
      { key: { day: '2026-11-03', scope: 'team', id: 'support' }, counters: rated },
    ]);
  });

  it('takes a deleted ticket out again', () => {
    const ticket = aTicket({ assigneeId: 'agent-1' });

    const rows = contributionsOf({ before: ticket, after: null });

    const negated = standingOf(ticket).map((row) => ({ key: row.key, counters: negate(row.counters) }));
    expect(rows).toHaveLength(negated.length);
    expect(rows).toEqual(expect.arrayContaining(negated));
  });

  it('counts a running clock past its deadline once the sweeper has marked it, not before', () => {
    const ticket = aTicket();
    const dueAt = ticket.sla.clocks.firstResponse?.dueAt as string;
    const later = new Date(Date.parse(dueAt) + 30_000);
    const period = wholeDays({
      from: new Date('2026-11-03T00:00:00Z'),
      to: new Date('2026-11-04T00:00:00Z'),
    });
    const days = fold([{ before: null, after: ticket }]);

    expect(summarize([ticket], later).firstResponse.breached).toBe(1);
    expect(summaryFromAggregates(days, period).firstResponse.breached).toBe(0);

    const clock = ticket.sla.clocks.firstResponse;
    const swept = {
      ...ticket,
      version: 2,
      sla: {
        ...ticket.sla,
        clocks: { ...ticket.sla.clocks, firstResponse: clock && { ...clock, breachedAt: dueAt } },
      },
    };
    const after = fold([
      { before: null, after: ticket },
      { before: ticket, after: swept },
    ]);
    expect(summaryFromAggregates(after, period).firstResponse).toEqual(
      summarize([swept], later).firstResponse,
    );
  });
});

function negate(counters: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counters).map(([name, value]) => [name, -value]));
}

describe('changeIdOf', () => {
  it('names a change by its ticket and the version it wrote or deleted', () => {
    const ticket = aTicket({ version: 7 });

    expect(changeIdOf({ before: null, after: ticket })).toBe('t-1#v7');
    expect(changeIdOf({ before: ticket, after: null })).toBe('t-1#deleted-v7');
  });
});

describe('summaryFromAggregates', () => {
  it('answers an empty period as summarize() does', () => {
    const period = wholeDays({ from: START, to: new Date(START.getTime() + DAY) });

    expect(summaryFromAggregates([], period)).toEqual(summarize([], START));
  });

  it('counts only the days of the period', () => {
    const inside = aTicket({ id: 'in', createdAt: '2026-11-03T10:00:00.000Z' });
    const outside = aTicket({ id: 'out', createdAt: '2026-11-04T00:00:00.000Z' });
    const days = fold([
      { before: null, after: inside },
      { before: null, after: outside },
    ]);
    const period = wholeDays({
      from: new Date('2026-11-03T05:00:00Z'),
      to: new Date('2026-11-03T23:00:00Z'),
    });

    expect(summaryFromAggregates(days, period).tickets).toBe(1);
  });
});

describe('summaryFromAggregates (property: the aggregate path equals summarize())', () => {
  it('gives the same counts and attainment exactly, per agent and per team, and medians within the histogram error', () => {
    fc.assert(
      fc.property(
        plansArb,
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.integer({ min: -DAY, max: 8 * DAY }),
        fc.integer({ min: 1, max: 9 * DAY }),
        fc.integer(),
        (plans, nowGap, fromOffset, length, seed) => {
          const history = play(plans, nowGap);
          const period = wholeDays({
            from: new Date(START.getTime() + fromOffset),
            to: new Date(START.getTime() + fromOffset + length),
          });
          const inPeriod = history.tickets.filter(
            (t) =>
              Date.parse(t.createdAt) >= period.from.getTime() &&
              Date.parse(t.createdAt) < period.to.getTime(),
          );
          const expected = summarize(inPeriod, history.now);

          const actual = summaryFromAggregates(fold(shuffled(history.changes, seed)), period);

          expect(withoutMedians(actual)).toEqual(withoutMedians(expected));
          // Per team as per agent: the same measures, from the team rows alone.
          expect(actual.teams).toEqual(expected.teams);
          expect(actual.teams.reduce((sum, team) => sum + team.tickets, 0)).toBe(inPeriod.length);
          expectMedianClose(
            actual.firstResponse.medianMinutes,
            exactMedianMinutes(inPeriod, 'firstResponse'),
          );
          expectMedianClose(actual.resolution.medianMinutes, exactMedianMinutes(inPeriod, 'resolution'));
        },
      ),
      { numRuns: 150 },
    );
    // 150 random histories take a few seconds; more on a loaded machine.
  }, 30_000);
});
