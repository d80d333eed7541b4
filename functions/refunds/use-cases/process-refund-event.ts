import type { OrderRepository } from '../../orders/domain/order-repository.js';
import type { TicketEventEnvelope } from '../../tickets/contracts/events.js';
import type { Ticket } from '../../tickets/domain/ticket.js';
import type { TicketRepository } from '../../tickets/domain/ticket-repository.js';
import { autoApprove, completeRefund, failRefund, startRefund } from '../../tickets/domain/workflows.js';
import type { makeApplySystemStep } from '../../tickets/use-cases/apply-system-step.js';
import { matchingRule, postageReimbursement } from '../domain/policy.js';
import type { AfterSalesPolicyRepository } from '../domain/policy-repository.js';
import { type PaymentGateway, PermanentGatewayError, TransientGatewayError } from '../domain/ports.js';

export interface RefundWorkerDeps {
  readonly tickets: TicketRepository;
  readonly orders: OrderRepository;
  readonly afterSales: AfterSalesPolicyRepository;
  readonly gateway: PaymentGateway;
  readonly applyStep: ReturnType<typeof makeApplySystemStep>;
}

const DAY = 24 * 60 * 60 * 1000;

/** Refund tickets the customer opened in the 30 days before `now`, this one excluded. */
async function recentRefunds(tickets: TicketRepository, ticket: Ticket, now: Date): Promise<number> {
  const since = now.getTime() - 30 * DAY;
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await tickets.list({
      scope: { kind: 'customer', customerId: ticket.customerId },
      type: 'refund',
      limit: 100,
      cursor,
    });
    for (const other of page.items) {
      if (
        other.id !== ticket.id &&
        Date.parse(other.createdAt) >= since &&
        other.status !== 'cancelled' &&
        other.status !== 'rejected'
      ) {
        count += 1;
      }
    }
    const oldest = page.items.at(-1);
    cursor = page.nextCursor && oldest && Date.parse(oldest.createdAt) >= since ? page.nextCursor : undefined;
  } while (cursor);
  return count;
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
        if (event.ticketType !== 'refund') return 'ignored';
        const policy = await deps.afterSales.current();
        const result = await applyStep(event.ticketId, async (ticket, now) => {
          if (ticket.status !== 'requested' || !ticket.refund || !ticket.orderId) return null;
          const order = await deps.orders.get(ticket.orderId);
          const categories = ticket.items.map(
            (item) => order?.items.find((line) => line.sku === item.sku)?.category ?? 'unknown',
          );
          const rule = matchingRule(policy.autoApproval, {
            amount: ticket.refund.amount,
            reason: ticket.reason,
            categories,
            recentRefunds: await recentRefunds(deps.tickets, ticket, now),
          });
          return rule ? autoApprove(ticket, rule, now) : null;
        });
        return result ? 'auto-approved' : 'left for an agent';
      }
      case 'TicketApproved':
      case 'InspectionCompleted': {
        if (event.type === 'TicketApproved' && event.ticketType !== 'refund') return 'ignored';
        if (event.type === 'InspectionCompleted' && event.data.result !== 'accepted') return 'ignored';
        const policy = await deps.afterSales.current();
        const result = await applyStep(event.ticketId, (ticket, now) => {
          const ready =
            (ticket.type === 'refund' && ticket.status === 'approved') ||
            (ticket.type === 'return' &&
              ticket.status === 'inspected' &&
              ticket.inspection?.result === 'accepted');
          if (!ready || !ticket.refund) return null;
          const postage = postageReimbursement({
            reason: ticket.reason,
            returnMethod: ticket.returnMethod,
            declaredPostage: ticket.returnShipment?.postage ?? null,
            currency: ticket.refund.currency,
            caps: policy.returnPostageCaps,
          });
          return startRefund(ticket, now, postage);
        });
        return result ? 'refund started' : 'nothing to do';
      }
      case 'RefundRequested': {
        const attempt = Number(event.data.attempt);
        const ticket = await deps.tickets.get(event.ticketId);
        if (
          ticket?.status !== 'refunding' ||
          !ticket.refund ||
          ticket.refund.attempt !== attempt ||
          !ticket.orderId
        ) {
          return 'stale';
        }
        let outcome: { ok: true; id: string } | { ok: false; reason: string };
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
          if (error instanceof PermanentGatewayError) outcome = { ok: false, reason: error.message };
          else if (error instanceof TransientGatewayError && options.finalDelivery) {
            outcome = { ok: false, reason: `The payment provider did not answer: ${error.message}` };
          } else throw error;
        }
        await applyStep(event.ticketId, (fresh, now) => {
          if (fresh.status !== 'refunding' || fresh.refund?.attempt !== attempt) return null;
          return outcome.ok ? completeRefund(fresh, outcome.id, now) : failRefund(fresh, outcome.reason, now);
        });
        return outcome.ok ? 'refunded' : 'refund failed';
      }
      default:
        return 'ignored';
    }
  };
}
