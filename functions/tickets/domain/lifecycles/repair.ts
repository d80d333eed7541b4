import { defineLifecycle } from '../lifecycle.js';
import {
  appeal,
  approve,
  completeRepair,
  receive,
  reject,
  ship,
  shipBack,
  startRepair,
} from '../workflows.js';

/**
 * Repair: requested → approved → awaiting_shipment → in_transit → received → repairing →
 * repaired → shipped_back → (resolve) → closed; rejected from requested.
 */
export const repairLifecycle = defineLifecycle({
  type: 'repair',
  initialStatus: 'requested',
  statuses: [
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
  workingStatuses: [
    'requested',
    'appealed',
    'awaiting_shipment',
    'in_transit',
    'received',
    'repairing',
    'repaired',
    'shipped_back',
  ],
  cancellableFrom: ['requested', 'approved', 'awaiting_shipment'],
  closableFrom: ['shipped_back', 'rejected'],
  extraActions: {
    appeal,
    approve: approve(['requested', 'appealed']),
    reject: reject(['requested', 'appealed']),
    ship,
    receive,
    start_repair: startRepair,
    complete_repair: completeRepair,
    ship_back: shipBack,
  },
});
