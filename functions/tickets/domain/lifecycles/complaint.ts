import { defineLifecycle } from '../lifecycle.js';

/** Complaint: open until the complaint team resolves it; acknowledgement and routing join with the complaints workflow. */
export const complaintLifecycle = defineLifecycle({
  type: 'complaint',
  initialStatus: 'open',
  statuses: ['open', 'cancelled', 'pending_customer', 'resolved', 'closed'],
  workingStatuses: ['open'],
  cancellableFrom: ['open'],
  closableFrom: [],
});
