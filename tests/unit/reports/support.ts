import type { ReportTicket } from '../../../functions/reports/domain/summary.js';
import type { SlaClock } from '../../../functions/sla/domain/clocks.js';
import type { Satisfaction } from '../../../functions/tickets/domain/ticket.js';
import { aTicket, iso, MINUTE, T0 } from '../../fixtures/builders.js';

export const NOW = new Date(T0.getTime() + 10 * 24 * 60 * MINUTE);

/** A clock with every field spelled out; defaults: running, due long after NOW. */
export function aClock(overrides: Partial<SlaClock> = {}): SlaClock {
  return {
    targetMinutes: 60,
    elapsedMs: 0,
    runningSince: iso(T0),
    dueAt: iso(NOW, 60 * MINUTE),
    warnAt: iso(NOW, 30 * MINUTE),
    completedAt: null,
    breachedAt: null,
    fired: [],
    ...overrides,
  };
}

/** Met: completed within target after `minutes` of business time. */
export const metClock = (minutes: number) =>
  aClock({ elapsedMs: minutes * MINUTE, runningSince: null, completedAt: iso(T0, minutes * MINUTE) });

/** Breached on completion after `minutes` of business time. */
export const lateClock = (minutes: number) =>
  aClock({
    elapsedMs: minutes * MINUTE,
    runningSince: null,
    completedAt: iso(T0, minutes * MINUTE),
    breachedAt: iso(T0, minutes * MINUTE),
  });

/** Still running, but its deadline has passed: breached as a reader sees it. */
export const overdueClock = () => aClock({ dueAt: iso(T0, 60 * MINUTE) });

export const pausedClock = () => aClock({ runningSince: null, elapsedMs: 10 * MINUTE });

export function aRating(overrides: Partial<Satisfaction> = {}): Satisfaction {
  return {
    score: 5,
    nps: null,
    comment: null,
    ratedAt: iso(T0, 60 * MINUTE),
    assigneeId: null,
    via: 'account',
    ...overrides,
  };
}

let seq = 0;
/** A ticket as a report reads it: opened by the domain at T0, then `overrides`. */
export function reportTicket(
  overrides: Partial<Omit<ReportTicket, 'sla'>> & { clocks?: ReportTicket['sla']['clocks'] } = {},
): ReportTicket {
  seq += 1;
  const { clocks, ...rest } = overrides;
  const base = aTicket({ id: `t-${seq}`, type: rest.type ?? 'inquiry' });
  return {
    id: base.id,
    type: base.type,
    status: base.status,
    reason: base.reason,
    sla: clocks ? { ...base.sla, clocks } : base.sla,
    assigneeId: null,
    team: base.team,
    createdAt: base.createdAt,
    resolvedAt: null,
    satisfaction: null,
    ...rest,
  };
}
