import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reasons, ticketTypes } from '../../../functions/kernel/ticket-kinds.js';
import { reportSummarySchema } from '../../../functions/reports/contracts/summary.js';
import {
  isResolved,
  median,
  type ReportTicket,
  summarize,
} from '../../../functions/reports/domain/summary.js';
import type { SlaClock } from '../../../functions/sla/domain/clocks.js';
import { iso, MINUTE, T0 } from '../../fixtures/builders.js';
import {
  aClock,
  aRating,
  lateClock,
  metClock,
  NOW,
  overdueClock,
  pausedClock,
  reportTicket,
} from './support.js';

describe('summarize', () => {
  it('answers an empty period with zeros and nulls, never NaN', () => {
    const summary = summarize([], NOW);

    expect(summary.tickets).toBe(0);
    expect(Object.values(summary.byType).every((n) => n === 0)).toBe(true);
    expect(Object.keys(summary.byType).sort()).toEqual([...ticketTypes].sort());
    expect(summary.byStatus).toEqual({});
    expect(summary.firstResponse).toEqual({ met: 0, breached: 0, percentMet: null, medianMinutes: null });
    expect(summary.resolution).toEqual({ met: 0, breached: 0, percentMet: null, medianMinutes: null });
    expect(summary.csat).toEqual({ responses: 0, average: null, satisfiedPercent: null });
    expect(summary.nps).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0, score: null });
    expect(summary.backlog.total).toBe(0);
    expect(summary.topComplaintReasons).toEqual([]);
    expect(summary.agents).toEqual([]);
    expect(summary.teams).toEqual([]);
  });

  it('counts tickets by type and by status', () => {
    const summary = summarize(
      [
        reportTicket({ type: 'refund', status: 'requested' }),
        reportTicket({ type: 'refund', status: 'refunded' }),
        reportTicket({ type: 'inquiry', status: 'open' }),
        reportTicket({ type: 'complaint', status: 'acknowledged' }),
      ],
      NOW,
    );

    expect(summary.tickets).toBe(4);
    expect(summary.byType).toMatchObject({ refund: 2, inquiry: 1, complaint: 1, return: 0, repair: 0 });
    expect(summary.byStatus).toEqual({ acknowledged: 1, open: 1, refunded: 1, requested: 1 });
  });

  it('counts attainment over clocks with an outcome, with observedState semantics', () => {
    const summary = summarize(
      [
        reportTicket({ clocks: { firstResponse: metClock(10), resolution: metClock(100) } }),
        reportTicket({ clocks: { firstResponse: lateClock(90), resolution: overdueClock() } }),
        // Running before its deadline and paused: no outcome yet.
        reportTicket({ clocks: { firstResponse: aClock(), resolution: pausedClock() } }),
        // Paused after breaching: breached all the same.
        reportTicket({
          clocks: { firstResponse: pausedClock(), resolution: { ...pausedClock(), breachedAt: iso(T0) } },
        }),
        // No clocks at all.
        reportTicket({ clocks: {} }),
      ],
      NOW,
    );

    expect(summary.firstResponse).toMatchObject({ met: 1, breached: 1, percentMet: 50 });
    expect(summary.resolution).toMatchObject({ met: 1, breached: 2, percentMet: 33.3 });
  });

  it('takes median times from completed clocks only, in business minutes', () => {
    const summary = summarize(
      [
        reportTicket({ clocks: { firstResponse: metClock(10), resolution: metClock(100) } }),
        reportTicket({ clocks: { firstResponse: metClock(20), resolution: lateClock(400) } }),
        reportTicket({ clocks: { firstResponse: lateClock(95), resolution: overdueClock() } }),
        reportTicket({ clocks: { firstResponse: { ...pausedClock(), elapsedMs: 5000 * MINUTE } } }),
      ],
      NOW,
    );

    expect(summary.firstResponse.medianMinutes).toBe(20);
    expect(summary.resolution.medianMinutes).toBe(250);
  });

  it('rounds median minutes to one decimal', () => {
    const clock = aClock({ elapsedMs: 90_500, runningSince: null, completedAt: iso(T0) });

    expect(
      summarize([reportTicket({ clocks: { firstResponse: clock } })], NOW).firstResponse.medianMinutes,
    ).toBe(1.5);
  });

  it('averages CSAT and reports the share of 4 and 5 scores', () => {
    const summary = summarize(
      [
        reportTicket({ satisfaction: aRating({ score: 5 }) }),
        reportTicket({ satisfaction: aRating({ score: 4 }) }),
        reportTicket({ satisfaction: aRating({ score: 2 }) }),
        reportTicket(),
      ],
      NOW,
    );

    expect(summary.csat).toEqual({ responses: 3, average: 3.67, satisfiedPercent: 66.7 });
  });

  it('computes NPS as % promoters (9–10) minus % detractors (0–6) over the NPS answers', () => {
    const nps = (value: number | null) => reportTicket({ satisfaction: aRating({ nps: value }) });
    const summary = summarize([nps(10), nps(9), nps(8), nps(7), nps(6), nps(0), nps(null)], NOW);

    expect(summary.nps).toEqual({ responses: 6, promoters: 2, passives: 2, detractors: 2, score: 0 });
    expect(summarize([nps(9), nps(9), nps(9), nps(3)], NOW).nps.score).toBe(50);
    expect(summarize([nps(6)], NOW).nps.score).toBe(-100);
  });

  it('counts the backlog by type: every ticket not resolved, closed or cancelled', () => {
    const summary = summarize(
      [
        reportTicket({ type: 'refund', status: 'requested' }),
        reportTicket({ type: 'refund', status: 'refund_failed' }),
        reportTicket({ type: 'inquiry', status: 'pending_customer' }),
        reportTicket({ type: 'inquiry', status: 'resolved' }),
        reportTicket({ type: 'return', status: 'closed' }),
        reportTicket({ type: 'return', status: 'cancelled' }),
      ],
      NOW,
    );

    expect(summary.backlog.total).toBe(3);
    expect(summary.backlog.byType).toMatchObject({ refund: 2, inquiry: 1, return: 0 });
  });

  it('lists the top five complaint reasons, most frequent first, ties by name', () => {
    const complaint = (reason: ReportTicket['reason'], times: number) =>
      Array.from({ length: times }, () => reportTicket({ type: 'complaint', reason }));
    const summary = summarize(
      [
        ...complaint('service', 4),
        ...complaint('late_delivery', 2),
        ...complaint('defective', 2),
        ...complaint('other', 1),
        ...complaint('wrong_item', 1),
        ...complaint('missing_item', 1),
        // Not a complaint: never counted here.
        reportTicket({ type: 'refund', reason: 'other' }),
        reportTicket({ type: 'refund', reason: 'other' }),
      ],
      NOW,
    );

    expect(summary.topComplaintReasons).toEqual([
      { reason: 'service', count: 4 },
      { reason: 'defective', count: 2 },
      { reason: 'late_delivery', count: 2 },
      { reason: 'missing_item', count: 1 },
      { reason: 'other', count: 1 },
    ]);
  });

  it('reports per-agent tickets, resolutions, CSAT and first-response attainment', () => {
    const summary = summarize(
      [
        reportTicket({
          assigneeId: 'agent-1',
          status: 'resolved',
          resolvedAt: iso(T0, 60 * MINUTE),
          clocks: { firstResponse: metClock(5) },
          satisfaction: aRating({ score: 5, assigneeId: 'agent-1' }),
        }),
        reportTicket({ assigneeId: 'agent-1', status: 'open', clocks: { firstResponse: lateClock(90) } }),
        reportTicket({ assigneeId: 'agent-1', status: 'open', clocks: { firstResponse: aClock() } }),
        // Reassigned after the rating: the rating stays with who had the ticket then.
        reportTicket({
          assigneeId: 'agent-2',
          status: 'closed',
          resolvedAt: iso(T0, 60 * MINUTE),
          clocks: { firstResponse: metClock(1) },
          satisfaction: aRating({ score: 2, assigneeId: 'agent-1' }),
        }),
        reportTicket({ assigneeId: null, status: 'open' }),
      ],
      NOW,
    );

    expect(summary.agents).toEqual([
      {
        assigneeId: 'agent-1',
        tickets: 3,
        resolved: 1,
        csatResponses: 2,
        csatAverage: 3.5,
        firstResponse: { met: 1, breached: 1, percentMet: 50 },
      },
      {
        assigneeId: 'agent-2',
        tickets: 1,
        resolved: 1,
        csatResponses: 0,
        csatAverage: null,
        firstResponse: { met: 1, breached: 0, percentMet: 100 },
      },
    ]);
  });

  it('reports the same figures per team: tickets in the team now, their ratings, whoever rated', () => {
    const summary = summarize(
      [
        reportTicket({
          team: 'support',
          assigneeId: 'agent-1',
          status: 'resolved',
          resolvedAt: iso(T0, 60 * MINUTE),
          clocks: { firstResponse: metClock(5) },
          satisfaction: aRating({ score: 5, assigneeId: 'agent-1' }),
        }),
        reportTicket({
          team: 'support',
          assigneeId: null,
          status: 'open',
          clocks: { firstResponse: lateClock(90) },
        }),
        // Moved to complaints after the rating: the rating goes with the ticket's team now.
        reportTicket({
          team: 'complaints',
          assigneeId: 'agent-1',
          status: 'open',
          clocks: { firstResponse: aClock() },
          satisfaction: aRating({ score: 2, assigneeId: null }),
        }),
      ],
      NOW,
    );

    expect(summary.teams).toEqual([
      {
        team: 'support',
        tickets: 2,
        resolved: 1,
        csatResponses: 1,
        csatAverage: 5,
        firstResponse: { met: 1, breached: 1, percentMet: 50 },
      },
      {
        team: 'complaints',
        tickets: 1,
        resolved: 0,
        csatResponses: 1,
        csatAverage: 2,
        firstResponse: { met: 0, breached: 0, percentMet: null },
      },
    ]);
  });
});

describe('isResolved', () => {
  it('counts a resolved ticket, and a finished one whose resolution clock stopped, but not a cancelled one', () => {
    const stopped = { resolution: metClock(30) };

    expect(isResolved(reportTicket({ status: 'resolved', resolvedAt: iso(T0) }))).toBe(true);
    expect(isResolved(reportTicket({ type: 'refund', status: 'refunded', clocks: stopped }))).toBe(true);
    expect(isResolved(reportTicket({ type: 'refund', status: 'cancelled', clocks: stopped }))).toBe(false);
    expect(isResolved(reportTicket({ status: 'open' }))).toBe(false);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

// Properties -------------------------------------------------------------------------------

const instant = fc
  .integer({ min: -30 * 24 * 60, max: 30 * 24 * 60 })
  .map((minutes) => iso(NOW, minutes * MINUTE));

const clockArb: fc.Arbitrary<SlaClock> = fc.record({
  targetMinutes: fc.integer({ min: 1, max: 10_000 }),
  elapsedMs: fc.integer({ min: 0, max: 100 * 24 * 60 * MINUTE }),
  runningSince: fc.option(instant, { nil: null }),
  dueAt: instant,
  warnAt: instant,
  completedAt: fc.option(instant, { nil: null }),
  breachedAt: fc.option(instant, { nil: null }),
  fired: fc.constant([]),
});

const statusArb = fc.constantFrom(
  'open',
  'requested',
  'approved',
  'pending_customer',
  'refunded',
  'resolved',
  'closed',
  'cancelled',
);

const ticketArb: fc.Arbitrary<ReportTicket> = fc
  .record({
    type: fc.constantFrom(...ticketTypes),
    status: statusArb,
    reason: fc.constantFrom(...reasons),
    assigneeId: fc.option(fc.constantFrom('agent-1', 'agent-2', 'agent-3'), { nil: null }),
    team: fc.constantFrom('support', 'complaints', 'vip'),
    resolved: fc.boolean(),
    firstResponse: fc.option(clockArb, { nil: undefined }),
    resolution: fc.option(clockArb, { nil: undefined }),
    rating: fc.option(
      fc.record({
        score: fc.integer({ min: 1, max: 5 }),
        nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
        assigneeId: fc.option(fc.constantFrom('agent-1', 'agent-2', 'agent-4'), { nil: null }),
      }),
      { nil: null },
    ),
  })
  .map(({ firstResponse, resolution, rating, resolved, ...rest }) =>
    reportTicket({
      ...rest,
      resolvedAt: resolved ? iso(T0) : null,
      clocks: { ...(firstResponse ? { firstResponse } : {}), ...(resolution ? { resolution } : {}) },
      satisfaction: rating ? aRating(rating) : null,
    }),
  );

const ticketsArb = fc.array(ticketArb, { maxLength: 60 });
const inPercentRange = (value: number | null) => value === null || (value >= 0 && value <= 100);
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

describe('summarize (properties)', () => {
  it('keeps every percentage in [0, 100] and NPS in [-100, 100]', () => {
    fc.assert(
      fc.property(ticketsArb, (tickets) => {
        const s = summarize(tickets, NOW);
        expect(inPercentRange(s.firstResponse.percentMet)).toBe(true);
        expect(inPercentRange(s.resolution.percentMet)).toBe(true);
        expect(inPercentRange(s.csat.satisfiedPercent)).toBe(true);
        for (const agent of s.agents) expect(inPercentRange(agent.firstResponse.percentMet)).toBe(true);
        if (s.nps.score !== null) {
          expect(s.nps.score).toBeGreaterThanOrEqual(-100);
          expect(s.nps.score).toBeLessThanOrEqual(100);
        }
        if (s.csat.average !== null) {
          expect(s.csat.average).toBeGreaterThanOrEqual(1);
          expect(s.csat.average).toBeLessThanOrEqual(5);
        }
      }),
    );
  });

  it('never counts more met and breached clocks than tickets', () => {
    fc.assert(
      fc.property(ticketsArb, (tickets) => {
        const s = summarize(tickets, NOW);
        expect(s.firstResponse.met + s.firstResponse.breached).toBeLessThanOrEqual(s.tickets);
        expect(s.resolution.met + s.resolution.breached).toBeLessThanOrEqual(s.tickets);
        for (const agent of s.agents) {
          expect(agent.firstResponse.met + agent.firstResponse.breached).toBeLessThanOrEqual(agent.tickets);
          expect(agent.resolved).toBeLessThanOrEqual(agent.tickets);
        }
      }),
    );
  });

  it('adds up: types, statuses, backlog, NPS answers, complaint reasons, agents and teams', () => {
    fc.assert(
      fc.property(ticketsArb, (tickets) => {
        const s = summarize(tickets, NOW);
        expect(sum(Object.values(s.byType))).toBe(tickets.length);
        expect(sum(Object.values(s.byStatus))).toBe(tickets.length);
        expect(sum(Object.values(s.backlog.byType))).toBe(s.backlog.total);
        expect(s.backlog.total).toBeLessThanOrEqual(tickets.length);
        expect(s.nps.promoters + s.nps.passives + s.nps.detractors).toBe(s.nps.responses);
        expect(s.nps.responses).toBeLessThanOrEqual(s.csat.responses);
        expect(s.topComplaintReasons.length).toBeLessThanOrEqual(5);
        expect(sum(s.topComplaintReasons.map((r) => r.count))).toBeLessThanOrEqual(s.byType.complaint);
        const counts = s.topComplaintReasons.map((r) => r.count);
        expect(counts).toEqual([...counts].sort((a, b) => b - a));
        expect(sum(s.agents.map((a) => a.tickets))).toBe(tickets.filter((t) => t.assigneeId).length);
        expect(sum(s.agents.map((a) => a.csatResponses))).toBeLessThanOrEqual(s.csat.responses);
        expect(sum(s.teams.map((t) => t.tickets))).toBe(tickets.length);
        expect(sum(s.teams.map((t) => t.resolved))).toBe(
          sum(s.agents.map((a) => a.resolved)) + tickets.filter((t) => !t.assigneeId && isResolved(t)).length,
        );
        expect(sum(s.teams.map((t) => t.csatResponses))).toBe(s.csat.responses);
      }),
    );
  });

  it('keeps medians within the completed clocks’ elapsed times', () => {
    fc.assert(
      fc.property(ticketsArb, (tickets) => {
        const s = summarize(tickets, NOW);
        const minutes = tickets
          .map((t) => t.sla.clocks.resolution)
          .filter((c): c is SlaClock => !!c?.completedAt)
          .map((c) => c.elapsedMs / MINUTE);
        if (minutes.length === 0) expect(s.resolution.medianMinutes).toBeNull();
        else {
          expect(s.resolution.medianMinutes).toBeGreaterThanOrEqual(Math.min(...minutes) - 0.05);
          expect(s.resolution.medianMinutes).toBeLessThanOrEqual(Math.max(...minutes) + 0.05);
        }
      }),
    );
  });

  it('does not depend on the order of the tickets', () => {
    fc.assert(
      fc.property(ticketsArb, fc.integer(), (tickets, seed) => {
        const shuffled = [...tickets].sort(
          (a, b) => ((a.id.length * seed) % 7) - ((b.id.length * seed) % 7) || b.id.localeCompare(a.id),
        );
        expect(summarize(shuffled, NOW)).toEqual(summarize(tickets, NOW));
      }),
    );
  });

  it('always fits the published response schema', () => {
    fc.assert(
      fc.property(ticketsArb, (tickets) => {
        const report = {
          from: iso(T0),
          to: iso(NOW),
          requested: null,
          generatedAt: iso(NOW),
          ...summarize(tickets, NOW),
        };
        expect(reportSummarySchema().safeParse(report).success).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
