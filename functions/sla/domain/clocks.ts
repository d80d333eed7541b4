import { addBusinessMinutes, addBusinessMs, businessMsBetween, type Calendar } from './calendar.js';
import type { EscalationLevel, SlaMetric, SlaPolicy, SlaTargets } from './policy.js';

export { type SlaMetric, slaMetrics } from './policy.js';

/**
 * One SLA clock. Time counts only while it runs (`runningSince` set) and only in the
 * calendar's business hours: `elapsedMs` holds what ran before the current stretch.
 */
export interface SlaClock {
  readonly targetMinutes: number;
  readonly elapsedMs: number;
  readonly runningSince: string | null;
  readonly dueAt: string;
  readonly warnAt: string;
  readonly completedAt: string | null;
  /** When the breach fired, or when the clock completed late. */
  readonly breachedAt: string | null;
  /** Timer points already fired under the current SLA version: `warning`, `breach`, `L1`, `L2`… */
  readonly fired: readonly string[];
}

export type SlaClocks = Partial<Record<SlaMetric, SlaClock>>;

/** A ticket's SLA: the policy it runs under (a snapshot, so that every change is local) and its clocks. */
export interface SlaState {
  readonly policyId: string;
  readonly policyVersion: number;
  readonly calendar: Calendar;
  readonly targets: SlaTargets;
  readonly warnAtPercent: number;
  readonly escalations: readonly EscalationLevel[];
  readonly clocks: SlaClocks;
}

export type SlaClockState = 'running' | 'paused' | 'met' | 'breached';

const MINUTE = 60_000;
const iso = (date: Date) => date.toISOString();

function targetOf(targets: SlaTargets, metric: SlaMetric): number {
  switch (metric) {
    case 'firstResponse':
      return targets.firstResponseMinutes;
    case 'nextResponse':
      return targets.nextResponseMinutes;
    case 'resolution':
      return targets.resolutionMinutes;
  }
}

/** Deadlines of a running clock from `since`, given what already elapsed. */
function schedule(sla: Pick<SlaState, 'calendar' | 'warnAtPercent'>, clock: SlaClock, since: Date): SlaClock {
  const targetMs = clock.targetMinutes * MINUTE;
  const warnMs = Math.floor((targetMs * sla.warnAtPercent) / 100);
  const dueAt = addBusinessMs(sla.calendar, since, targetMs - clock.elapsedMs);
  const warnAt =
    warnMs > clock.elapsedMs
      ? addBusinessMs(sla.calendar, since, warnMs - clock.elapsedMs)
      : new Date(clock.warnAt);
  return { ...clock, runningSince: iso(since), dueAt: iso(dueAt), warnAt: iso(warnAt) };
}

function freshClock(
  sla: Pick<SlaState, 'calendar' | 'warnAtPercent' | 'targets'>,
  metric: SlaMetric,
  now: Date,
): SlaClock {
  const blank: SlaClock = {
    targetMinutes: targetOf(sla.targets, metric),
    elapsedMs: 0,
    runningSince: null,
    dueAt: iso(now),
    warnAt: iso(now),
    completedAt: null,
    breachedAt: null,
    fired: [],
  };
  return schedule(sla, blank, now);
}

/** The part of a policy a ticket keeps with its clocks. */
function snapshotOf(policy: SlaPolicy): Omit<SlaState, 'clocks'> {
  return {
    policyId: policy.id,
    policyVersion: policy.version,
    calendar: policy.calendar,
    targets: policy.targets,
    warnAtPercent: policy.warnAtPercent,
    escalations: policy.escalations,
  };
}

export function startSla(policy: SlaPolicy, now: Date): SlaState {
  const base = snapshotOf(policy);
  return {
    ...base,
    clocks: {
      firstResponse: freshClock(base, 'firstResponse', now),
      resolution: freshClock(base, 'resolution', now),
    },
  };
}

function mapClocks(
  sla: SlaState,
  fn: (clock: SlaClock, metric: SlaMetric) => SlaClock | undefined,
): SlaState {
  const clocks: { -readonly [K in SlaMetric]?: SlaClock } = {};
  for (const [metric, clock] of Object.entries(sla.clocks) as [SlaMetric, SlaClock][]) {
    const next = fn(clock, metric);
    if (next) clocks[metric] = next;
  }
  return { ...sla, clocks };
}

function elapsedNow(sla: SlaState, clock: SlaClock, now: Date): number {
  if (!clock.runningSince) return clock.elapsedMs;
  return clock.elapsedMs + businessMsBetween(sla.calendar, new Date(clock.runningSince), now);
}

/** Waiting on the customer: open clocks stop counting. */
export function pauseSla(sla: SlaState, now: Date): SlaState {
  return mapClocks(sla, (clock) => {
    if (clock.completedAt || !clock.runningSince) return clock;
    const elapsedMs = elapsedNow(sla, clock, now);
    // Paused after its deadline but before the sweeper fired: it is breached all the same.
    const late = elapsedMs > clock.targetMinutes * MINUTE;
    return {
      ...clock,
      elapsedMs,
      runningSince: null,
      breachedAt: clock.breachedAt ?? (late ? clock.dueAt : null),
    };
  });
}

/** The customer is back: paused clocks count again and their deadlines move by the paused time. */
export function resumeSla(sla: SlaState, now: Date): SlaState {
  return mapClocks(sla, (clock) =>
    clock.completedAt || clock.runningSince ? clock : schedule(sla, clock, now),
  );
}

/** Stops a clock: met when within its target, breached when late. A finished clock stays as it is. */
export function completeClock(sla: SlaState, metric: SlaMetric, now: Date): SlaState {
  return mapClocks(sla, (clock, m) => {
    if (m !== metric || clock.completedAt) return clock;
    const elapsed = elapsedNow(sla, clock, now);
    const late = elapsed > clock.targetMinutes * MINUTE;
    return {
      ...clock,
      elapsedMs: elapsed,
      runningSince: null,
      completedAt: iso(now),
      breachedAt: clock.breachedAt ?? (late ? iso(now) : null),
    };
  });
}

/** Starts a clock unless one for that metric is still open (the oldest unanswered message counts). */
export function startClock(sla: SlaState, metric: SlaMetric, now: Date): SlaState {
  const current = sla.clocks[metric];
  if (current && !current.completedAt) return sla;
  return { ...sla, clocks: { ...sla.clocks, [metric]: freshClock(sla, metric, now) } };
}

/** A reopened ticket is unresolved again: its resolution clock runs on from where it stopped. */
export function reopenResolution(sla: SlaState, now: Date): SlaState {
  return mapClocks(sla, (clock, metric) =>
    metric === 'resolution' && clock.completedAt
      ? schedule(sla, { ...clock, completedAt: null }, now)
      : clock,
  );
}

/**
 * Moves the clocks onto another policy (or a new version of the same one): targets and calendar
 * change, business time already elapsed is kept, and timer points may fire again under the new
 * version.
 */
export function applyPolicy(sla: SlaState, policy: SlaPolicy, now: Date): SlaState {
  const moved = mapClocks(sla, (clock) =>
    clock.completedAt ? clock : { ...clock, elapsedMs: elapsedNow(sla, clock, now) },
  );
  const next: SlaState = { ...moved, ...snapshotOf(policy) };
  return mapClocks(next, (clock, metric) => {
    if (clock.completedAt) return clock;
    const targetMinutes = targetOf(policy.targets, metric);
    const withinTarget = clock.elapsedMs <= targetMinutes * MINUTE;
    const reset = { ...clock, targetMinutes, fired: [], breachedAt: withinTarget ? null : clock.breachedAt };
    if (!clock.runningSince) {
      // Paused: deadlines are recomputed when it resumes; keep a truthful preview meanwhile.
      return { ...schedule(next, reset, now), runningSince: null };
    }
    return schedule(next, reset, now);
  });
}

export function isOpen(clock: SlaClock): boolean {
  return clock.completedAt === null;
}

/** The state as a reader sees it now. */
export function observedState(clock: SlaClock, now: Date): SlaClockState {
  if (clock.completedAt) return clock.breachedAt ? 'breached' : 'met';
  if (clock.breachedAt) return 'breached';
  if (!clock.runningSince) return 'paused';
  return Date.parse(clock.dueAt) < now.getTime() ? 'breached' : 'running';
}

export interface TimerPoint {
  readonly metric: SlaMetric;
  /** `warning`, `breach` or `L<n>` for escalation level n. */
  readonly kind: string;
  readonly level: number | null;
  readonly at: string;
}

/** The timer points still to fire: only running clocks advance towards them. */
export function pendingPoints(sla: SlaState): TimerPoint[] {
  const points: TimerPoint[] = [];
  for (const [metric, clock] of Object.entries(sla.clocks) as [SlaMetric, SlaClock][]) {
    if (clock.completedAt || !clock.runningSince) continue;
    if (!clock.fired.includes('warning') && Date.parse(clock.warnAt) < Date.parse(clock.dueAt)) {
      points.push({ metric, kind: 'warning', level: null, at: clock.warnAt });
    }
    if (!clock.fired.includes('breach'))
      points.push({ metric, kind: 'breach', level: null, at: clock.dueAt });
    for (const escalation of sla.escalations) {
      const kind = `L${escalation.level}`;
      if (clock.fired.includes(kind)) continue;
      const at = addBusinessMinutes(sla.calendar, new Date(clock.dueAt), escalation.afterBreachMinutes);
      points.push({ metric, kind, level: escalation.level, at: iso(at) });
    }
  }
  return points.sort((a, b) => a.at.localeCompare(b.at));
}

/** Marks every point due by `now` as fired and reports them, in time order. */
export function fireDuePoints(sla: SlaState, now: Date): { sla: SlaState; fired: TimerPoint[] } {
  const due = pendingPoints(sla).filter((point) => Date.parse(point.at) <= now.getTime());
  if (due.length === 0) return { sla, fired: [] };
  const next = mapClocks(sla, (clock, metric) => {
    const mine = due.filter((point) => point.metric === metric);
    if (mine.length === 0) return clock;
    const breach = mine.find((point) => point.kind === 'breach');
    return {
      ...clock,
      fired: [...clock.fired, ...mine.map((point) => point.kind)],
      breachedAt: clock.breachedAt ?? (breach ? breach.at : null),
    };
  });
  return { sla: next, fired: due };
}

/** The earliest deadline and warning among running clocks, for the breach views. */
export function nextDeadlines(sla: SlaState): { dueAt: string; warnAt: string } | undefined {
  const running = Object.values(sla.clocks).filter(
    (c): c is SlaClock => !!c && !c.completedAt && !!c.runningSince,
  );
  if (running.length === 0) return undefined;
  const dueAt = running.map((c) => c.dueAt).sort()[0] as string;
  const warnAt = running.map((c) => c.warnAt).sort()[0] as string;
  return { dueAt, warnAt };
}
