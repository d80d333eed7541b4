/**
 * SLA clocks of one ticket, on a 24x7 calendar. Time spent paused (waiting on the customer)
 * does not count: resuming pushes the deadlines back by the paused time.
 */
export const slaMetrics = ['firstResponse', 'resolution'] as const;
export type SlaMetric = (typeof slaMetrics)[number];
export type SlaClockState = 'running' | 'paused' | 'met' | 'breached';

export interface SlaClock {
  readonly state: SlaClockState;
  readonly dueAt: string;
  readonly warnAt: string;
  readonly pausedAt: string | null;
  readonly completedAt: string | null;
}

export type SlaClocks = Partial<Record<SlaMetric, SlaClock>>;

export interface SlaTargets {
  readonly firstResponseMinutes: number;
  readonly resolutionMinutes: number;
  readonly warnAtPercent: number;
}

const MINUTE = 60_000;

/**
 * Defaults from the source documents: every after-sales request is answered within 24 hours,
 * complaints are handled within 48 hours. Other types get 72 hours to resolution.
 */
export function defaultTargets(ticketType: string): SlaTargets {
  return {
    firstResponseMinutes: 24 * 60,
    resolutionMinutes: ticketType === 'complaint' ? 48 * 60 : 72 * 60,
    warnAtPercent: 75,
  };
}

function clock(start: Date, minutes: number, warnAtPercent: number): SlaClock {
  return {
    state: 'running',
    dueAt: new Date(start.getTime() + minutes * MINUTE).toISOString(),
    warnAt: new Date(start.getTime() + Math.floor((minutes * warnAtPercent) / 100) * MINUTE).toISOString(),
    pausedAt: null,
    completedAt: null,
  };
}

export function startClocks(targets: SlaTargets, now: Date): SlaClocks {
  return {
    firstResponse: clock(now, targets.firstResponseMinutes, targets.warnAtPercent),
    resolution: clock(now, targets.resolutionMinutes, targets.warnAtPercent),
  };
}

function mapClocks(clocks: SlaClocks, fn: (clock: SlaClock, metric: SlaMetric) => SlaClock): SlaClocks {
  const out: { -readonly [K in SlaMetric]?: SlaClock } = {};
  for (const metric of slaMetrics) {
    const current = clocks[metric];
    if (current) out[metric] = fn(current, metric);
  }
  return out;
}

export function pauseClocks(clocks: SlaClocks, now: Date): SlaClocks {
  return mapClocks(clocks, (c) =>
    c.state === 'running' ? { ...c, state: 'paused', pausedAt: now.toISOString() } : c,
  );
}

export function resumeClocks(clocks: SlaClocks, now: Date): SlaClocks {
  return mapClocks(clocks, (c) => {
    if (c.state !== 'paused' || !c.pausedAt) return c;
    const paused = Math.max(0, now.getTime() - Date.parse(c.pausedAt));
    return {
      ...c,
      state: 'running',
      pausedAt: null,
      dueAt: new Date(Date.parse(c.dueAt) + paused).toISOString(),
      warnAt: new Date(Date.parse(c.warnAt) + paused).toISOString(),
    };
  });
}

/** Stops one clock: met when on time, breached when late. A finished clock stays as it is. */
export function completeClock(clocks: SlaClocks, metric: SlaMetric, now: Date): SlaClocks {
  return mapClocks(clocks, (c, m) => {
    if (m !== metric || c.state === 'met' || c.state === 'breached') return c;
    const effective = c.state === 'paused' && c.pausedAt ? Date.parse(c.pausedAt) : now.getTime();
    return {
      ...c,
      state: effective <= Date.parse(c.dueAt) ? 'met' : 'breached',
      pausedAt: null,
      completedAt: now.toISOString(),
    };
  });
}

/** A reopened ticket is unresolved again: its resolution clock runs on from where it stopped. */
export function reopenResolution(clocks: SlaClocks, now: Date): SlaClocks {
  return mapClocks(clocks, (c, m) => {
    if (m !== 'resolution' || c.completedAt === null) return c;
    const stopped = Math.max(0, now.getTime() - Date.parse(c.completedAt));
    return {
      ...c,
      state: 'running',
      completedAt: null,
      dueAt: new Date(Date.parse(c.dueAt) + stopped).toISOString(),
      warnAt: new Date(Date.parse(c.warnAt) + stopped).toISOString(),
    };
  });
}

/** The state as a reader sees it now: a running clock past its deadline is breached. */
export function observedState(c: SlaClock, now: Date): SlaClockState {
  if (c.state === 'running' && Date.parse(c.dueAt) < now.getTime()) return 'breached';
  return c.state;
}

/** The earliest deadline and warning among running clocks; undefined when none runs. */
export function nextDeadlines(clocks: SlaClocks): { dueAt: string; warnAt: string } | undefined {
  const running = slaMetrics.map((m) => clocks[m]).filter((c): c is SlaClock => c?.state === 'running');
  if (running.length === 0) return undefined;
  const dueAt = running.map((c) => c.dueAt).sort()[0] as string;
  const warnAt = running.map((c) => c.warnAt).sort()[0] as string;
  return { dueAt, warnAt };
}
