import { describe, expect, it } from 'vitest';
import { quotaExceeded, ticketQuota } from '../../../functions/tickets/domain/ticket-quota.js';

describe('ticketQuota', () => {
  it('counts by clock hour (UTC) and ends at the next hour', () => {
    const quota = ticketQuota('c-1', 20, new Date('2026-12-03T13:59:59.500Z'));
    expect(quota).toEqual({
      customerId: 'c-1',
      hour: '2026-12-03T13',
      max: 20,
      endsAt: new Date('2026-12-03T14:00:00.000Z'),
    });
  });

  it('asks for at least one second of patience, rounded up', () => {
    const quota = ticketQuota('c-1', 20, new Date('2026-12-03T13:00:00.000Z'));
    expect(quotaExceeded(quota, new Date('2026-12-03T13:00:00.000Z')).retryAfterSeconds).toBe(3600);
    expect(quotaExceeded(quota, new Date('2026-12-03T13:59:59.900Z')).retryAfterSeconds).toBe(1);
    expect(quotaExceeded(quota, new Date('2026-12-03T13:30:00.001Z')).retryAfterSeconds).toBe(1800);
  });
});
