import { defineLifecycle } from '../lifecycle.js';

/**
 * Complaint: open → acknowledged (at once, by the complaints worker, into the complaint team's
 * queue) → resolved (with a summary the customer sees) → closed.
 */
export const complaintLifecycle = defineLifecycle({
  type: 'complaint',
  initialStatus: 'open',
  statuses: ['open', 'acknowledged', 'cancelled', 'pending_customer', 'resolved', 'closed'],
  workingStatuses: ['open', 'acknowledged'],
  cancellableFrom: ['open', 'acknowledged'],
  closableFrom: [],
  requireResolutionSummary: true,
});
