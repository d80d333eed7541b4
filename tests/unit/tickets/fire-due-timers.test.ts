import { describe, expect, it } from 'vitest';
import { makeFireDueTimers } from '../../../functions/tickets/use-cases/fire-due-timers.js';
import { aTicket, iso, T0, ticketDeps } from '../../fixtures/builders.js';

const DAY = 24 * 60 * 60 * 1000;

describe('makeFireDueTimers: retention', () => {
  it('reports an ended ticket whose retention fell due, and writes nothing to it', async () => {
    // Prepare: closed at T0, kept 30 days
    const deps = ticketDeps({ settings: { autoCloseDays: 7, retentionDays: 30 } });
    deps.tickets.seed(
      aTicket({
        id: 't-1',
        status: 'closed',
        closedAt: iso(T0),
        updatedAt: iso(T0),
        retentionDueAt: iso(T0, 30 * DAY),
      }),
    );
    const fire = makeFireDueTimers(deps);

    // Act
    deps.clock.set(new Date(T0.getTime() + 30 * DAY - 1));
    const early = await fire('t-1');
    deps.clock.set(new Date(T0.getTime() + 30 * DAY));
    const due = await fire('t-1');

    // Assess
    expect(early.retentionDue).toBe(false);
    expect(due).toMatchObject({ retentionDue: true, closed: false, fired: [] });
    expect(deps.tickets.writes).toBe(0);
  });

  it('reports nothing for an open ticket, whatever a stale retention date says', async () => {
    const deps = ticketDeps({ settings: { autoCloseDays: 7, retentionDays: 30 } });
    deps.tickets.seed(aTicket({ id: 't-2', status: 'open', retentionDueAt: iso(T0) }));

    const result = await makeFireDueTimers(deps)('t-2');

    expect(result.retentionDue).toBe(false);
  });
});
