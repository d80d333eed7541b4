import { type TicketEventEnvelope, ticketEventCatalog } from '../../tickets/contracts/events.js';
import { issueSurveyToken } from '../../tickets/domain/survey-token.js';
import type { Ticket } from '../../tickets/domain/ticket.js';
import type { EmailContent } from '../domain/email.js';
import { normalizeAddress } from '../domain/escape.js';
import type { MailLocale } from '../domain/locale.js';
import { deliverAt, isUrgentStaffAlert } from '../domain/quiet-hours.js';
import { type Recipient, recipientsOf } from '../domain/recipients.js';
import { renderEmail } from '../domain/render.js';
import { replyAddressFor } from '../domain/reply-address.js';
import type { StaffMember } from '../domain/staff.js';
import {
  type CustomerMailKind,
  customerEmail,
  type StaffMailKind,
  staffEmail,
  staffMailKinds,
  staffSummary,
  type TicketFacts,
} from '../domain/templates/index.js';
import { deliverOnce } from './deliver-once.js';
import type { NotificationDeps } from './deps.js';

export interface NotifyOutcome {
  sent: number;
  duplicates: number;
  suppressed: number;
  held: number;
}

function openDue(ticket: Ticket, metric: 'firstResponse' | 'resolution'): string | null {
  const clock = ticket.sla?.clocks?.[metric];
  return clock && !clock.completedAt ? clock.dueAt : null;
}

export function ticketFacts(ticket: Ticket): TicketFacts {
  const replyMinutes = ticket.sla?.targets?.nextResponseMinutes;
  return {
    id: ticket.id,
    type: ticket.type,
    status: ticket.status,
    priority: ticket.priority,
    team: ticket.team,
    subject: ticket.subject,
    description: ticket.description,
    items: ticket.items.map(({ name, quantity }) => ({ name, quantity })),
    refund: ticket.refund ? { amount: ticket.refund.amount, currency: ticket.refund.currency } : null,
    firstResponseDueAt: openDue(ticket, 'firstResponse'),
    resolutionDueAt: openDue(ticket, 'resolution'),
    replyWithinHours: replyMinutes ? Math.max(1, Math.round(replyMinutes / 60)) : null,
    autoCloseAt: ticket.autoCloseAt,
  };
}

export const staffZone = (member: StaffMember): string =>
  member.calendar === '24x7' ? 'UTC' : member.calendar.timezone;

/** The dedupe key of one email: the event and the recipient. */
export const emailKey = (eventId: string, address: string) => `${eventId}#${normalizeAddress(address)}`;

/**
 * Writes the emails one committed event causes: to the customer for customer-visible events,
 * to staff for SLA warnings, breaches and escalations. Each (event, recipient) is sent once in
 * effect; suppressed addresses and erased customers get nothing; staff alerts outside working
 * hours wait for a digest.
 */
export function makeNotifyEvent(deps: NotificationDeps) {
  const { tickets, staff, suppressions, erased, addressBook, digests, digestScheduler, clock, settings } =
    deps;
  const link = (path: string) => (settings.appUrl ? `${settings.appUrl.replace(/\/$/, '')}${path}` : null);

  function customerContent(
    event: TicketEventEnvelope,
    ticket: Ticket,
    kind: CustomerMailKind,
    locale: MailLocale,
  ) {
    const data = ticketEventCatalog[kind].data.parse(event.data);
    let survey = null;
    if (kind === 'SurveyRequested') {
      if (!settings.surveySecret)
        throw new Error('The survey signing secret is not set: the survey link cannot be signed');
      const token = issueSurveyToken(
        { ticketId: ticket.id, customerId: ticket.customerId },
        settings.surveySecret,
        clock.now(),
      );
      const base = link(`/survey?token=${encodeURIComponent(token)}`);
      survey = base
        ? {
            csat: (score: number) => `${base}&score=${score}`,
            nps: (score: number) => `${base}&nps=${score}`,
          }
        : null;
    }
    return customerEmail({
      kind,
      locale,
      ticket: ticketFacts(ticket),
      data: data as never,
      at: event.at,
      ticketUrl: link(`/tickets/${encodeURIComponent(ticket.id)}`),
      survey,
    });
  }

  function staffContext(
    event: TicketEventEnvelope,
    ticket: Ticket,
    kind: StaffMailKind,
    member: StaffMember,
  ) {
    const data = ticketEventCatalog[kind].data.parse(event.data);
    return {
      kind,
      locale: member.locale,
      ticket: ticketFacts(ticket),
      data: data as never,
      at: event.at,
      recipientName: member.name,
      timezone: staffZone(member),
      ticketUrl: link(`/tickets/${encodeURIComponent(ticket.id)}`),
    };
  }

  async function deliver(
    event: TicketEventEnvelope,
    recipient: Recipient,
    content: () => EmailContent,
    locale: MailLocale,
  ) {
    // A customer's reply to their email lands on the ticket (functions/email); staff answer in the desk.
    const replyTo =
      recipient.audience === 'customer' && settings.reply
        ? replyAddressFor(event.ticketId, settings.reply.secret, settings.reply.domain)
        : undefined;
    return deliverOnce(deps, emailKey(event.id, recipient.address), () => {
      const rendered = renderEmail(content(), locale);
      return {
        from: settings.from,
        to: recipient.address,
        ...(replyTo ? { replyTo } : {}),
        ...rendered,
        tags: { event: event.type, audience: recipient.audience },
      };
    });
  }

  return async (event: TicketEventEnvelope): Promise<NotifyOutcome> => {
    const outcome: NotifyOutcome = { sent: 0, duplicates: 0, suppressed: 0, held: 0 };
    const ticket = await tickets.get(event.ticketId);
    if (!ticket) return outcome;
    const needsStaff = (staffMailKinds as readonly string[]).includes(event.type);
    const recipients = recipientsOf(event, ticket, needsStaff ? await staff.list() : []);
    const failures: unknown[] = [];
    let customerErased: boolean | undefined;
    for (const recipient of recipients) {
      try {
        if (recipient.audience === 'customer') {
          customerErased ??= await erased.isErased(ticket.customerId);
          if (customerErased) {
            outcome.suppressed++;
            continue;
          }
        }
        if (await suppressions.isSuppressed(recipient.address)) {
          outcome.suppressed++;
          continue;
        }
        if (recipient.audience === 'customer') {
          // The address a new ticket is mailed at is the customer's (the shop's or a verified
          // one): mail from it to the support address is theirs (functions/email, ADR 16).
          if (event.type === 'TicketCreated') {
            await addressBook.remember(
              recipient.address,
              { customerId: ticket.customerId, locale: ticket.locale },
              clock.now(),
            );
          }
          const result = await deliver(
            event,
            recipient,
            () => customerContent(event, ticket, recipient.kind, recipient.locale),
            recipient.locale,
          );
          outcome[result === 'sent' ? 'sent' : 'duplicates']++;
          continue;
        }
        const { member } = recipient;
        const context = staffContext(event, ticket, recipient.kind, member);
        const now = clock.now();
        const sendAt = deliverAt(
          member.calendar,
          now,
          isUrgentStaffAlert(event.type, ticket.priority, event.data),
        );
        if (sendAt.getTime() > now.getTime()) {
          const alert = {
            eventId: event.id,
            address: normalizeAddress(recipient.address),
            sendAt: sendAt.toISOString(),
            ticketId: ticket.id,
            summary: staffSummary(context),
            at: event.at,
          };
          if (await digests.hold(alert)) await digestScheduler.schedule(alert, now);
          outcome.held++;
          continue;
        }
        const result = await deliver(event, recipient, () => staffEmail(context), member.locale);
        outcome[result === 'sent' ? 'sent' : 'duplicates']++;
      } catch (error) {
        failures.push(error);
      }
    }
    // Recipients already served are recorded as sent; a retry only reaches the ones that failed.
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1)
      throw new AggregateError(failures, `${failures.length} emails for event ${event.id} failed`);
    return outcome;
  };
}
