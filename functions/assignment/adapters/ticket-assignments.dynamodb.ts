import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../shared/errors.js';
import { nextDeadlines } from '../../sla/domain/clocks.js';
import type { WaitingEntry } from '../../staff/domain/ports.js';
import type { DynamoDbTicketRepository } from '../../tickets/adapters/ticket-repository.dynamodb.js';
import type { Ticket, TicketEvent } from '../../tickets/domain/ticket.js';
import type { AssignableTicket, AssignmentRecord, TicketAssignments } from '../domain/ports.js';

const closed = ['resolved', 'closed', 'cancelled'];
const assigner = { id: 'assigner', role: 'system' } as const;

function assignable(ticket: Ticket): AssignableTicket {
  return {
    id: ticket.id,
    version: ticket.version,
    type: ticket.type,
    language: ticket.locale,
    team: ticket.team,
    priority: ticket.priority,
    open: !closed.includes(ticket.status),
    assigneeId: ticket.assigneeId,
    lastAssigneeId: ticket.lastAssigneeId ?? null,
    deadline: nextDeadlines(ticket.sla)?.dueAt ?? null,
    waiting: ticket.waiting ?? null,
  };
}

/**
 * The assigner's side of the ticket core (functions/assignment/domain/ports.ts): its writes are the
 * ticket repository's own transactions, which also move the load counters and the team queue.
 */
export class DynamoDbTicketAssignments implements TicketAssignments {
  constructor(private readonly tickets: DynamoDbTicketRepository) {}

  async get(ticketId: string): Promise<AssignableTicket | undefined> {
    const ticket = await this.tickets.get(ticketId);
    return ticket && assignable(ticket);
  }

  /** The full ticket at the version the decision was made on. */
  private async current(seen: AssignableTicket): Promise<Ticket> {
    const ticket = await this.tickets.get(seen.id);
    if (!ticket || ticket.version !== seen.version)
      throw new ConflictError(`Ticket ${seen.id} changed since the assigner read it.`, 'STALE_VERSION');
    return ticket;
  }

  private event(ticket: Ticket, at: string, body: Pick<TicketEvent, 'type' | 'data'>): TicketEvent {
    return {
      ...body,
      id: randomUUID(),
      ticketId: ticket.id,
      ticketType: ticket.type,
      at,
      actor: assigner,
      visibility: 'internal',
    } as TicketEvent;
  }

  async assign(seen: AssignableTicket, { decision, trigger, at }: AssignmentRecord): Promise<void> {
    if (decision.kind !== 'assign') throw new Error('assign takes an assignment decision');
    const ticket = await this.current(seen);
    const next: Ticket = {
      ...ticket,
      assigneeId: decision.assigneeId,
      lastAssigneeId: decision.assigneeId,
      version: ticket.version + 1,
      updatedAt: at,
    };
    const event = this.event(next, at, {
      type: 'TicketAutoAssigned',
      data: {
        team: decision.team,
        to: decision.assigneeId,
        from: ticket.assigneeId,
        load: decision.load,
        capacity: decision.capacity,
        trigger,
        reason: decision.reason,
      },
    });
    await this.tickets.autoAssign(next, ticket.version, [event]);
  }

  async enqueue(seen: AssignableTicket, entry: WaitingEntry, { decision, trigger, at }: AssignmentRecord) {
    const ticket = await this.current(seen);
    const next: Ticket = { ...ticket, version: ticket.version + 1, updatedAt: at };
    const event = this.event(next, at, {
      type: 'TicketQueued',
      data: { team: entry.team, deadline: entry.deadline, trigger, reason: decision.reason },
    });
    await this.tickets.enqueue(next, ticket.version, [event], entry);
  }
}
