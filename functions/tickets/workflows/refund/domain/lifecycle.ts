import { ticketStatuses } from '../../../../kernel/ticket-kinds.js';
import { defineLifecycle } from '../../../domain/lifecycle.js';
import { appeal, approve, reject } from '../../steps.js';
import { retryRefund } from './steps.js';

/**
 * Refund: requested → approved → refunding → refunded → closed; requested → rejected;
 * refunding → refund_failed (staff retry_refund or resolve); the customer cancels while requested.
 * An auto-approval rule approves with no staff step; the refund worker moves approved → refunding
 * → refunded through the payment gateway.
 */
export const refundLifecycle = defineLifecycle({
  type: 'refund',
  initialStatus: 'requested',
  statuses: ticketStatuses.refund,
  workingStatuses: ['requested', 'appealed', 'refund_failed'],
  cancellableFrom: ['requested'],
  closableFrom: ['refunded', 'rejected'],
  extraActions: {
    appeal,
    approve: approve(['requested', 'appealed']),
    reject: reject(['requested', 'appealed']),
    retry_refund: retryRefund,
  },
});
