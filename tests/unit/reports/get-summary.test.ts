import { describe, expect, it } from 'vitest';
import type { AggregateReader } from '../../../functions/reports/domain/aggregate-store.js';
import { type AggregateTicket, standingOf } from '../../../functions/reports/domain/aggregates.js';
import { makeGetSummary } from '../../../functions/reports/use-cases/get-summary.js';
import { ValidationError } from '../../../functions/shared/errors.js';
import { testClock } from '../../fixtures/builders.js';
import { reportTicket } from './support.js';

const NOW = new Date('2026-11-30T12:00:00.000Z');

const aggregateTicket = (overrides: Parameters<typeof reportTicket>[0]): AggregateTicket => ({
  ...reportTicket(overrides),
  team: 'general',
  version: 1,
});

/** In-memory AggregateReader over the standings of the given tickets; records the days asked. */
function readerOf(tickets: AggregateTicket[]) {
  const asked: string[][] = [];
  const reader: AggregateReader = {
    async daysOf(days) {
      asked.push([...days]);
      return days.map((day) => ({
        day,
        rows: tickets.flatMap(standingOf).filter((row) => row.key.day === day),
      }));
    },
  };
  return { reader, asked };
}

describe('getSummary', () => {
  it('summarizes the tickets created in a whole-day period from its days, and echoes the period', async () => {
    const { reader, asked } = readerOf([
      aggregateTicket({ createdAt: '2026-11-01T00:00:00.000Z', type: 'refund' }),
      aggregateTicket({ createdAt: '2026-11-02T23:59:59.999Z', type: 'inquiry' }),
      aggregateTicket({ createdAt: '2026-11-03T00:00:00.000Z', type: 'inquiry' }),
    ]);
    const getSummary = makeGetSummary({ reader, clock: testClock(NOW) });

    const report = await getSummary({ from: '2026-11-01', to: '2026-11-03' });

    expect(asked).toEqual([['2026-11-01', '2026-11-02']]);
    expect(report).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      requested: null,
      generatedAt: NOW.toISOString(),
      tickets: 2,
      byType: { refund: 1, inquiry: 1 },
    });
  });

  it('rounds a period inside days out to whole days and says what was asked', async () => {
    const { reader, asked } = readerOf([aggregateTicket({ createdAt: '2026-11-02T01:00:00.000Z' })]);

    const report = await makeGetSummary({ reader, clock: testClock(NOW) })({
      from: '2026-11-02T08:00:00Z',
      to: '2026-11-03T08:00:00Z',
    });

    expect(asked).toEqual([['2026-11-02', '2026-11-03']]);
    expect(report).toMatchObject({
      from: '2026-11-02T00:00:00.000Z',
      to: '2026-11-04T00:00:00.000Z',
      requested: { from: '2026-11-02T08:00:00.000Z', to: '2026-11-03T08:00:00.000Z' },
      tickets: 1,
    });
  });

  it('reads the 31 whole days around the last 30 days when no period is given', async () => {
    const { reader, asked } = readerOf([]);

    const report = await makeGetSummary({ reader, clock: testClock(NOW) })({});

    expect(asked[0]).toHaveLength(31);
    expect(asked[0]?.[0]).toBe('2026-10-31');
    expect(asked[0]?.at(-1)).toBe('2026-11-30');
    expect(report).toMatchObject({
      from: '2026-10-31T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      requested: { from: '2026-10-31T12:00:00.000Z', to: NOW.toISOString() },
    });
  });

  it('throws a ValidationError naming the fields of a bad period, and reads nothing', async () => {
    const { reader, asked } = readerOf([]);
    const getSummary = makeGetSummary({ reader, clock: testClock(NOW) });

    const error = await getSummary({ from: '2026-11-08', to: '2026-11-01' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['query.from', 'query.to']);
    expect(asked).toEqual([]);
  });

  it('applies the 366-day limit to the period asked for, before rounding', async () => {
    const { reader, asked } = readerOf([]);
    const getSummary = makeGetSummary({ reader, clock: testClock(NOW) });

    const report = await getSummary({ from: '2025-01-01T12:00:00Z', to: '2026-01-02T12:00:00Z' });
    const error = await getSummary({ from: '2025-01-01T12:00:00Z', to: '2026-01-02T12:00:01Z' }).catch(
      (e: unknown) => e,
    );

    expect(asked[0]).toHaveLength(367);
    expect(report.requested).not.toBeNull();
    expect(error).toBeInstanceOf(ValidationError);
  });
});
