import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Bucket,
  bucketOf,
  medianOf,
  quantileOf,
  RELATIVE_ERROR,
  representativeOf,
  totalOf,
} from '../../../functions/reports/domain/histogram.js';
import { median } from '../../../functions/reports/domain/summary.js';

function histogramOf(values: readonly number[]): Map<Bucket, number> {
  const histogram = new Map<Bucket, number>();
  for (const value of values) histogram.set(bucketOf(value), (histogram.get(bucketOf(value)) ?? 0) + 1);
  return histogram;
}

function merge(a: ReadonlyMap<Bucket, number>, b: ReadonlyMap<Bucket, number>): Map<Bucket, number> {
  const out = new Map(a);
  for (const [bucket, count] of b) out.set(bucket, (out.get(bucket) ?? 0) + count);
  return out;
}

const within = (estimate: number, exact: number) =>
  Math.abs(estimate - exact) <= RELATIVE_ERROR * exact + 1e-9 * Math.max(1, exact);

/** SLA durations in milliseconds, from nothing to a year. */
const duration = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 365 * 24 * 60 * 60_000 }));

describe('histogram', () => {
  it('stands for every value by one within the relative error, and for zero by zero', () => {
    fc.assert(
      fc.property(duration, (value) => {
        expect(within(representativeOf(bucketOf(value)), value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(representativeOf(bucketOf(0))).toBe(0);
  });

  it('gives the median within the relative error, the way median() takes it', () => {
    fc.assert(
      fc.property(fc.array(duration, { minLength: 1, maxLength: 80 }), (values) => {
        expect(within(medianOf(histogramOf(values)) as number, median(values) as number)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('gives any percentile within the relative error of the exact value at that rank', () => {
    fc.assert(
      fc.property(
        fc.array(duration, { minLength: 1, maxLength: 80 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.floor(q * (sorted.length - 1))] as number;
          expect(within(quantileOf(histogramOf(values), q) as number, exact)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merges by adding counts: two halves read as the whole', () => {
    fc.assert(
      fc.property(fc.array(duration, { maxLength: 40 }), fc.array(duration, { maxLength: 40 }), (a, b) => {
        const merged = merge(histogramOf(a), histogramOf(b));
        expect(merged).toEqual(histogramOf([...a, ...b]));
        expect(totalOf(merged)).toBe(a.length + b.length);
      }),
      { numRuns: 200 },
    );
  });

  it('answers null for an empty histogram and skips buckets counted down to zero', () => {
    expect(medianOf(new Map())).toBeNull();
    expect(quantileOf(new Map(), 0.9)).toBeNull();
    const emptied = new Map<Bucket, number>([
      [bucketOf(1000), 0],
      [bucketOf(5000), 1],
    ]);
    expect(within(medianOf(emptied) as number, 5000)).toBe(true);
  });
});
