import { defineLifecycle } from '../lifecycle.js';

/** Repair: opens as requested; the send-in, repair and send-back states join with the returns workflow. */
export const repairLifecycle = defineLifecycle({
  type: 'repair',
  initialStatus: 'requested',
  statuses: ['requested', 'cancelled', 'pending_customer', 'resolved', 'closed'],
  workingStatuses: ['requested'],
  cancellableFrom: ['requested'],
  closableFrom: [],
});
