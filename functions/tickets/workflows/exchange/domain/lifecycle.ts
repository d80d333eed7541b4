import { ticketStatuses } from '../../../../kernel/ticket-kinds.js';
import { defineLifecycle } from '../../../domain/lifecycle.js';
import { appeal, approve, inspect, outbound, receive, reject, ship } from '../../steps.js';

export const shipReplacement = outbound('inspected', 'replacement_shipped', 'replacement');

/**
 * Exchange: requested → approved → awaiting_shipment → in_transit → received → inspected →
 * replacement_shipped → (resolve) → closed; rejected from requested or at inspection. The goods
 * come back first (pickup or drop-off, like a return); nothing is refunded.
 */
export const exchangeLifecycle = defineLifecycle({
  type: 'exchange',
  initialStatus: 'requested',
  statuses: ticketStatuses.exchange,
  workingStatuses: [
    'requested',
    'appealed',
    'awaiting_shipment',
    'in_transit',
    'received',
    'inspected',
    'replacement_shipped',
  ],
  cancellableFrom: ['requested', 'approved', 'awaiting_shipment'],
  closableFrom: ['replacement_shipped', 'rejected'],
  extraActions: {
    appeal,
    approve: approve(['requested', 'appealed']),
    reject: reject(['requested', 'appealed']),
    ship,
    receive,
    inspect,
    ship_replacement: shipReplacement,
  },
});
