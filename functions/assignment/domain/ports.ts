import type { Priority, TicketType } from '../../kernel/ticket-kinds.js';
import { ConflictError } from '../../shared/errors.js';
import type { WaitingEntry } from '../../staff/domain/ports.js';
import type { AssignmentDecision } from './assignment.js';

/** What the assigner needs of a ticket, read from the ticket core. */
export interface AssignableTicket {
  readonly id: string;
  readonly version: number;
  readonly type: TicketType;
  readonly language: string;
  readonly team: string;
  readonly priority: Priority;
  /** Not resolved, closed or cancelled. */
  readonly open: boolean;
  /** Whoever holds it now; their load counts it while it is open. */
  readonly assigneeId: string | null;
  /** Who held it before a reopen. */
  readonly lastAssigneeId: string | null;
  /** The nearest SLA deadline (ISO), the order of the team queue. */
  readonly deadline: string | null;
  /** Its entry in the team queue, while it waits there. */
  readonly waiting: WaitingEntry | null;
}

/** The timeline entry an assignment decision writes (event `TicketAutoAssigned` / `TicketQueued`). */
export interface AssignmentRecord {
  readonly decision: AssignmentDecision;
  /** What set the team: the routing rule's reason, or what freed room. */
  readonly trigger: string;
  readonly at: string;
}

/** The assignee's load counter did not admit one more (capacity reached, or no longer available). */
export class NoRoomError extends ConflictError {
  constructor(readonly staffId: string) {
    super(`${staffId} has no room for another ticket.`, 'NO_ROOM');
    this.name = 'NoRoomError';
  }
}

/**
 * Port to the ticket core. Each write is ONE transaction of the ticket (conditioned on
 * `ticket.version`, ConflictError `STALE_VERSION`), its timeline event and the staff items
 * built by `functions/staff/adapters/assignment-items.dynamodb.ts`:
 * - `assign`: the ticket gets `assigneeId`, the assignee's load +1 conditioned on
 *   `available AND load < capacity` (NoRoomError, code `NO_ROOM`, when that fails), and its waiting entry, if
 *   any, is deleted on condition it still exists (ConflictError `NOT_WAITING` when another
 *   assigner took it first).
 * - `enqueue`: the ticket records `waiting`, and the entry is put into the team queue (an entry
 *   it had in another team's queue is deleted in the same transaction).
 */
export interface TicketAssignments {
  get(ticketId: string): Promise<AssignableTicket | undefined>;
  assign(ticket: AssignableTicket, record: AssignmentRecord): Promise<void>;
  enqueue(ticket: AssignableTicket, entry: WaitingEntry, record: AssignmentRecord): Promise<void>;
}
