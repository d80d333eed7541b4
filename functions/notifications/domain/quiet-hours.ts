import { addBusinessMs, type Calendar } from '../../sla/domain/calendar.js';

/**
 * When a staff alert may go out: at once inside the recipient's working hours, else at the
 * start of their next working stretch. Urgent alerts (a breach or escalation of an urgent
 * ticket, or one that pages operations) go out at once whatever the hour.
 */
export function deliverAt(calendar: Calendar, now: Date, urgent: boolean): Date {
  if (urgent) return now;
  // The instant at which 1 ms of working time has passed, less that 1 ms: now, or the next opening.
  return new Date(addBusinessMs(calendar, now, 1).getTime() - 1);
}

export function isUrgentStaffAlert(
  kind: string,
  priority: string,
  data: Readonly<Record<string, unknown>>,
): boolean {
  if (kind === 'SlaWarning') return false;
  // A workflow the watchdog gave up on has already alerted operations: staff hear at once too.
  if (kind === 'WorkflowStuck') return true;
  return priority === 'urgent' || data.alertOperations === true;
}
