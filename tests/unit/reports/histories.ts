import fc from 'fast-check';
import { reasons, ticketTypes } from '../../../functions/kernel/ticket-kinds.js';
import type { AggregateTicket, TicketChange } from '../../../functions/reports/domain/aggregates.js';
import {
  applyPolicy,
  completeClock,
  fireDuePoints,
  pauseSla,
  reopenResolution,
  resumeSla,
  type SlaState,
  startSla,
} from '../../../functions/sla/domain/clocks.js';
import { DEFAULT_POLICY_ID, type SlaPolicy, seededPolicies } from '../../../functions/sla/domain/policy.js';
import { MINUTE } from '../../fixtures/builders.js';

/**
 * Random histories of tickets: each opens at a random instant, then goes through random steps
 * that change what a report reads (assignment, team, replies, pauses, resolution, reopening,
 * closing, cancelling, refunds, ratings, the SLA sweeper, a policy change) or nothing (a note).
 * The steps use the SLA engine's own clock functions; the statuses need not follow a lifecycle,
 * since a report reads whatever the ticket says. Every step is one committed change: the images
 * before and after it, as the table's stream would carry them.
 */

export const START = new Date('2026-11-01T00:00:00.000Z');
const DAY_MINUTES = 24 * 60;
const agents = ['agent-1', 'agent-2', 'agent-3'] as const;
const teams = ['support', 'complaints', 'escalations'] as const;

const defaultPolicy = seededPolicies.find((policy) => policy.id === DEFAULT_POLICY_ID) as SlaPolicy;
const policyWith = (firstResponseMinutes: number, resolutionMinutes: number, version: number): SlaPolicy => ({
  ...defaultPolicy,
  targets: { firstResponseMinutes, nextResponseMinutes: firstResponseMinutes, resolutionMinutes },
  version,
});

type Step =
  | { readonly kind: 'assign'; readonly agent: string | null }
  | { readonly kind: 'team'; readonly team: string }
  | { readonly kind: 'respond' | 'pause' | 'resume' | 'resolve' | 'reopen' | 'refund' | 'sweep' | 'note' }
  | { readonly kind: 'close' | 'cancel' | 'delete' }
  | { readonly kind: 'rate'; readonly score: number; readonly nps: number | null }
  | { readonly kind: 'policy'; readonly firstResponseMinutes: number; readonly resolutionMinutes: number };

interface TimedStep {
  /** Minutes after the previous step; 0 answers at once (a zero duration). */
  readonly gap: number;
  readonly step: Step;
}

/** Deletion (privacy erasure) is rare: one step in about fifty. */
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('assign' as const),
      agent: fc.option(fc.constantFrom(...agents), { nil: null }),
    }),
    weight: 10,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('team' as const), team: fc.constantFrom(...teams) }),
    weight: 5,
  },
  {
    arbitrary: fc.constantFrom(
      ...(
        [
          'respond',
          'pause',
          'resume',
          'resolve',
          'reopen',
          'refund',
          'sweep',
          'note',
          'close',
          'cancel',
        ] as const
      ).map((kind) => ({ kind })),
    ),
    weight: 20,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('rate' as const),
      score: fc.integer({ min: 1, max: 5 }),
      nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('policy' as const),
      firstResponseMinutes: fc.integer({ min: 1, max: 3 * DAY_MINUTES }),
      resolutionMinutes: fc.integer({ min: 1, max: 6 * DAY_MINUTES }),
    }),
    weight: 5,
  },
  { arbitrary: fc.constant({ kind: 'delete' as const }), weight: 1 },
);

const timedStepArb: fc.Arbitrary<TimedStep> = fc.record({
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * DAY_MINUTES })),
  step: stepArb,
});

export interface TicketPlan {
  readonly id: string;
  readonly openedAtMinute: number;
  readonly openedAtMs: number;
  readonly type: (typeof ticketTypes)[number];
  readonly reason: (typeof reasons)[number];
  readonly team: string;
  readonly firstResponseMinutes: number;
  readonly resolutionMinutes: number;
  readonly steps: readonly TimedStep[];
}

export const planArb = (id: string): fc.Arbitrary<TicketPlan> =>
  fc.record({
    id: fc.constant(id),
    openedAtMinute: fc.integer({ min: 0, max: 6 * DAY_MINUTES }),
    openedAtMs: fc.integer({ min: 0, max: MINUTE - 1 }),
    type: fc.constantFrom(...ticketTypes),
    reason: fc.constantFrom(...reasons),
    team: fc.constantFrom(...teams),
    firstResponseMinutes: fc.integer({ min: 1, max: 2 * DAY_MINUTES }),
    resolutionMinutes: fc.integer({ min: 1, max: 4 * DAY_MINUTES }),
    steps: fc.array(timedStepArb, { maxLength: 12 }),
  });

export const plansArb = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => planArb(`t-${i}`))));

const done = ['resolved', 'closed', 'cancelled', 'refunded'];

function next(ticket: AggregateTicket, step: Step, at: Date): AggregateTicket | null {
  const when = at.toISOString();
  const bumped = { ...ticket, version: ticket.version + 1 };
  // The histories are built from whole tickets (`aTicket`), so their SLA state is whole; a
  // report reads only its clocks.
  const sla = ticket.sla as SlaState;
  switch (step.kind) {
    case 'assign':
      return { ...bumped, assigneeId: step.agent };
    case 'team':
      return { ...bumped, team: step.team };
    case 'respond':
      return { ...bumped, sla: completeClock(sla, 'firstResponse', at) };
    case 'pause':
      return done.includes(ticket.status)
        ? bumped
        : { ...bumped, status: 'pending_customer', sla: pauseSla(sla, at) };
    case 'resume':
      return ticket.status === 'pending_customer'
        ? { ...bumped, status: 'open', sla: resumeSla(sla, at) }
        : bumped;
    case 'resolve':
      return {
        ...bumped,
        status: 'resolved',
        resolvedAt: when,
        sla: completeClock(sla, 'resolution', at),
      };
    case 'refund':
      return { ...bumped, status: 'refunded', sla: completeClock(sla, 'resolution', at) };
    case 'reopen':
      return { ...bumped, status: 'open', resolvedAt: null, sla: reopenResolution(sla, at) };
    case 'close':
      return { ...bumped, status: 'closed' };
    case 'cancel':
      return { ...bumped, status: 'cancelled' };
    case 'sweep':
      return { ...bumped, sla: fireDuePoints(sla, at).sla };
    case 'note':
      return bumped;
    case 'rate':
      return {
        ...bumped,
        satisfaction: {
          score: step.score,
          nps: step.nps,
          comment: null,
          ratedAt: when,
          assigneeId: ticket.assigneeId,
          via: 'survey',
        },
      };
    case 'policy':
      return {
        ...bumped,
        sla: applyPolicy(
          sla,
          policyWith(step.firstResponseMinutes, step.resolutionMinutes, sla.policyVersion + 1),
          at,
        ),
      };
    case 'delete':
      return null;
  }
}

export interface History {
  /** Every committed change, per ticket in order. */
  readonly changes: readonly TicketChange[];
  /** The tickets as they stand at `now` (deleted ones are gone). */
  readonly tickets: readonly AggregateTicket[];
  /** After every step; the sweeper has run at `now`, as it does within a minute of any deadline. */
  readonly now: Date;
}

/** Plays the plans: each ticket's steps, then the sweeper at `now` on every ticket still there. */
export function play(plans: readonly TicketPlan[], nowGapMinutes: number): History {
  const changes: TicketChange[] = [];
  const lives: { ticket: AggregateTicket | null; at: number }[] = [];
  for (const plan of plans) {
    const openedAt = new Date(START.getTime() + plan.openedAtMinute * MINUTE + plan.openedAtMs);
    let ticket: AggregateTicket | null = {
      id: plan.id,
      type: plan.type,
      status: 'open',
      reason: plan.reason,
      sla: startSla(policyWith(plan.firstResponseMinutes, plan.resolutionMinutes, 1), openedAt),
      assigneeId: null,
      createdAt: openedAt.toISOString(),
      resolvedAt: null,
      satisfaction: null,
      team: plan.team,
      version: 1,
    };
    changes.push({ before: null, after: ticket });
    let at = openedAt.getTime();
    for (const { gap, step } of plan.steps) {
      if (!ticket) break;
      at += gap * MINUTE;
      const after: AggregateTicket | null = next(ticket, step, new Date(at));
      changes.push({ before: ticket, after });
      ticket = after;
    }
    lives.push({ ticket, at });
  }
  const now = new Date(Math.max(START.getTime(), ...lives.map((life) => life.at)) + nowGapMinutes * MINUTE);
  const tickets: AggregateTicket[] = [];
  for (const life of lives) {
    if (!life.ticket) continue;
    const swept = next(life.ticket, { kind: 'sweep' }, now) as AggregateTicket;
    changes.push({ before: life.ticket, after: swept });
    tickets.push(swept);
  }
  return { changes, tickets, now };
}
