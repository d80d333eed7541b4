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
import { actorOf, stampEvents, type TicketDeps } from './deps.js';
import { toTicketView } from './ticket-view.js';

const MAX_ATTEMPTS = 3;

export function makeCreateTicket({ tickets, orders, clock, newId, policies, afterSales }: TicketDeps) {
  return async (principal: Principal, request: CreateTicketRequest) => {
    const staff = isStaff(principal);
    if (!staff && request.customerId !== undefined && request.customerId !== principal.id) {
      throw new ForbiddenError('Customers open tickets for themselves only.');
    }
    if (!staff && request.priority !== undefined) {
      throw new ForbiddenError('Only staff set a priority.');
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
      const [policyList, afterSalesPolicy] = await Promise.all([policies.current(), afterSales.current()]);
      const { ticket, events, orderChanges } = openTicket(
        {
          id: newId(),
          type: request.type,
          customerId,
          customerEmail: staff ? null : (principal.email ?? null),
          locale: staff ? null : (principal.locale ?? null),
          order: order ?? null,
          items: request.items,
          reason: request.reason,
          subject: request.subject,
          description: request.description,
          channel: request.channel,
          priority: request.priority,
          returnMethod: request.returnMethod,
          pickup: request.pickup,
          openedBy: principal.id,
          policyFor: (facts) => selectPolicy(policyList, facts),
          afterSales: afterSalesPolicy,
        },
        now,
      );
      try {
        await tickets.create(
          ticket,
          stampEvents(events, ticket, actorOf(principal), now, newId),
          orderChanges,
        );
      } catch (error) {
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
