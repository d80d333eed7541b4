import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AutoApprovalRule,
  defaultAfterSalesPolicy,
  matchingRule,
  rulesBeforeHistory,
} from '../../../../../functions/after-sales/domain/policy.js';
import { reasons } from '../../../../../functions/kernel/ticket-kinds.js';
import type { Ticket } from '../../../../../functions/tickets/domain/ticket.js';
import type {
  PastTicket,
  RefundHistory,
} from '../../../../../functions/tickets/workflows/refund/domain/ports.js';
import {
  countRecent,
  recentRefunds,
} from '../../../../../functions/tickets/workflows/refund/use-cases/process-refund-event.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const DAY = 86_400_000;
const ticket = { id: 'self', customerId: 'c-1' } as Ticket;

/** The customer's tickets in memory, newest first, counting what a reader took and in how many pages. */
function historyOf(tickets: readonly PastTicket[]) {
  const read = { items: 0, pages: 0 };
  const history: RefundHistory = {
    async *createdSince(_customerId, since, pageSize) {
      const window = [...tickets]
        .filter((other) => other.createdAt >= since.toISOString())
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      for (let start = 0; start < window.length; start += pageSize) {
        read.pages += 1;
        const page = window.slice(start, start + pageSize);
        read.items += page.length;
        yield* page;
      }
    },
  };
  return { history, read };
}

const pastTicket = (index: number): fc.Arbitrary<PastTicket> =>
  fc.record({
    id: fc.constant(`t-${index}`),
    type: fc.constantFrom('refund', 'return', 'exchange'),
    status: fc.constantFrom('requested', 'approved', 'refunded', 'cancelled', 'rejected', 'closed'),
    createdAt: fc
      .integer({ min: 0, max: 45 * DAY })
      .map((ago) => new Date(NOW.getTime() - ago).toISOString()),
    refund: fc.option(
      fc.record({
        status: fc.constantFrom('pending', 'approved', 'processing', 'issued', 'failed', 'cancelled'),
        amount: fc.integer({ min: 0, max: 30_000 }),
      }),
    ),
  });

const rule: fc.Arbitrary<AutoApprovalRule> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  name: fc.constant('rule'),
  maxAmount: fc.integer({ min: 0, max: 40_000 }),
  reasons: fc.subarray([...reasons]),
  categories: fc.constant([]),
  maxRecentRefunds: fc.integer({ min: 0, max: 8 }),
  maxDaysSinceDelivery: fc.option(fc.integer({ min: 0, max: 30 })),
  maxRefundedAmount30Days: fc.option(fc.integer({ min: 0, max: 100_000 })),
});

describe('auto-approval history', () => {
  it('picks the same rule as counting the whole 30 days, whatever the rules and history', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rule, { maxLength: 4 }),
        fc
          .integer({ min: 0, max: 40 })
          .chain((size) => fc.tuple(...Array.from({ length: size }, (_, i) => pastTicket(i)))),
        fc.record({
          amount: fc.integer({ min: 0, max: 40_000 }),
          reason: fc.constantFrom(...reasons),
          categories: fc.constant(['home']),
          daysSinceDelivery: fc.option(fc.integer({ min: 0, max: 40 })),
        }),
        async (rules, past, facts) => {
          const self: PastTicket = {
            id: 'self',
            type: 'refund',
            status: 'requested',
            createdAt: NOW.toISOString(),
          };
          const since = new Date(NOW.getTime() - 30 * DAY).toISOString();
          const whole = past
            .filter((other) => other.createdAt >= since)
            .reduce(countRecent, { count: 0, amount: 0 });
          const expected = matchingRule(rules, {
            ...facts,
            recentRefunds: whole.count,
            recentRefundedAmount: whole.amount,
          });

          const candidates = rulesBeforeHistory(rules, facts);
          const bounded =
            candidates.length === 0
              ? undefined
              : await recentRefunds(historyOf([...past, self]).history, ticket, NOW, candidates);
          const picked = bounded
            ? matchingRule(candidates, {
                ...facts,
                recentRefunds: bounded.count,
                recentRefundedAmount: bounded.amount,
              })
            : undefined;

          expect(picked).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('stops at the default rule’s limit: 300 earlier refunds cost one page of four', async () => {
    const past: PastTicket[] = Array.from({ length: 300 }, (_, i) => ({
      id: `t-${i}`,
      type: 'refund',
      status: 'refunded',
      createdAt: new Date(NOW.getTime() - (i + 1) * 60_000).toISOString(),
      refund: { status: 'issued', amount: 1_000 },
    }));
    const { history, read } = historyOf([
      ...past,
      { id: 'self', type: 'refund', status: 'requested', createdAt: NOW.toISOString() },
    ]);

    const recent = await recentRefunds(history, ticket, NOW, defaultAfterSalesPolicy.autoApproval);

    expect(recent.count).toBe(3);
    expect(read).toEqual({ items: 4, pages: 1 });
  });

  it('counts every ticket of the window when no rule is refused yet, and none older', async () => {
    const past: PastTicket[] = [
      {
        id: 'a',
        type: 'refund',
        status: 'refunded',
        createdAt: new Date(NOW.getTime() - DAY).toISOString(),
        refund: { status: 'issued', amount: 500 },
      },
      {
        id: 'b',
        type: 'return',
        status: 'refunded',
        createdAt: new Date(NOW.getTime() - 2 * DAY).toISOString(),
        refund: { status: 'issued', amount: 700 },
      },
      {
        id: 'c',
        type: 'refund',
        status: 'cancelled',
        createdAt: new Date(NOW.getTime() - 3 * DAY).toISOString(),
        refund: { status: 'cancelled', amount: 900 },
      },
      {
        id: 'd',
        type: 'refund',
        status: 'refunded',
        createdAt: new Date(NOW.getTime() - 31 * DAY).toISOString(),
        refund: { status: 'issued', amount: 100 },
      },
    ];

    const recent = await recentRefunds(
      historyOf(past).history,
      ticket,
      NOW,
      defaultAfterSalesPolicy.autoApproval,
    );

    expect(recent).toEqual({ count: 1, amount: 1_200 });
  });
});
