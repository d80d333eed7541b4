import type { TicketType } from '../../kernel/ticket-kinds.js';
import type { Lifecycle } from '../domain/lifecycle.js';
import { complaintLifecycle } from './complaint/domain/lifecycle.js';
import { exchangeLifecycle } from './exchange/domain/lifecycle.js';
import { inquiryLifecycle } from './inquiry/domain/lifecycle.js';
import { refundLifecycle } from './refund/domain/lifecycle.js';
import { repairLifecycle } from './repair/domain/lifecycle.js';
import { returnLifecycle } from './return/domain/lifecycle.js';

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
