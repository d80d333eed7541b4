import type { Classification } from '../../classification/domain/classifier.js';
import type { Channel, Priority, Reason, TicketStatus, TicketType } from '../../kernel/ticket-kinds.js';
import type { Role } from '../../shared/principal.js';
import type { TicketEventBody } from '../contracts/events.js';
import type { SlaState } from './sla.js';

export type ActorRole = Role | 'system';
export interface Actor {
  readonly id: string;
  readonly role: ActorRole;
}

export interface TicketItem {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export interface PickupRequest {
  readonly address: string;
  readonly window: { readonly from: string; readonly to: string };
}

export interface RefundSummary {
  /** Items plus shipping, minor units; computed from the order facts, never from the request. */
  readonly amount: number;
  readonly itemsAmount: number;
  readonly shippingAmount: number;
  /** Return postage reimbursed (drop-off, shop's fault), fixed when the refund starts. */
  readonly postageAmount: number;
  readonly currency: string;
  readonly status: 'pending' | 'approved' | 'processing' | 'issued' | 'failed' | 'cancelled';
  /**
   * Payment attempts so far; the gateway's idempotency key is `<ticketId>#<attempt>`. A new
   * attempt (and key) starts only after the gateway definitively refused the previous one.
   */
  readonly attempt: number;
  /**
   * The current attempt's outcome is unknown (timeout, 5xx, lost answer): it may have paid, so
   * every retry reuses its key and the ticket cannot be settled otherwise until it is known.
   */
  readonly outcomeUnknown?: boolean;
  readonly gatewayRefundId: string | null;
  /** A neutral sentence the customer may read; the gateway's own words stay in an internal event. */
  readonly failureReason: string | null;
  /** The auto-approval rule that approved it, if one did. */
  readonly approvedBy: string | null;
  /** When the one-click rules were judged and none matched (the refund waits for staff). */
  readonly judgedAt?: string | null;
}

/**
 * What this ticket claims on its order until it is refunded, completed or let go: units (every
 * refund, return, exchange and repair), the shipping fee, the money counted as approved and the
 * return postage promised.
 */
export interface Holds {
  readonly orderId: string;
  readonly lines: readonly {
    readonly sku: string;
    readonly quantity: number;
    /** Units bought: the ceiling of units claimed on the line. */
    readonly purchased: number;
    /** What the customer paid for these units (after the line's discount): the refund of the line. */
    readonly amount: number;
    /** What the whole line cost the customer: the ceiling of money refunded on it. */
    readonly paid: number;
  }[];
  readonly shipping: number;
  readonly shippingFee: number;
  /** Money counted in the order's approved total (0 until approved). */
  readonly approved?: number;
  /** Return postage counted in the order's postage total (0 until the refund starts). */
  readonly postage?: number;
}

/** The marketplaces' customer-protection timeouts a ticket may run (`platform-timeouts.ts`). */
export const timeoutRules = [
  'shopResponse',
  'customerShipReturn',
  'shopConfirmReceipt',
  'customerAppeal',
] as const;
export type TimeoutRule = (typeof timeoutRules)[number];

/** The platform timeout a ticket runs now (`platform-timeouts.ts`). */
export interface PlatformTimer {
  readonly rule: TimeoutRule | 'customerShipReminder';
  /** The status the timer belongs to: any other status ends it. */
  readonly status: string;
  /** When the waiting started (the rule's window counts from here). */
  readonly since: string;
  readonly dueAt: string;
  /** Fired and done (an escalation stays on the ticket until a person acts). */
  readonly fired: boolean;
}

/** The automated steps the watchdog waits for (`watchdog.ts`). */
export const watchSteps = [
  'auto-approval',
  'refund-start',
  'payment',
  'return-authorization',
  'complaint-acknowledgement',
] as const;
export type WatchStep = (typeof watchSteps)[number];

export interface Watch {
  readonly step: WatchStep;
  /** The status the watch belongs to: any other status ends it. */
  readonly status: string;
  /** The event whose processing the ticket waits for (re-published on a re-drive). */
  readonly trigger: string;
  readonly since: string;
  readonly dueAt: string;
  readonly redrives: number;
  /** Re-driven `maxRedrives` times and still waiting: operations were alerted; nothing more fires. */
  readonly alerted: boolean;
}

export interface Shipment {
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly at: string;
  /** When the carrier confirmed the parcel reached the shop (returns); starts shopConfirmReceipt. */
  readonly deliveredAt?: string | null;
  /** What the customer says the postage cost (returns by drop-off); reimbursed up to a cap. */
  readonly postage?: number | null;
}

export interface PickupBooking {
  readonly carrier: string;
  readonly bookingId: string;
  readonly window: { readonly from: string; readonly to: string };
}

export interface Inspection {
  readonly result: 'accepted' | 'rejected';
  readonly note: string | null;
  readonly at: string;
}

/** A ticket waiting in its team's queue, ordered by its nearest deadline. */
export interface WaitingEntry {
  readonly team: string;
  readonly ticketId: string;
  readonly deadline: string | null;
}

/** Open tickets count against their assignee's load; resolved, closed and cancelled ones do not. */
export function countsAsLoad(ticket: Pick<Ticket, 'status' | 'assigneeId'>): string | null {
  return ['resolved', 'closed', 'cancelled'].includes(ticket.status) ? null : ticket.assigneeId;
}

/** Whether its queue entry still stands: open, unassigned, and in the team it was queued in. */
export function stillWaiting(ticket: Ticket): boolean {
  const { waiting } = ticket;
  if (!waiting || ticket.assigneeId !== null || waiting.team !== ticket.team) return false;
  return !['resolved', 'closed', 'cancelled'].includes(ticket.status);
}

export interface Ticket {
  readonly id: string;
  readonly type: TicketType;
  /** One of its type's statuses (`ticketStatuses`). */
  readonly status: TicketStatus;
  readonly priority: Priority;
  readonly customerId: string;
  /** From the order facts (`standard` when unknown); SLA policies may match on it (VIP lane). */
  readonly customerTier: string;
  readonly customerEmail: string | null;
  readonly locale: string;
  readonly orderId: string | null;
  readonly channel: Channel;
  readonly reason: Reason;
  readonly subject: string | null;
  readonly description: string;
  readonly items: readonly TicketItem[];
  readonly currency: string | null;
  readonly returnMethod: 'pickup' | 'dropoff' | null;
  readonly pickup: PickupRequest | null;
  readonly refund: RefundSummary | null;
  readonly holds: Holds | null;
  /** The customer's parcel back to the shop (returns, exchanges, repairs). */
  readonly returnShipment: Shipment | null;
  readonly pickupBooking: PickupBooking | null;
  readonly inspection: Inspection | null;
  /** Goods going out to the customer: a replacement or a repaired item. */
  readonly outboundShipment: Shipment | null;
  /** Who opened the ticket: the customer, or staff on the customer's behalf (four eyes). */
  readonly openedBy?: string | null;
  /** An approval above the last approver's ceiling waits for this level. */
  readonly approvalNeeds?: 'supervisor' | 'admin' | null;
  /** The platform timeout running now (shop response, customer shipment, receipt, appeal). */
  readonly platformTimer?: PlatformTimer | null;
  /** When the customer appealed a rejection (once per ticket). */
  readonly appealedAt?: string | null;
  /** The automated step the ticket waits for, and by when (the watchdog re-drives it). */
  readonly watch?: Watch | null;
  /** Why staff rejected the request; the customer sees it. */
  readonly rejectionReason: string | null;
  /** The team whose queue holds the ticket: `support`, `complaints`, `escalations`… */
  readonly team: string;
  readonly assigneeId: string | null;
  /**
   * Whose load counter counts this ticket as stored (the staff item's `openAssigned`): the
   * assignee while it is open. The repository keeps it, and moves the counters when it changes,
   * in the ticket's own transaction; the domain never sets it.
   */
  readonly loadHolder?: string | null;
  /** Its entry in its team's queue while it waits for an agent (the assigner writes it). */
  readonly waiting?: WaitingEntry | null;
  /** Who had it when it was reopened (or was last auto-assigned): preferred when it comes back. */
  readonly lastAssigneeId?: string | null;
  readonly escalationLevel: number;
  /** Where `pending_customer` or `resolved` returns to. */
  readonly resumeStatus: TicketStatus | null;
  readonly sla: SlaState;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
  /** When a resolved ticket closes by itself unless reopened. */
  readonly autoCloseAt: string | null;
  /**
   * When a closed or cancelled ticket's personal data falls due for erasure (RETENTION_DAYS after
   * it closed); its due timer while terminal. Absent on tickets that never ended.
   */
  readonly retentionDueAt?: string | null;
  /** The customer's answer to the follow-up survey: one per ticket, after resolution. */
  readonly satisfaction?: Satisfaction | null;
  /**
   * The follow-up survey email of a resolved, unrated ticket: due SURVEY_DELAY_MINUTES after the
   * resolution, `sentAt` once the timer fired it. Derived in `settleTicket`, so a reopen, merge or
   * cancel drops it. Absent on tickets stored before the survey timer.
   */
  readonly survey?: SurveyTimer | null;
  /** What the classifier read in the customer's text at intake (staff only). */
  readonly classification?: Classification | null;
  /** Staff's labels (`tags.ts`): lower-case slugs, stored as a list; never shown to the customer. */
  readonly tags?: readonly string[];
  /** Closed by a merge into this ticket (ADR 15); its messages were copied there. */
  readonly mergedInto?: string | null;
}

export interface SurveyTimer {
  readonly dueAt: string;
  readonly sentAt: string | null;
}

/** CSAT (1–5) and NPS (0–10) for one ticket, kept for reports per ticket, agent and time. */
export interface Satisfaction {
  readonly score: number;
  readonly nps: number | null;
  readonly comment: string | null;
  readonly ratedAt: string;
  /** Who had the ticket when it was rated: reports count it for them. */
  readonly assigneeId: string | null;
  /** `survey` (the emailed link) or `account` (a logged-in customer). */
  readonly via: 'survey' | 'account';
}

export type Visibility = 'public' | 'internal';

/** One timeline entry. Every change of a ticket writes at least one, in the same transaction. */
export type TicketEvent = TicketEventBody & {
  readonly id: string;
  readonly ticketId: string;
  readonly ticketType: TicketType;
  readonly at: string;
  readonly actor: Actor;
  readonly visibility: Visibility;
};

export const terminalStatuses: readonly string[] = ['closed', 'cancelled'];

export function isTerminal(ticket: Pick<Ticket, 'status'>): boolean {
  return terminalStatuses.includes(ticket.status);
}
