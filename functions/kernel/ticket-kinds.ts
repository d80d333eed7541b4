/**
 * The shared kernel of the desk: the kinds of ticket, the reasons a customer may give, the
 * channels and priorities. Plain data that every context may import (tickets and their workflows,
 * the SLA engine, the after-sales policy, reports, notifications); it imports nothing.
 */
export const ticketTypes = ['refund', 'return', 'exchange', 'repair', 'complaint', 'inquiry'] as const;
export type TicketType = (typeof ticketTypes)[number];

/** Types that concern goods of an order: they need `orderId` and `items`. */
export const orderBoundTypes: readonly TicketType[] = ['refund', 'return', 'exchange', 'repair'];

export const reasons = [
  'defective',
  'damaged_in_transit',
  'wrong_item',
  'not_as_described',
  'size_or_fit',
  'no_longer_needed',
  'late_delivery',
  'missing_item',
  /** The order has not left the warehouse (refunds only). */
  'not_shipped',
  /** Shipped but never reached the customer, even when marked delivered (refunds only). */
  'not_received',
  'service',
  'other',
] as const;
export type Reason = (typeof reasons)[number];

export const channels = ['web', 'app', 'email', 'phone', 'chat', 'wechat', 'social'] as const;
export type Channel = (typeof channels)[number];

export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

/** One step up the priority ladder; `urgent` stays `urgent`. */
export function raisedPriority(priority: Priority): Priority {
  return priorities[Math.min(priorities.indexOf(priority) + 1, priorities.length - 1)] ?? priority;
}

/** The statuses each type of ticket may be in (its lifecycle moves it between them). */
export const ticketStatuses = {
  refund: [
    'requested',
    'approved',
    'refunding',
    'refunded',
    'refund_failed',
    'rejected',
    'appealed',
    'cancelled',
    'pending_customer',
    'resolved',
    'closed',
  ],
  return: [
    'requested',
    'approved',
    'awaiting_shipment',
    'in_transit',
    'received',
    'inspected',
    'refunding',
    'refunded',
    'refund_failed',
    'rejected',
    'appealed',
    'cancelled',
    'pending_customer',
    'resolved',
    'closed',
  ],
  exchange: [
    'requested',
    'approved',
    'awaiting_shipment',
    'in_transit',
    'received',
    'inspected',
    'replacement_shipped',
    'rejected',
    'appealed',
    'cancelled',
    'pending_customer',
    'resolved',
    'closed',
  ],
  repair: [
    'requested',
    'approved',
    'awaiting_shipment',
    'in_transit',
    'received',
    'repairing',
    'repaired',
    'shipped_back',
    'rejected',
    'appealed',
    'cancelled',
    'pending_customer',
    'resolved',
    'closed',
  ],
  complaint: ['open', 'acknowledged', 'cancelled', 'pending_customer', 'resolved', 'closed'],
  inquiry: ['open', 'answered', 'cancelled', 'pending_customer', 'resolved', 'closed'],
} as const satisfies Record<TicketType, readonly string[]>;

/** The statuses of one type of ticket. */
export type TicketStatusOf<T extends TicketType> = (typeof ticketStatuses)[T][number];
/** Any ticket's status. */
export type TicketStatus = TicketStatusOf<TicketType>;
