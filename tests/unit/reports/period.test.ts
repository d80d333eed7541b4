import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportSummaryQuerySchema } from '../../../functions/reports/contracts/summary.js';
import { instantOf, MAX_PERIOD_DAYS, resolvePeriod } from '../../../functions/reports/domain/period.js';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;

describe('resolvePeriod', () => {
  it('defaults to the last 30 days up to now', () => {
    expect(resolvePeriod({}, NOW)).toEqual({
      period: { from: new Date('2026-10-31T12:00:00.000Z'), to: NOW },
    });
  });

  it('counts 30 days back from a given `to`', () => {
    expect(resolvePeriod({ to: '2026-06-01' }, NOW)).toEqual({
      period: { from: new Date('2026-05-02T00:00:00.000Z'), to: new Date('2026-06-01T00:00:00.000Z') },
    });
  });

  it('reads dates as midnight UTC and date-times with their offset', () => {
    expect(instantOf('2026-11-01').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(instantOf('2026-11-01T08:00:00+08:00').toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('refuses a period that ends before it starts, naming both fields given', () => {
    const result = resolvePeriod({ from: '2026-11-10', to: '2026-11-10' }, NOW);

    expect(result).toEqual({
      errors: [
        { path: 'query.from', message: expect.any(String) },
        { path: 'query.to', message: expect.any(String) },
      ],
    });
  });

  it('refuses a `from` in the future when `to` defaults to now, naming only `from`', () => {
    expect(resolvePeriod({ from: '2026-12-01' }, NOW)).toEqual({
      errors: [{ path: 'query.from', message: expect.stringContaining('now') }],
    });
  });

  it(`refuses a span over ${MAX_PERIOD_DAYS} days and accepts exactly ${MAX_PERIOD_DAYS}`, () => {
    expect(resolvePeriod({ from: '2025-01-01', to: '2026-01-03' }, NOW)).toMatchObject({
      errors: [{ path: 'query.from' }, { path: 'query.to' }],
    });
    expect(resolvePeriod({ from: '2025-01-01', to: '2026-01-02' }, NOW)).toHaveProperty('period');
  });

  it('returns a period exactly when from < to and the span is within the limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -800 * DAY, max: 800 * DAY }),
        fc.integer({ min: -800 * DAY, max: 800 * DAY }),
        (a, b) => {
          const from = new Date(NOW.getTime() + a).toISOString();
          const to = new Date(NOW.getTime() + b).toISOString();
          const result = resolvePeriod({ from, to }, NOW);
          const ok = a < b && b - a <= MAX_PERIOD_DAYS * DAY;
          expect('period' in result).toBe(ok);
        },
      ),
    );
  });
});

describe('reportSummaryQuerySchema', () => {
  it('accepts dates and date-times, or nothing', () => {
    expect(reportSummaryQuerySchema().safeParse({}).success).toBe(true);
    expect(
      reportSummaryQuerySchema().safeParse({ from: '2026-11-01', to: '2026-11-08T10:00:00Z' }).success,
    ).toBe(true);
  });

  it('names every bad field, unknown ones included', () => {
    const result = reportSummaryQuerySchema().safeParse({ from: 'yesterday', to: '2026-13-45', team: 'x' });

    expect(result.success).toBe(false);
    const paths = result.error?.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys' ? issue.keys : issue.path.map(String),
    );
    expect(paths?.sort()).toEqual(['from', 'team', 'to']);
  });
});
