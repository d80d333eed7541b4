import type { Lifecycle } from '../lifecycle.js';
import type { TicketType } from '../ticket.js';
import { complaintLifecycle } from './complaint.js';
import { exchangeLifecycle } from './exchange.js';
import { inquiryLifecycle } from './inquiry.js';
import { refundLifecycle } from './refund.js';
import { repairLifecycle } from './repair.js';
import { returnLifecycle } from './return.js';

export const lifecycles: Readonly<Record<TicketType, Lifecycle>> = {
  refund: refundLifecycle,
  return: returnLifecycle,
  exchange: exchangeLifecycle,
  repair: repairLifecycle,
  complaint: complaintLifecycle,
  inquiry: inquiryLifecycle,
};

export function lifecycleOf(type: TicketType): Lifecycle {
  return lifecycles[type];
}
