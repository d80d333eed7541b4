import { daysSinceDelivery, keepItemVerdict } from '../../../../after-sales/domain/eligibility.js';
import {
  type AutoApprovalRule,
  historyStillMatters,
  matchingRule,
  postageReimbursement,
  type RecentRefunds,
  rulesBeforeHistory,
} from '../../../../after-sales/domain/policy.js';
import type { AfterSalesPolicyRepository } from '../../../../after-sales/domain/policy-repository.js';
import type { OrderRepository } from '../../../../orders/domain/order-repository.js';
import type { TicketEventEnvelope } from '../../../contracts/events.js';
import type { Ticket } from '../../../domain/ticket.js';
import type { TicketRepository } from '../../../domain/ticket-repository.js';
import type { makeApplySystemStep } from '../../../use-cases/apply-system-step.js';
import {
  type PastTicket,
  type PaymentGateway,
  PermanentGatewayError,
  type RefundHistory,
  TransientGatewayError,
} from '../domain/ports.js';
import {
  autoApprove,
  completeRefund,
  declineAutoApproval,
  failRefund,
  startRefund,
} from '../domain/steps.js';

export interface RefundWorkerDeps {
  readonly tickets: TicketRepository;
  readonly orders: OrderRepository;
  readonly afterSales: AfterSalesPolicyRepository;
  readonly history: RefundHistory;
  readonly gateway: PaymentGateway;
  readonly applyStep: ReturnType<typeof makeApplySystemStep>;
}

const DAY = 24 * 60 * 60 * 1000;

/** One earlier ticket added to the customer's 30-day tally. */
export function countRecent(recent: RecentRefunds, other: PastTicket): RecentRefunds {
  const counts = other.type === 'refund' && other.status !== 'cancelled' && other.status !== 'rejected';
  const paid = other.refund && ['approved', 'processing', 'issued'].includes(other.refund.status);
  return {
    count: recent.count + (counts ? 1 : 0),
    amount: recent.amount + (paid && other.refund ? other.refund.amount : 0),
  };
}

/**
 * The customer's refunds in the 30 days before `now`, this ticket excluded: how many refund
 * tickets they opened, and how much money (refunds and returns) was approved or paid to them.
 * Read newest first and only as far as it matters: the reading stops once every rule in `rules`
 * is refused by what was counted (more history cannot undo that), in pages sized to the largest
 * refund count a rule allows.
 */
export async function recentRefunds(
  history: RefundHistory,
  ticket: Ticket,
  now: Date,
  rules: readonly AutoApprovalRule[],
): Promise<RecentRefunds> {
  const since = new Date(now.getTime() - 30 * DAY);
  // This ticket is in the window too, hence one more.
  const pageSize = Math.min(100, Math.max(...rules.map((rule) => rule.maxRecentRefunds)) + 1);
  let recent: RecentRefunds = { count: 0, amount: 0 };
  for await (const other of history.createdSince(ticket.customerId, since, pageSize)) {
    if (other.id !== ticket.id) recent = countRecent(recent, other);
    if (!historyStillMatters(rules, recent)) break;
  }
  return recent;
}

/**
 * The refunds workflow, one event at a time: auto-approval of new refunds, the start of payment
 * once approved (or once a returned item passed inspection), and the payment itself. Every step
 * re-reads the ticket and does nothing when the ticket has moved on, so redelivery is harmless;
 * the gateway gets one idempotency key per attempt, so a retried call never pays twice.
 */
export function makeProcessRefundEvent(deps: RefundWorkerDeps) {
  return async (event: TicketEventEnvelope, options: { finalDelivery: boolean }): Promise<string> => {
    const { applyStep } = deps;
    switch (event.type) {
      case 'TicketCreated': {
        const policy = await deps.afterSales.current();
        const result = await applyStep(event.ticketId, async (ticket, now) => {
          // Only refunds are judged by the one-click rules (a return's refund waits for inspection).
          if (ticket.type !== 'refund' || ticket.status !== 'requested' || !ticket.refund || !ticket.orderId)
            return null;
          // Judged on fresh facts: the order as it stands (its refunds approved or paid count).
          const order = await deps.orders.get(ticket.orderId);
          if (!order) return declineAutoApproval(ticket, now);
          const categories = ticket.items.map(
            (item) => order.items.find((line) => line.sku === item.sku)?.category ?? 'unknown',
          );
          const amount = ticket.refund.itemsAmount + ticket.refund.shippingAmount;
          const total = order.approvedAmount + amount;
          const keep = keepItemVerdict({
            type: ticket.type,
            reason: ticket.reason,
            currency: ticket.refund.currency,
            total,
            keepItemMaxAmount: policy.keepItemMaxAmount,
          });
          if (!keep.ok) return declineAutoApproval(ticket, now);
          const facts = {
            amount: total,
            reason: ticket.reason,
            categories,
            daysSinceDelivery: daysSinceDelivery(order.deliveredAt, now),
          };
          // Only the rules a clean history would pass are worth the customer's history.
          const rules = rulesBeforeHistory(policy.autoApproval, facts);
          if (rules.length === 0) return declineAutoApproval(ticket, now);
          const recent = await recentRefunds(deps.history, ticket, now, rules);
          const rule = matchingRule(rules, {
            ...facts,
            recentRefunds: recent.count,
            recentRefundedAmount: recent.amount,
          });
          return rule ? autoApprove(ticket, rule, now) : declineAutoApproval(ticket, now);
        });
        return result?.status === 'approved' ? 'auto-approved' : 'left for an agent';
      }
      case 'TicketApproved':
      case 'InspectionCompleted': {
        if (event.type === 'InspectionCompleted' && event.data.result !== 'accepted') return 'ignored';
        const policy = await deps.afterSales.current();
        const result = await applyStep(event.ticketId, async (ticket, now) => {
          const ready =
            (ticket.type === 'refund' && ticket.status === 'approved') ||
            (ticket.type === 'return' &&
              ticket.status === 'inspected' &&
              ticket.inspection?.result === 'accepted');
          if (!ready || !ticket.refund || !ticket.orderId) return null;
          // The postage cap is per order: what its other returns were promised counts.
          const order = ticket.refund.attempt === 0 ? await deps.orders.get(ticket.orderId) : undefined;
          const cap = policy.returnPostageCaps[ticket.refund.currency] ?? 0;
          const amount = postageReimbursement({
            reason: ticket.reason,
            returnMethod: ticket.returnMethod,
            declaredPostage: ticket.returnShipment?.postage ?? null,
            currency: ticket.refund.currency,
            caps: policy.returnPostageCaps,
            alreadyReimbursed: order?.postageReimbursed ?? 0,
          });
          return startRefund(ticket, now, { amount, cap });
        });
        return result ? 'refund started' : 'nothing to do';
      }
      case 'RefundRequested': {
        const { attempt } = event.data;
        const ticket = await deps.tickets.get(event.ticketId);
        if (
          ticket?.status !== 'refunding' ||
          !ticket.refund ||
          ticket.refund.attempt !== attempt ||
          !ticket.orderId
        ) {
          return 'stale';
        }
        let outcome: { ok: true; id: string } | { ok: false; definitive: boolean; detail: string };
        try {
          const paid = await deps.gateway.refund({
            idempotencyKey: `${ticket.id}#${attempt}`,
            reference: ticket.id,
            orderId: ticket.orderId,
            amount: ticket.refund.amount,
            currency: ticket.refund.currency,
          });
          outcome = { ok: true, id: paid.gatewayRefundId };
        } catch (error) {
          if (error instanceof PermanentGatewayError) {
            outcome = { ok: false, definitive: true, detail: error.message };
          } else if (error instanceof TransientGatewayError && options.finalDelivery) {
            // Unknown: it may have paid. The next try reuses this attempt's key.
            outcome = {
              ok: false,
              definitive: false,
              detail: `The payment provider did not answer: ${error.message}`,
            };
          } else throw error;
        }
        await applyStep(event.ticketId, (fresh, now) => {
          if (fresh.status !== 'refunding' || fresh.refund?.attempt !== attempt) return null;
          return outcome.ok ? completeRefund(fresh, outcome.id, now) : failRefund(fresh, outcome, now);
        });
        return outcome.ok ? 'refunded' : 'refund failed';
      }
      default:
        return 'ignored';
    }
  };
}
