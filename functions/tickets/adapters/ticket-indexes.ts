import { tableDefinition, ticketListAttributes } from '../../shared/table-catalog.js';
import type { Ticket } from '../domain/ticket.js';
import { ticketNumber } from '../domain/ticket-number.js';
import { inQueues, queueOrderKey, type TicketFilters, type TicketSummary } from '../domain/ticket-views.js';

/**
 * A stable hash of a ticket id onto `shards` partitions: FNV-1a, mixed (murmur3's finaliser) so
 * that ids differing in a character or two still land apart.
 */
export function shardOf(ticketId: string, shards: number): number {
  let hash = 2166136261;
  for (let i = 0; i < ticketId.length; i++) hash = Math.imul(hash ^ ticketId.charCodeAt(i), 16777619);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) % shards;
}

const shards = tableDefinition.ticketIndexShards;

/** The UTC day of an instant, `yyyy-mm-dd`. */
export function dayOf(instant: string): string {
  return instant.slice(0, 10);
}

/**
 * The partition keys of the ticket's list indexes. GSI3 (all tickets) spreads each creation day
 * over `ticketIndexShards` partitions, GSI6 (open tickets) spreads the whole desk the same way:
 * no "all tickets" partition takes every write.
 */
export const indexPartitions = {
  allTickets: (day: string, shard: number) => `TICKETS#${day}#${shard}`,
  allTicketsOfDay: (day: string) => Array.from({ length: shards }, (_, shard) => `TICKETS#${day}#${shard}`),
  assignee: (assigneeId: string | null) => `ASSIGNEE#${assigneeId ?? 'none'}`,
  team: (team: string) => `TEAM#${team}`,
  open: (waiting: boolean, shard: number) => `OPEN#${waiting ? 'waiting' : 'active'}#${shard}`,
  openOf: (waiting: boolean) =>
    Array.from({ length: shards }, (_, shard) => `OPEN#${waiting ? 'waiting' : 'active'}#${shard}`),
  number: (number: string) => `NUMBER#${number}`,
  email: (address: string) => `EMAIL#${address.trim().toLowerCase()}`,
};

/** The index attributes of a stored ticket, beside its own fields. */
export function ticketIndexKeys(ticket: Ticket): Record<string, string> {
  const created = `${ticket.createdAt}#${ticket.id}`;
  const shard = shardOf(ticket.id, shards);
  const keys: Record<string, string> = {
    GSI3PK: indexPartitions.allTickets(dayOf(ticket.createdAt), shard),
    GSI3SK: created,
    GSI7PK: indexPartitions.number(ticketNumber(ticket.id)),
    GSI7SK: ticket.id,
  };
  if (inQueues(ticket)) {
    const order = queueOrderKey(ticket);
    Object.assign(keys, {
      GSI2PK: indexPartitions.assignee(ticket.assigneeId),
      GSI2SK: order,
      GSI5PK: indexPartitions.team(ticket.team),
      GSI5SK: order,
      GSI6PK: indexPartitions.open(ticket.status === 'pending_customer', shard),
      GSI6SK: order,
    });
  }
  // An erased address ('[erased]') is no address: erasure removes the key, and no rewrite adds it back.
  if (ticket.customerEmail?.includes('@')) {
    keys.GSI8PK = indexPartitions.email(ticket.customerEmail);
    keys.GSI8SK = created;
  }
  return keys;
}

/** A list entry from what a list index projects (or a projected read of the ticket item). */
export function summaryOfItem(item: Record<string, unknown>): TicketSummary {
  const text = (name: string) => (typeof item[name] === 'string' ? (item[name] as string) : null);
  const dueAt = text('slaDueAt');
  const warnAt = text('slaWarnAt');
  return {
    id: String(item.id),
    type: item.type as TicketSummary['type'],
    status: String(item.status),
    priority: item.priority as TicketSummary['priority'],
    customerId: String(item.customerId),
    orderId: text('orderId'),
    channel: item.channel as TicketSummary['channel'],
    team: String(item.team),
    assigneeId: text('assigneeId'),
    subject: text('subject'),
    tags: Array.isArray(item.tags) ? item.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    createdAt: String(item.createdAt),
    escalationLevel: typeof item.escalationLevel === 'number' ? item.escalationLevel : 0,
    deadline: dueAt && warnAt ? { dueAt, warnAt } : null,
  };
}

/** A ProjectionExpression of the list attributes, for reads of the ticket item itself. */
export function listProjection(): { expression: string; names: Record<string, string> } {
  const names = Object.fromEntries(ticketListAttributes.map((name, index) => [`#l${index}`, name]));
  return { expression: Object.keys(names).join(', '), names };
}

export interface FilterParts {
  /** Undefined when nothing is filtered. */
  readonly expression: string | undefined;
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
}

/**
 * The FilterExpression of a view's filters (the same test as `matchesFilters`). `tags` is a list
 * attribute; `contains` on a ticket without it is false.
 */
export function filterExpression(filters: TicketFilters): FilterParts {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const terms: string[] = [];
  const equal = (field: 'type' | 'status' | 'priority' | 'team' | 'assigneeId' | 'channel') => {
    const value = filters[field];
    if (value === undefined) return;
    names[`#f_${field}`] = field;
    values[`:f_${field}`] = value;
    terms.push(`#f_${field} = :f_${field}`);
  };
  equal('type');
  equal('status');
  equal('priority');
  equal('team');
  equal('assigneeId');
  equal('channel');
  if (filters.tag !== undefined) {
    names['#f_tags'] = 'tags';
    values[':f_tag'] = filters.tag;
    terms.push('contains(#f_tags, :f_tag)');
  }
  if (filters.createdFrom !== undefined || filters.createdTo !== undefined)
    names['#f_createdAt'] = 'createdAt';
  if (filters.createdFrom !== undefined) {
    values[':f_createdFrom'] = filters.createdFrom;
    terms.push('#f_createdAt >= :f_createdFrom');
  }
  if (filters.createdTo !== undefined) {
    values[':f_createdTo'] = filters.createdTo;
    terms.push('#f_createdAt < :f_createdTo');
  }
  return { expression: terms.length > 0 ? terms.join(' AND ') : undefined, names, values };
}
