import type { Order } from '../../orders/domain/order.js';
import type { Ticket, TicketEvent } from '../../tickets/domain/ticket.js';
import type { CustomerErasedData, ErasureJob, JobRun } from './erasure.js';
import type { PersonalTicketField } from './tombstone.js';

/** A ticket as stored, with the mark its erasure leaves (`erasedAt`, null until then). */
export interface StoredTicket {
  readonly ticket: Ticket;
  readonly erasedAt: string | null;
}

/** A timeline entry as stored; `ref` locates it for the writer (opaque to the domain). */
export interface StoredEvent {
  readonly event: TicketEvent;
  readonly ref: string;
}

/** One entry of the notifier's sent log (`EMAIL#<eventId>#<address>`). */
export interface SentEmail {
  /** `<eventId>#<address>`: the key the notifier claims. */
  readonly key: string;
  readonly eventId: string;
  readonly address: string;
  /** `sending` is a claim whose send did not complete (yet). */
  readonly status: 'sending' | 'sent';
  readonly sentAt: string | null;
  /** Kept since the sent log records them; null for entries written before. */
  readonly subject: string | null;
  readonly kind: string | null;
}

export interface Suppression {
  readonly reason: 'bounce' | 'complaint';
  readonly at: string;
  /** Kept as an HMAC of the address (an erased customer's entry) rather than the address. */
  readonly hashed: boolean;
}

/** The mark an erasure leaves on a customer (`ERASED#<customerId>`). */
export interface ErasureMark {
  readonly customerId: string;
  readonly erasureId: string;
  readonly at: string;
}

/**
 * Port: what is held about one customer, read by key only — the customer's index (tickets and
 * orders), each ticket's partition, orders by id, sent-log and suppression entries by their
 * keys. Never a scan.
 */
export interface CustomerDataReader {
  /** The customer's tickets, newest first. */
  tickets(customerId: string): Promise<StoredTicket[]>;
  /** A ticket with its whole timeline (internal entries too), in timeline order. */
  ticketWithTimeline(ticketId: string): Promise<{ stored: StoredTicket; events: StoredEvent[] } | undefined>;
  /** The ids of the customer's orders, newest first. */
  orderIds(customerId: string): Promise<string[]>;
  order(orderId: string): Promise<Order | undefined>;
  /** The entries that exist among these (event, address) pairs. */
  sentEmails(pairs: readonly { eventId: string; address: string }[]): Promise<SentEmail[]>;
  /** The address's suppression, stored under the address or under its digest. */
  suppression(address: string, digest: string): Promise<Suppression | undefined>;
}

/**
 * Port: the writes of an erasure, one item each. Given a job run, each write also counts itself
 * on the job in the same transaction, so a counter never counts a step twice or misses one.
 * Every write is conditioned so that it changes nothing twice; `false` says the condition failed.
 */
export interface PersonalDataWriter {
  /** Conditioned on the version read; `false`: the ticket changed meanwhile (read it again). */
  eraseTicket(
    read: Ticket,
    erased: Pick<Ticket, PersonalTicketField>,
    at: string,
    run: JobRun | null,
  ): Promise<boolean>;
  /** `false`: the event was erased already. */
  eraseEvent(
    event: StoredEvent,
    data: Readonly<Record<string, unknown>>,
    at: string,
    run: JobRun | null,
  ): Promise<boolean>;
  /** Conditioned on the contact read; `false`: the order changed meanwhile (read it again). */
  eraseOrder(
    orderId: string,
    read: Pick<Order, 'customerEmail' | 'customerName'>,
    erased: Pick<Order, 'customerEmail' | 'customerName'>,
    at: string,
    run: JobRun | null,
  ): Promise<boolean>;
  /** Deletes a sent-log entry (its key names the address); `false`: gone already. */
  forgetSentEmail(key: string, at: string, run: JobRun | null): Promise<boolean>;
  /** Moves a suppression from the address to its digest; `false`: nothing under the address. */
  hashSuppression(address: string, digest: string, at: string, run: JobRun | null): Promise<boolean>;
}

/** Port: erasure jobs (`ERASURE#<id>`) and the customers' erasure marks (`ERASED#<customerId>`). */
export interface ErasureJobStore {
  get(erasureId: string): Promise<ErasureJob | undefined>;
  /** `false`: a job with this id exists. */
  create(job: ErasureJob): Promise<boolean>;
  /** Stores `next` (a new run) if the job still is as read; `false` otherwise. */
  restart(next: ErasureJob, read: ErasureJob): Promise<boolean>;
  /** The run starts (or resumes): `running`, the steps it plans. `false`: another run is current. */
  start(run: JobRun, plannedSteps: number, now: Date): Promise<boolean>;
  /** The run found more to do after a round (writes that lost a race, data that arrived). */
  addPlanned(run: JobRun, steps: number, now: Date): Promise<void>;
  /**
   * The run ends: `done`, and the `CustomerErased` event written in the same transaction (the
   * table's stream carries it out). `false`: the run is no longer current or already done.
   */
  finish(run: JobRun, event: CustomerErasedData, now: Date): Promise<boolean>;
  /** Marks the customer erased (first mark wins); from then on nothing is mailed to them. */
  markErased(mark: ErasureMark): Promise<void>;
}

/** Port: whether a customer was erased. The notifier asks before every email to a customer. */
export interface ErasedCustomers {
  isErased(customerId: string): Promise<boolean>;
  mark(customerId: string): Promise<ErasureMark | undefined>;
}

/** Port: the key of the address HMAC (a secret; the same for the notifier and the erasure). */
export interface AddressHashKey {
  key(): Promise<string>;
}
