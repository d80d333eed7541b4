import { type Env, readVariable } from '../../shared/config.js';
import { ConflictError } from '../../shared/errors.js';
import { ticketsConfig } from '../config.js';

/**
 * The retry policy of every ticket write that names no `version`: a write that lost the race to
 * another writer (STALE_VERSION: the ticket moved on; CONCURRENT_UPDATE: DynamoDB cancelled the
 * transaction for a conflicting one in flight) is re-read, re-decided on the fresh ticket and
 * tried again after a jittered exponential pause ("full jitter"), until a deadline — not a fixed
 * number of tries, so that no legal write is refused only because many landed at once.
 *
 * The contention deadline (`ticketsConfig`, default 8000 ms) bounds the whole loop; it stays below the HTTP
 * functions' deadline (their 10 s timeout minus a margin), so a request answers before it.
 */
export interface ContentionOptions {
  /** Total time allowed for retries, from the first attempt. */
  readonly deadlineMs?: number;
  /** First pause's upper bound; doubles per retry up to `maxDelayMs`. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** The ConflictError codes that mean "lost a race" (default: STALE_VERSION, CONCURRENT_UPDATE). */
  readonly codes?: readonly string[];
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface ContentionRetry {
  /**
   * After a failed attempt: true (after a jittered pause) when `error` is a lost race and the
   * deadline leaves time for another try; false when the caller must rethrow.
   */
  again(error: unknown): Promise<boolean>;
  /** Retries so far. */
  readonly retries: number;
}

export function contentionDeadlineMs(env: Env = process.env): number {
  return readVariable(ticketsConfig.variables.contentionDeadlineMs, env);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts the clock of one write's retries; call `again(error)` in the write loop's catch. */
export function retryOnContention(options: ContentionOptions = {}): ContentionRetry {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const codes = options.codes ?? ['STALE_VERSION', 'CONCURRENT_UPDATE'];
  const base = options.baseDelayMs ?? 25;
  const cap = options.maxDelayMs ?? 1000;
  const deadline = now() + (options.deadlineMs ?? contentionDeadlineMs());
  let retries = 0;
  return {
    get retries() {
      return retries;
    },
    async again(error) {
      if (!(error instanceof ConflictError) || !codes.includes(error.code)) return false;
      const left = deadline - now();
      if (left <= 0) return false;
      const pause = Math.min(left, random() * Math.min(cap, base * 2 ** retries));
      retries += 1;
      await sleep(pause);
      return now() < deadline;
    },
  };
}
