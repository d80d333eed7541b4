import type { TicketStatus } from '../../../../kernel/ticket-kinds.js';
import { ticketStatuses } from '../../../../kernel/ticket-kinds.js';
import { staffRoles } from '../../../../shared/principal.js';
import { type ActionDefinition, defineLifecycle } from '../../../domain/lifecycle.js';
import { appeal, approve, type Input, outbound, receive, reject, ship, step } from '../../steps.js';

export const shipBack = outbound('repaired', 'shipped_back', 'repaired');

const repairStep = (
  from: TicketStatus,
  to: TicketStatus,
  type: 'RepairStarted' | 'RepairCompleted',
): ActionDefinition => ({
  roles: staffRoles,
  fits: (t) => t.status === from,
  apply: ({ ticket, input, now }) => ({
    ticket: step(ticket, to, now),
    events: [{ type, visibility: 'public', data: { note: (input as Input<'start_repair'>).note ?? null } }],
  }),
});

export const startRepair = repairStep('received', 'repairing', 'RepairStarted');

export const completeRepair = repairStep('repairing', 'repaired', 'RepairCompleted');

/**
 * Repair: requested → approved → awaiting_shipment → in_transit → received → repairing →
 * repaired → shipped_back → (resolve) → closed; rejected from requested.
 */
export const repairLifecycle = defineLifecycle({
  type: 'repair',
  initialStatus: 'requested',
  statuses: ticketStatuses.repair,
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
