import { defineLifecycle } from '../lifecycle.js';

/**
 * Return (RMA): requested → approved → awaiting_shipment → in_transit → received → inspected →
 * refunding → refunded → closed; rejected from requested or inspected; the customer cancels
 * before in_transit. Approval, shipment and inspection actions join with the returns workflow.
 */
export const returnLifecycle = defineLifecycle({
  type: 'return',
  initialStatus: 'requested',
  statuses: [
    'requested',
    'approved',
    'awaiting_shipment',
    'in_transit',
    'received',
    'inspected',
    'refunding',
    'refunded',
    'rejected',
    'cancelled',
    'pending_customer',
    'resolved',
    'closed',
  ],
  workingStatuses: ['requested', 'approved', 'awaiting_shipment', 'in_transit', 'received', 'inspected'],
  cancellableFrom: ['requested', 'approved', 'awaiting_shipment'],
  closableFrom: ['refunded', 'rejected'],
});
