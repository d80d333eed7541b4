import { describe, expect, it } from 'vitest';
import type { SlaPolicy } from '../../../functions/sla/domain/policy.js';
import { seededPolicies } from '../../../functions/sla/domain/policy.js';
import { makeReapplyPolicies } from '../../../functions/tickets/use-cases/reapply-sla-policies.js';
import { aTicket, ticketDeps } from '../../fixtures/builders.js';
import { policySource } from '../../fixtures/in-memory.js';

const fast: SlaPolicy = {
  ...(seededPolicies.find((p) => p.id === 'default') as SlaPolicy),
  id: 'fast-inquiry',
  name: 'Fast inquiries',
  match: { types: ['inquiry'] },
  order: 1,
  targets: { firstResponseMinutes: 1, nextResponseMinutes: 1, resolutionMinutes: 5 },
};

describe('moving open tickets onto a changed policy', () => {
  const queue = { enqueue: async () => {} };

  it('moves a ticket that another writer (say, the assigner) changed in the middle of the move', async () => {
    const deps = ticketDeps();
    const ticket = aTicket({ id: 't-1' });
    expect(ticket.sla.policyId).toBe('default');
    deps.tickets.seed(ticket);
    // The assigner's write lands between the page read and the move; it does not settle the SLA.
    deps.tickets.interfereOnNextUpdate((stored) => ({ ...stored, assigneeId: 'agent-1' }));
    const reapply = makeReapplyPolicies({
      ...deps,
      policies: policySource([fast, ...seededPolicies]),
      queue,
    });

    const result = await reapply({ policyId: 'fast-inquiry', version: 1 });

    const stored = deps.tickets.stored('t-1');
    expect(stored?.sla.policyId).toBe('fast-inquiry');
    expect(stored?.assigneeId).toBe('agent-1');
    expect(result.moved).toBe(1);
  });

  it('leaves tickets the policy does not change alone', async () => {
    const deps = ticketDeps();
    deps.tickets.seed(aTicket({ id: 't-1' }));
    const reapply = makeReapplyPolicies({ ...deps, queue });

    const result = await reapply({ policyId: 'default', version: 2 });

    expect(result).toMatchObject({ scanned: 1, moved: 0, more: false });
    expect(deps.tickets.writes).toBe(0);
  });
});
