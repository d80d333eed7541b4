import { ValidationError } from '../../shared/errors.js';
import { isStaff, type Principal } from '../../shared/principal.js';
import type { ListTicketsQuery } from '../contracts/ticket.js';
import type { CustomerTicketSummaryView, TicketSummaryView } from '../contracts/ticket-views.js';
import { ticketNumber } from '../domain/ticket-number.js';
import type { StaffView, TicketFilters, TicketSummary } from '../domain/ticket-views.js';
import type { TicketDeps } from './deps.js';

export interface ListTicketsDeps extends Pick<TicketDeps, 'tickets' | 'clock'> {
  /** The teams of a staff member's record (none when there is no record). */
  readonly teamsOf: (staffId: string) => Promise<readonly string[]>;
}

/**
 * `GET /v1/tickets`: customers get their own tickets, newest first; staff a view, a lookup (`q`)
 * or all tickets, each narrowed by the filters.
 */
export function makeListTickets({ tickets, clock, teamsOf }: ListTicketsDeps) {
  return async (principal: Principal, query: ListTicketsQuery) => {
    const now = clock.now();
    if (!isStaff(principal)) {
      const page = await tickets.list({
        scope: { kind: 'customer', customerId: principal.id },
        type: query.type,
        status: query.status,
        limit: query.limit,
        cursor: query.cursor,
      });
      return {
        items: page.items.map(toCustomerSummaryView),
        nextCursor: page.nextCursor,
      };
    }
    const filters = filtersOf(query);
    const view = await staffView(principal, query, now, teamsOf);
    // The team view's partitions are its teams: `team=` chose them, it filters nothing more.
    const page = await tickets.search({
      view,
      filters: view.kind === 'teams' ? { ...filters, team: undefined } : filters,
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((ticket) => toSummaryView(ticket, now)), nextCursor: page.nextCursor };
  };
}

const utc = (instant: string | undefined) =>
  instant === undefined ? undefined : new Date(instant).toISOString();

function filtersOf(query: ListTicketsQuery): TicketFilters {
  return {
    type: query.type,
    status: query.status,
    priority: query.priority,
    tag: query.tag,
    team: query.team,
    assigneeId: query.assigneeId,
    channel: query.channel,
    createdFrom: utc(query.createdFrom),
    createdTo: utc(query.createdTo),
  };
}

async function staffView(
  principal: Principal,
  query: ListTicketsQuery,
  now: Date,
  teamsOf: ListTicketsDeps['teamsOf'],
): Promise<StaffView> {
  if (query.q !== undefined) return { kind: 'lookup', q: query.q };
  switch (query.view) {
    case 'unassigned':
      return { kind: 'assignee', assigneeId: null };
    case 'mine':
      return { kind: 'assignee', assigneeId: principal.id };
    case 'team': {
      const teams = query.team ? [query.team] : await teamsOf(principal.id);
      if (teams.length === 0)
        throw new ValidationError([
          { path: 'query.team', message: 'You are in no team: name the team to list.' },
        ]);
      return { kind: 'teams', teams };
    }
    case 'breaching':
      return { kind: 'breaching', now };
    case 'breached':
      return { kind: 'breached', now };
    case 'pending_customer':
      return { kind: 'pending_customer' };
    default:
      return { kind: 'all' };
  }
}

export function toSummaryView(ticket: TicketSummary, now: Date): TicketSummaryView {
  const at = now.toISOString();
  const { deadline, ...rest } = ticket;
  return {
    ...rest,
    tags: [...ticket.tags],
    number: `#${ticketNumber(ticket.id)}`,
    nextDeadline: deadline && {
      ...deadline,
      state: deadline.dueAt < at ? 'breached' : deadline.warnAt <= at ? 'warned' : 'running',
    },
  };
}

/** A customer's list entry: no staff, priority, team, tags or escalation; the next due time only. */
export function toCustomerSummaryView(ticket: TicketSummary): CustomerTicketSummaryView {
  return {
    id: ticket.id,
    number: `#${ticketNumber(ticket.id)}`,
    type: ticket.type,
    status: ticket.status,
    orderId: ticket.orderId,
    channel: ticket.channel,
    subject: ticket.subject,
    createdAt: ticket.createdAt,
    nextDueAt: ticket.deadline?.dueAt ?? null,
  };
}
