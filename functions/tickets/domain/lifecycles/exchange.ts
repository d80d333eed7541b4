import { defineLifecycle } from '../lifecycle.js';

/** Exchange: opens as requested; the return-then-replacement states join with the returns workflow. */
export const exchangeLifecycle = defineLifecycle({
  type: 'exchange',
  initialStatus: 'requested',
  statuses: ['requested', 'cancelled', 'pending_customer', 'resolved', 'closed'],
  workingStatuses: ['requested'],
  cancellableFrom: ['requested'],
  closableFrom: [],
});
