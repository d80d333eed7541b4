import type { TicketType } from '../../kernel/ticket-kinds.js';
import type { OrderChanges } from './order-changes.js';
import type { Ticket, TicketEvent } from './ticket.js';
import type { TicketQuota } from './ticket-quota.js';
import type { TicketSearch, TicketSummaryPage } from './ticket-views.js';

/** A customer's own tickets, newest first (staff views are `search`). */
export type TicketScope = { readonly kind: 'customer'; readonly customerId: string };

export interface TicketQuery {
  readonly scope: TicketScope;
  readonly type?: TicketType | undefined;
  readonly status?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface TrackingClaim {
  readonly carrier: string;
  readonly trackingNumber: string;
}

/** One parcel, one key: carriers compare case-blind, tracking numbers upper-cased. */
export function trackingClaimKey(tracking: TrackingClaim): string {
  return `${tracking.carrier.trim().toLowerCase()}#${tracking.trackingNumber.trim().toUpperCase()}`;
}

/**
 * An event whose id was derived from a request's `Idempotency-Key` (a posted message): the
 * write that carries it claims the id on its ticket, so a second run of the request writes
 * nothing, whatever its idempotency record says.
 */
export interface OnceClaim {
  readonly eventId: string;
}

/** One ticket's side of a two-ticket write: its new state, the version it was read at, its events. */
export interface TicketChange {
  readonly ticket: Ticket;
  readonly expectedVersion: number;
  readonly events: readonly TicketEvent[];
}

/** Port: tickets and their timelines. Every write of a ticket and its events is one atomic step. */
export interface TicketRepository {
  get(ticketId: string): Promise<Ticket | undefined>;
  getWithTimeline(ticketId: string): Promise<{ ticket: Ticket; events: TicketEvent[] } | undefined>;
  /**
   * Writes a new ticket and its first events; fails if the id exists. With a `quota`, the same
   * atomic step counts the ticket against the customer's hour, or writes nothing when the hour's
   * tickets are used up (ConflictError `TICKET_QUOTA_USED`).
   */
  create(
    ticket: Ticket,
    events: readonly TicketEvent[],
    orderChanges?: OrderChanges,
    quota?: TicketQuota,
  ): Promise<void>;
  /**
   * Replaces the ticket if its stored version is still `expectedVersion`, together with its new
   * events, or writes nothing at all (ConflictError `STALE_VERSION`).
   */
  update(
    ticket: Ticket,
    expectedVersion: number,
    events: readonly TicketEvent[],
    orderChanges?: OrderChanges,
    /** Claims a return parcel's tracking number desk-wide (ConflictError `TRACKING_NUMBER_USED`). */
    tracking?: TrackingClaim,
    /** Lands this write at most once per ticket (ConflictError `EVENT_EXISTS` for a second). */
    once?: OnceClaim,
  ): Promise<void>;
  /**
   * A merge (ADR 15): both tickets and their events, and the source's order changes, in ONE
   * atomic write; each ticket conditioned on its version (ConflictError `STALE_VERSION`). Too
   * many items for one transaction is 422 `MERGE_TOO_LARGE`, and nothing is written.
   */
  merge(source: TicketChange, target: TicketChange, orderChanges?: OrderChanges): Promise<void>;
  /** A customer's list: summaries, as the customer index (GSI1) projects them. */
  list(query: TicketQuery): Promise<TicketSummaryPage>;
  /** A staff view or lookup, read from the index that serves it (summaries, as the index holds them). */
  search(query: TicketSearch): Promise<TicketSummaryPage>;
  /** The ticket whose return shipped with this tracking number of this carrier, if any. */
  ticketForTracking(tracking: TrackingClaim): Promise<string | undefined>;
}
