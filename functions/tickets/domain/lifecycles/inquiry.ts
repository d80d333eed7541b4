import { defineLifecycle } from '../lifecycle.js';

/** Inquiry: open → resolved → closed, with pending_customer while staff wait for an answer. */
export const inquiryLifecycle = defineLifecycle({
  type: 'inquiry',
  initialStatus: 'open',
  statuses: ['open', 'cancelled', 'pending_customer', 'resolved', 'closed'],
  workingStatuses: ['open'],
  cancellableFrom: ['open'],
  closableFrom: [],
});
