import type { AfterSalesPolicyRepository } from '../../after-sales/domain/policy-repository.js';
import type { ClassifierRepository } from '../../classification/domain/classifier-repository.js';
import type { OrderRepository } from '../../orders/domain/order-repository.js';
import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/errors.js';
import { isStaff, type Principal } from '../../shared/principal.js';
import type { SlaPolicySource } from '../../sla/domain/policy-repository.js';
import type { NewEvent } from '../domain/lifecycle.js';
import { startsPlatformTimer } from '../domain/platform-timeouts.js';
import type { RouteTicket } from '../domain/routing.js';
import type { Actor, Ticket, TicketEvent } from '../domain/ticket.js';
import type { TicketRepository } from '../domain/ticket-repository.js';
import { settleTicket, type TicketSettings } from '../domain/timers.js';

export interface TicketDeps {
  readonly tickets: TicketRepository;
  readonly orders: OrderRepository;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly policies: SlaPolicySource;
  readonly afterSales: AfterSalesPolicyRepository;
  /** The classifier config in force (create-ticket reads it; cached while its version stands). */
  readonly classifier: ClassifierRepository;
  readonly settings: TicketSettings;
  /** Team and priority for a new ticket (the routing rules in force). */
  readonly routeTicket: RouteTicket;
}

/** Brings a changed ticket's SLA policy, auto-close and platform timeout up to date before it is stored. */
export async function settle(
  ticket: Ticket,
  { policies, settings, afterSales }: Pick<TicketDeps, 'policies' | 'settings' | 'afterSales'>,
  now: Date,
): Promise<Ticket> {
  // The after-sales policy only when a platform timer starts (a status change): most writes are
  // messages and actions that keep the status, and read one policy less.
  const [slaPolicies, timeouts] = await Promise.all([
    policies.current(),
    startsPlatformTimer(ticket) ? afterSales.current().then((policy) => policy.timeouts) : undefined,
  ]);
  return settleTicket(ticket, slaPolicies, settings, now, timeouts);
}

/** The acting role recorded on events: the most senior staff role, else customer. */
export function actorOf(principal: Principal): Actor {
  for (const role of ['admin', 'supervisor', 'agent', 'integration', 'customer'] as const) {
    if (principal.roles.has(role)) return { id: principal.id, role };
  }
  return { id: principal.id, role: 'customer' };
}

export function stampEvents(
  events: readonly NewEvent[],
  ticket: Ticket,
  actor: Actor,
  now: Date,
  newId: () => string,
): TicketEvent[] {
  // A copied event keeps its original author and time; `original` itself is not stored.
  return events.map(({ original, ...event }) => ({
    ...event,
    id: newId(),
    ticketId: ticket.id,
    ticketType: ticket.type,
    at: original?.at ?? now.toISOString(),
    actor: original?.actor ?? actor,
  }));
}

/** A ticket the caller may see. Another customer's ticket is reported exactly like a missing one. */
export function assertVisible(ticket: Ticket | undefined, principal: Principal, ticketId: string): Ticket {
  if (!ticket || (!isStaff(principal) && ticket.customerId !== principal.id)) {
    throw new NotFoundError(`Ticket ${ticketId} was not found.`);
  }
  return ticket;
}
