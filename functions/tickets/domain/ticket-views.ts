import type { Channel, Priority, TicketType } from '../../kernel/ticket-kinds.js';
import { nextDeadlines } from '../../sla/domain/clocks.js';
import type { Ticket } from './ticket.js';

/** Statuses that leave every queue (assignee, team, desk-wide open): the ticket is done with. */
const closedStatuses = new Set(['resolved', 'closed', 'cancelled']);

export function inQueues(ticket: Pick<Ticket, 'status'>): boolean {
  return !closedStatuses.has(ticket.status);
}

/**
 * What a staff view selects; each is one index (README "Which index serves which view").
 * `open` is every open ticket in no particular order (policy re-application).
 */
export type StaffView =
  | { readonly kind: 'assignee'; readonly assigneeId: string | null }
  | { readonly kind: 'teams'; readonly teams: readonly string[] }
  | { readonly kind: 'breaching'; readonly now: Date }
  | { readonly kind: 'breached'; readonly now: Date }
  | { readonly kind: 'pending_customer' }
  | { readonly kind: 'open' }
  | { readonly kind: 'all' }
  | { readonly kind: 'lookup'; readonly q: string };

/** Narrowing of a view; every one that is given must hold. `createdTo` is exclusive. */
export interface TicketFilters {
  readonly type?: TicketType | undefined;
  readonly status?: string | undefined;
  readonly priority?: Priority | undefined;
  readonly tag?: string | undefined;
  readonly team?: string | undefined;
  readonly assigneeId?: string | undefined;
  readonly channel?: Channel | undefined;
  readonly createdFrom?: string | undefined;
  readonly createdTo?: string | undefined;
}

export interface TicketSearch {
  readonly view: StaffView;
  readonly filters: TicketFilters;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** A ticket as lists show it: what the list indexes project, nothing else. */
export interface TicketSummary {
  readonly id: string;
  readonly type: TicketType;
  readonly status: string;
  readonly priority: Priority;
  readonly customerId: string;
  readonly orderId: string | null;
  readonly channel: Channel;
  readonly team: string;
  readonly assigneeId: string | null;
  readonly subject: string | null;
  readonly tags: readonly string[];
  readonly createdAt: string;
  readonly escalationLevel: number;
  /** The nearest running SLA deadline and its warning; null when no clock runs. */
  readonly deadline: { readonly dueAt: string; readonly warnAt: string } | null;
}

export interface TicketSummaryPage {
  readonly items: readonly TicketSummary[];
  readonly nextCursor: string | null;
}

/** The nearest running deadline of an open ticket (what the queues sort by). */
export function deadlineOf(ticket: Ticket): TicketSummary['deadline'] {
  return (inQueues(ticket) && nextDeadlines(ticket.sla)) || null;
}

export function summarize(ticket: Ticket): TicketSummary {
  const tags = (ticket as { tags?: unknown }).tags;
  return {
    id: ticket.id,
    type: ticket.type,
    status: ticket.status,
    priority: ticket.priority,
    customerId: ticket.customerId,
    orderId: ticket.orderId,
    channel: ticket.channel,
    team: ticket.team,
    assigneeId: ticket.assigneeId,
    subject: ticket.subject,
    tags: Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [],
    createdAt: ticket.createdAt,
    escalationLevel: ticket.escalationLevel,
    deadline: deadlineOf(ticket),
  };
}

/** The same test the DynamoDB adapter's FilterExpression makes (tests/unit/tickets/ticket-indexes). */
export function matchesFilters(ticket: TicketSummary, filters: TicketFilters): boolean {
  const { type, status, priority, tag, team, assigneeId, channel, createdFrom, createdTo } = filters;
  return (
    (type === undefined || ticket.type === type) &&
    (status === undefined || ticket.status === status) &&
    (priority === undefined || ticket.priority === priority) &&
    (tag === undefined || ticket.tags.includes(tag)) &&
    (team === undefined || ticket.team === team) &&
    (assigneeId === undefined || ticket.assigneeId === assigneeId) &&
    (channel === undefined || ticket.channel === channel) &&
    (createdFrom === undefined || ticket.createdAt >= createdFrom) &&
    (createdTo === undefined || ticket.createdAt < createdTo)
  );
}

/**
 * The order of a queue: the nearest running deadline first; tickets with no running clock
 * (waiting for the customer, paused) after them, the least SLA time left first.
 */
export function queueOrderKey(ticket: Ticket): string {
  const deadline = deadlineOf(ticket);
  if (deadline) return `${deadline.dueAt}#${ticket.id}`;
  const left = Object.values(ticket.sla.clocks)
    .filter((clock) => clock && !clock.completedAt)
    .map((clock) => Math.max(0, (clock?.targetMinutes ?? 0) * 60_000 - (clock?.elapsedMs ?? 0)));
  const least = left.length > 0 ? Math.min(...left) : Number.MAX_SAFE_INTEGER;
  return `~${String(least).padStart(16, '0')}#${ticket.id}`;
}
