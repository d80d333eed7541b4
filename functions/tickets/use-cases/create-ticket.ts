import { classify } from '../../classification/domain/classifier.js';
import { orderTotal } from '../../orders/domain/order.js';
import { ticketIdFor } from '../../shared/derived-id.js';
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../shared/errors.js';
import { isStaff, type Principal } from '../../shared/principal.js';
import { selectPolicy } from '../../sla/domain/policy.js';
import type { CreateTicketRequest } from '../contracts/ticket.js';
import { openTicket } from '../domain/open-ticket.js';
import type { Ticket } from '../domain/ticket.js';
import { quotaExceeded, ticketQuota } from '../domain/ticket-quota.js';
import { actorOf, settle, stampEvents, type TicketDeps } from './deps.js';
import { toTicketView } from './ticket-view.js';

const MAX_ATTEMPTS = 3;

export interface CreateTicketOptions {
  /**
   * The request's `Idempotency-Key`: the ticket's id is then derived from the caller and the key,
   * so a second run of the same request (whatever its idempotency record says) finds the ticket
   * instead of opening another, and answers it as the first run did.
   */
  readonly idempotencyKey?: string | undefined;
}

export interface CreateTicketLimits {
  /** MAX_TICKETS_PER_HOUR: tickets a customer may open in one clock hour; beyond, 429 TOO_MANY_TICKETS. */
  readonly maxTicketsPerHour: number;
}

/**
 * @param limits the per-customer limit; left out (tests of other rules, tools), customers open
 *   tickets without one.
 */
export function makeCreateTicket(deps: TicketDeps, limits?: CreateTicketLimits) {
  const { tickets, orders, clock, newId, policies, afterSales, classifier, routeTicket } = deps;
  /** The ticket this caller already opened under this key, answered as a first create; undefined if none. */
  async function replay(id: string, principal: Principal, request: CreateTicketRequest) {
    const existing = await tickets.get(id);
    if (!existing) return undefined;
    if ((existing.openedBy ?? null) !== principal.id || !sameRequest(existing, request)) {
      throw new ConflictError(
        'This Idempotency-Key was used with a different request body.',
        'IDEMPOTENCY_KEY_REUSED',
      );
    }
    return toTicketView(existing, principal, clock.now());
  }

  return async (principal: Principal, request: CreateTicketRequest, options: CreateTicketOptions = {}) => {
    const staff = isStaff(principal);
    if (!staff && request.customerId !== undefined && request.customerId !== principal.id) {
      throw new ForbiddenError('Customers open tickets for themselves only.');
    }
    if (!staff && request.priority !== undefined) {
      throw new ForbiddenError('Only staff set a priority.');
    }
    const derivedId =
      options.idempotencyKey === undefined ? undefined : ticketIdFor(principal.id, options.idempotencyKey);
    if (derivedId !== undefined) {
      // Judged before the order: the first run's own hold must not refuse its retry.
      const earlier = await replay(derivedId, principal, request);
      if (earlier) return earlier;
    }
    for (let attempt = 1; ; attempt++) {
      const order = request.orderId ? await orders.get(request.orderId) : undefined;
      if (request.orderId && (!order || (!staff && order.customerId !== principal.id))) {
        throw new NotFoundError(`Order ${request.orderId} was not found.`);
      }
      const customerId = staff ? (request.customerId ?? order?.customerId) : principal.id;
      if (!customerId) {
        throw new ValidationError([{ path: 'customerId', message: 'Name the customer this ticket is for.' }]);
      }
      if (order && order.customerId !== customerId) {
        throw new ValidationError([
          { path: 'customerId', message: `Order ${order.id} belongs to another customer.` },
        ]);
      }
      const now = clock.now();
      const [policyList, afterSalesPolicy, classifierConfig] = await Promise.all([
        policies.current(),
        afterSales.current(),
        classifier.current(),
      ]);
      const classification = classify(
        { subject: request.subject, description: request.description, reason: request.reason },
        classifierConfig,
      );
      const locale = staff ? null : (principal.locale ?? null);
      // Routing sees the classification's labels (a legal threat goes to complaints, urgent).
      const routing = await routeTicket({
        type: request.type,
        reason: request.reason,
        channel: request.channel,
        language: order?.locale ?? locale ?? 'en',
        customerTier: order?.customerTier ?? 'standard',
        orderValue: order ? orderTotal(order) : null,
        currency: order?.currency ?? null,
        labels: classification.labels.map((entry) => entry.label),
        priority: request.priority ?? 'normal',
      });
      const opened = openTicket(
        {
          id: derivedId ?? newId(),
          type: request.type,
          customerId,
          customerEmail: staff ? null : (principal.email ?? null),
          locale,
          order: order ?? null,
          items: request.items,
          reason: request.reason,
          subject: request.subject,
          description: request.description,
          channel: request.channel,
          routing,
          returnMethod: request.returnMethod,
          pickup: request.pickup,
          openedBy: principal.id,
          classification,
          policyFor: (facts) => selectPolicy(policyList, facts),
          afterSales: afterSalesPolicy,
        },
        now,
      );
      // Derived state as on every write: the platform timeout and the watchdog start now.
      const { events, orderChanges } = opened;
      const ticket = await settle(opened.ticket, deps, now);
      // Counted in the ticket's own write: a refused or failed create counts nothing.
      const quota = !staff && limits ? ticketQuota(customerId, limits.maxTicketsPerHour, now) : undefined;
      try {
        await tickets.create(
          ticket,
          stampEvents(events, ticket, actorOf(principal), now, newId),
          orderChanges,
          quota,
        );
      } catch (error) {
        if (quota && error instanceof ConflictError && error.code === 'TICKET_QUOTA_USED') {
          throw quotaExceeded(quota, now);
        }
        // Another run of the same request wrote it first: answer that ticket.
        if (derivedId !== undefined && error instanceof ConflictError && error.code === 'TICKET_EXISTS') {
          const earlier = await replay(derivedId, principal, request);
          if (earlier) return earlier;
        }
        // Another ticket took units (or the shipping) of the order at the same moment: judge
        // again on fresh order facts; a request that still fits then goes through.
        const raced =
          (error instanceof BusinessRuleError && error.code === 'EXCEEDS_REFUNDABLE') ||
          (error instanceof ConflictError && error.code === 'CONCURRENT_UPDATE');
        if (raced && orderChanges && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      return toTicketView(ticket, principal, now);
    }
  };
}

/** Whether a stored ticket was opened by this request: type, order, reason and items (SKU, quantity). */
function sameRequest(ticket: Ticket, request: CreateTicketRequest): boolean {
  const items = (list: readonly { sku: string; quantity: number }[]) =>
    JSON.stringify(list.map(({ sku, quantity }) => [sku, quantity]).sort());
  return (
    ticket.type === request.type &&
    ticket.orderId === (request.orderId ?? null) &&
    ticket.reason === request.reason &&
    (request.customerId === undefined || ticket.customerId === request.customerId) &&
    items(ticket.items) === items(request.items ?? [])
  );
}
