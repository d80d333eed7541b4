import { ticketStatuses } from '../../../../kernel/ticket-kinds.js';
import { defineLifecycle } from '../../../domain/lifecycle.js';

/**
 * Inquiry: open → answered (a public staff reply) → closed; the customer writing again makes it
 * open again. pending_customer while staff wait for details.
 */
export const inquiryLifecycle = defineLifecycle({
  type: 'inquiry',
  initialStatus: 'open',
  statuses: ticketStatuses.inquiry,
  workingStatuses: ['open', 'answered'],
  cancellableFrom: ['open'],
  closableFrom: ['answered'],
});
