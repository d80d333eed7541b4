/**
 * An erasure job: one customer's personal data replaced by tombstones, item by item, so that a
 * crash anywhere leaves a job that a second run finishes without doing anything twice.
 *
 * `requested → running → done`. A job that stopped moving (its worker died, its message was
 * lost) for longer than {@link ERASURE_LEASE_MS}, or one that is done, is started again by a new
 * request: a new run, status `requested`. A run skips every item it finds erased already.
 */
export const erasureStatuses = ['requested', 'running', 'done'] as const;
export type ErasureStatus = (typeof erasureStatuses)[number];

/** Items erased, by kind, over every run of the job (each counted in the write that erased it). */
export interface ErasureProgress {
  readonly tickets: number;
  readonly timelineEvents: number;
  readonly orders: number;
  readonly sentEmails: number;
  readonly suppressions: number;
}

export const progressKinds = [
  'tickets',
  'timelineEvents',
  'orders',
  'sentEmails',
  'suppressions',
] as const satisfies readonly (keyof ErasureProgress)[];
export type ProgressKind = (typeof progressKinds)[number];

export const noProgress: ErasureProgress = {
  tickets: 0,
  timelineEvents: 0,
  orders: 0,
  sentEmails: 0,
  suppressions: 0,
};

export interface ErasureJob {
  readonly id: string;
  readonly customerId: string;
  readonly status: ErasureStatus;
  /** Who asked (an admin's id, or `retention`). */
  readonly requestedBy: string;
  readonly requestedAt: string;
  /** Runs so far; a request on a stalled or finished job starts the next one. */
  readonly run: number;
  /** When the first run started, and when the last one finished. */
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Items the current run found still to erase when it started, and how many of them it erased. */
  readonly plannedSteps: number | null;
  readonly stepsDone: number;
  readonly progress: ErasureProgress;
  /** Every write to the job (a step's counter too) moves this: a stalled job stops moving it. */
  readonly updatedAt: string;
}

/** A job that moved less recently than this is taken to have lost its worker. */
export const ERASURE_LEASE_MS = 5 * 60 * 1000;

export function newErasureJob(input: {
  id: string;
  customerId: string;
  requestedBy: string;
  now: Date;
}): ErasureJob {
  const at = input.now.toISOString();
  return {
    id: input.id,
    customerId: input.customerId,
    status: 'requested',
    requestedBy: input.requestedBy,
    requestedAt: at,
    run: 1,
    startedAt: null,
    finishedAt: null,
    plannedSteps: null,
    stepsDone: 0,
    progress: noProgress,
    updatedAt: at,
  };
}

/**
 * What a new request does to an existing job: nothing while it is alive (requested or running
 * and moving), otherwise a new run.
 */
export function shouldRestart(job: ErasureJob, now: Date): boolean {
  if (job.status === 'done') return true;
  return now.getTime() - Date.parse(job.updatedAt) > ERASURE_LEASE_MS;
}

/** The job as a new run starts it; counters of earlier runs stay. */
export function restarted(job: ErasureJob, requestedBy: string, now: Date): ErasureJob {
  const at = now.toISOString();
  return {
    ...job,
    status: 'requested',
    requestedBy,
    requestedAt: at,
    run: job.run + 1,
    finishedAt: null,
    plannedSteps: null,
    stepsDone: 0,
    updatedAt: at,
  };
}

/** Names the job run that a step belongs to: its counter only moves while that run is current. */
export interface JobRun {
  readonly erasureId: string;
  readonly run: number;
}

/** A job run no longer current (a newer run took over, or the job is done): this run must stop. */
export class ErasureRunSupersededError extends Error {
  constructor(run: JobRun) {
    super(`Erasure ${run.erasureId} is no longer on run ${run.run}`);
    this.name = 'ErasureRunSupersededError';
  }
}

/** The data of the `CustomerErased` event, which tells the shop platform to follow. */
export interface CustomerErasedData {
  readonly customerId: string;
  readonly erasureId: string;
  readonly run: number;
  readonly requestedAt: string;
  readonly erasedAt: string;
}

export function customerErasedData(job: ErasureJob, now: Date): CustomerErasedData {
  return {
    customerId: job.customerId,
    erasureId: job.id,
    run: job.run,
    requestedAt: job.requestedAt,
    erasedAt: now.toISOString(),
  };
}
