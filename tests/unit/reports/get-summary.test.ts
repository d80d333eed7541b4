import { describe, expect, it } from 'vitest';
import type { ReportTicket } from '../../../functions/reports/domain/summary.js';
import type { TicketSource } from '../../../functions/reports/domain/ticket-source.js';
import { makeGetSummary } from '../../../functions/reports/use-cases/get-summary.js';
import { ValidationError } from '../../../functions/shared/errors.js';
import { testClock } from '../../fixtures/builders.js';
import { reportTicket } from './support.js';

const NOW = new Date('2026-11-30T12:00:00.000Z');

/** In-memory TicketSource: filters by createdAt like the index does, and records the ranges asked. */
function sourceOf(tickets: ReportTicket[]) {
  const asked: { from: string; to: string }[] = [];
  const source: TicketSource = {
    async *createdBetween(from, to) {
      asked.push({ from: from.toISOString(), to: to.toISOString() });
      for (const ticket of tickets) {
        if (ticket.createdAt >= from.toISOString() && ticket.createdAt < to.toISOString()) yield ticket;
      }
    },
  };
  return { source, asked };
}

describe('getSummary', () => {
  it('summarizes the tickets created in the period and echoes the period', async () => {
    const tickets = [
      reportTicket({ createdAt: '2026-11-01T00:00:00.000Z', type: 'refund' }),
      reportTicket({ createdAt: '2026-11-07T23:59:59.999Z', type: 'inquiry' }),
      reportTicket({ createdAt: '2026-11-08T00:00:00.000Z', type: 'inquiry' }),
    ];
    const { source, asked } = sourceOf(tickets);
    const getSummary = makeGetSummary({ source, clock: testClock(NOW) });

    const report = await getSummary({ from: '2026-11-01', to: '2026-11-08' });

    expect(asked).toEqual([{ from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' }]);
    expect(report).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-08T00:00:00.000Z',
      generatedAt: NOW.toISOString(),
      tickets: 2,
      byType: { refund: 1, inquiry: 1 },
    });
  });

  it('reads the last 30 days when no period is given', async () => {
    const { source, asked } = sourceOf([]);

    await makeGetSummary({ source, clock: testClock(NOW) })({});

    expect(asked).toEqual([{ from: '2026-10-31T12:00:00.000Z', to: NOW.toISOString() }]);
  });

  it('throws a ValidationError naming the fields of a bad period, and reads nothing', async () => {
    const { source, asked } = sourceOf([]);
    const getSummary = makeGetSummary({ source, clock: testClock(NOW) });

    const error = await getSummary({ from: '2026-11-08', to: '2026-11-01' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['query.from', 'query.to']);
    expect(asked).toEqual([]);
  });
});
