import { defineLifecycle } from '../lifecycle.js';

/**
 * Refund: requested → approved → refunding → refunded → closed; requested → rejected;
 * refunding → refund_failed; the customer cancels while requested.
 * Approval and payment actions join with the refunds workflow.
 */
export const refundLifecycle = defineLifecycle({
  type: 'refund',
  initialStatus: 'requested',
  statuses: [
    'requested',
    'approved',
    'refunding',
    'refunded',
    'refund_failed',
    'rejected',
    'cancelled',
    'pending_customer',
    'resolved',
    'closed',
  ],
  workingStatuses: ['requested', 'approved', 'refund_failed'],
  cancellableFrom: ['requested'],
  closableFrom: ['refunded', 'rejected'],
});
