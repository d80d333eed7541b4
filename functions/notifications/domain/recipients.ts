import type { TicketEventEnvelope } from '../../tickets/contracts/events.js';
import type { Ticket } from '../../tickets/domain/ticket.js';
import { isDeliverableAddress } from './escape.js';
import { type MailLocale, mailLocaleOf } from './locale.js';
import { type StaffMember, supervisesTeam } from './staff.js';
import {
  type CustomerMailKind,
  customerMailKinds,
  type StaffMailKind,
  staffMailKinds,
} from './templates/index.js';

export type Recipient =
  | {
      readonly audience: 'customer';
      readonly kind: CustomerMailKind;
      readonly address: string;
      readonly locale: MailLocale;
    }
  | {
      readonly audience: 'staff';
      readonly kind: StaffMailKind;
      readonly address: string;
      readonly member: StaffMember;
    };

const isCustomerKind = (type: string): type is CustomerMailKind =>
  (customerMailKinds as readonly string[]).includes(type);
const isStaffKind = (type: string): type is StaffMailKind =>
  (staffMailKinds as readonly string[]).includes(type);

/** Whether the customer hears of this event: public, a template exists, and it was not their own words. */
export function customerHears(
  event: TicketEventEnvelope,
): event is TicketEventEnvelope & { type: CustomerMailKind } {
  if (event.visibility !== 'public' || !isCustomerKind(event.type)) return false;
  // The customer's own messages and staff's internal notes are not mailed to the customer.
  if (event.type === 'MessageAdded') return event.actor.role !== 'customer' && event.data.internal !== true;
  return true;
}

/**
 * Who gets an email for an event: the ticket's customer for customer-visible events, and for
 * SLA and escalation events the assignee and/or the supervisors of the ticket's team (all
 * supervisors when the team has none of its own). Pure; the directory is passed in.
 */
export function recipientsOf(
  event: TicketEventEnvelope,
  ticket: Ticket,
  staff: readonly StaffMember[],
): Recipient[] {
  if (customerHears(event)) {
    if (!isDeliverableAddress(ticket.customerEmail)) return [];
    return [
      {
        audience: 'customer',
        kind: event.type,
        address: ticket.customerEmail,
        locale: mailLocaleOf(ticket.locale),
      },
    ];
  }
  if (!isStaffKind(event.type)) return [];
  const kind = event.type;
  const assignee = ticket.assigneeId ? staff.find((member) => member.id === ticket.assigneeId) : undefined;
  const supervisors = () => {
    const own = staff.filter(
      (member) => member.teams.includes(ticket.team) && supervisesTeam(member, ticket.team),
    );
    return own.length > 0 ? own : staff.filter((member) => supervisesTeam(member, ticket.team));
  };
  let members: StaffMember[];
  if (kind === 'TicketEscalated') {
    const notify = Array.isArray(event.data.notify) ? (event.data.notify as string[]) : ['supervisors'];
    members = [
      ...(notify.includes('assignee') && assignee ? [assignee] : []),
      ...(notify.includes('supervisors') || (notify.includes('assignee') && !assignee) ? supervisors() : []),
    ];
  } else if (kind === 'ApprovalEscalated') {
    // The level the approval now needs: the team's supervisors, or the admins.
    members =
      event.data.to === 'admin' ? staff.filter((member) => member.roles.includes('admin')) : supervisors();
  } else {
    members = assignee ? [assignee] : supervisors();
  }
  const seen = new Set<string>();
  return members
    .filter((member) => isDeliverableAddress(member.email) && !seen.has(member.id) && seen.add(member.id))
    .map((member) => ({ audience: 'staff', kind, address: member.email, member }));
}
