/**
 * A mergeable histogram of non-negative durations with bounded relative error, log-bucketed in
 * the manner of DDSketch: bucket `i` holds the values in (γ^(i-1), γ^i] with
 * γ = (1 + α) / (1 − α), and stands for them by 2γ^i / (γ + 1). Every value of the bucket lies
 * within `RELATIVE_ERROR` (α) of that representative, so any rank read from the histogram (a
 * median, a percentile) is within α of the exact value at that rank; zero has a bucket of its
 * own and reads back exactly. Merging is adding counts bucket by bucket, which is what lets
 * DynamoDB keep one as plain counters (`ADD`) and a report sum them over days.
 *
 * Durations here are SLA milliseconds (1 ms … a year): about 1,200 buckets at most per metric,
 * in practice a few dozen per day and team, since a day's clocks cluster.
 */
export const RELATIVE_ERROR = 0.01;
const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);

/** The bucket of a value: `'z'` for zero (and below: durations never are), else the log index. */
export type Bucket = number | 'z';

export function bucketOf(value: number): Bucket {
  if (value <= 0) return 'z';
  return Math.ceil(Math.log(value) / LOG_GAMMA);
}

/** The value a bucket stands for: within RELATIVE_ERROR of every value it holds. */
export function representativeOf(bucket: Bucket): number {
  if (bucket === 'z') return 0;
  return (2 * GAMMA ** bucket) / (GAMMA + 1);
}

/** Counts per bucket; a count may be 0 (or briefly negative mid-merge) and is then skipped. */
export type Histogram = ReadonlyMap<Bucket, number>;

const order = (bucket: Bucket) => (bucket === 'z' ? Number.NEGATIVE_INFINITY : bucket);

/** The number of values the histogram holds. */
export function totalOf(histogram: Histogram): number {
  let total = 0;
  for (const count of histogram.values()) if (count > 0) total += count;
  return total;
}

/**
 * The value at a 0-based rank among the sorted values, as its bucket's representative;
 * undefined outside [0, total).
 */
export function valueAtRank(histogram: Histogram, rank: number): number | undefined {
  if (rank < 0) return undefined;
  const buckets = [...histogram.entries()].filter(([, count]) => count > 0);
  buckets.sort(([a], [b]) => order(a) - order(b));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (rank < seen) return representativeOf(bucket);
  }
  return undefined;
}

/**
 * The median the way `median()` of domain/summary.ts takes it from the exact values (the middle
 * one, or the mean of the two middle ones), each read from its bucket: within RELATIVE_ERROR of
 * the exact median, since a mean of two values each within α is within α. Null when empty.
 */
export function medianOf(histogram: Histogram): number | null {
  const total = totalOf(histogram);
  if (total === 0) return null;
  const mid = Math.floor(total / 2);
  const upper = valueAtRank(histogram, mid) as number;
  return total % 2 === 1 ? upper : ((valueAtRank(histogram, mid - 1) as number) + upper) / 2;
}

/** The q-quantile (0 ≤ q ≤ 1) by lower nearest rank ⌊q·(n−1)⌋; null when empty. */
export function quantileOf(histogram: Histogram, q: number): number | null {
  const total = totalOf(histogram);
  if (total === 0) return null;
  return valueAtRank(histogram, Math.floor(Math.min(Math.max(q, 0), 1) * (total - 1))) as number;
}
