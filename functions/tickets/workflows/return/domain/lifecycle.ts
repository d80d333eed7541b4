import { ticketStatuses } from '../../../../kernel/ticket-kinds.js';
import { defineLifecycle } from '../../../domain/lifecycle.js';
import { retryRefund } from '../../refund/domain/steps.js';
import { appeal, approve, inspect, receive, reject, ship } from '../../steps.js';

/**
 * Return (RMA): requested → approved → awaiting_shipment → in_transit → received → inspected →
 * refunding → refunded → closed; rejected from requested or at inspection; the customer cancels
 * before in_transit. After approval the returns worker books the courier pickup (or issues
 * drop-off instructions); an accepted inspection makes the refund worker pay.
 */
export const returnLifecycle = defineLifecycle({
  type: 'return',
  initialStatus: 'requested',
  statuses: ticketStatuses.return,
  workingStatuses: ['requested', 'appealed', 'awaiting_shipment', 'in_transit', 'received', 'refund_failed'],
  cancellableFrom: ['requested', 'approved', 'awaiting_shipment'],
  closableFrom: ['refunded', 'rejected'],
  extraActions: {
    appeal,
    approve: approve(['requested', 'appealed']),
    reject: reject(['requested', 'appealed']),
    ship,
    receive,
    inspect,
    retry_refund: retryRefund,
  },
});
