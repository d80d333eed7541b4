import type * as z from 'zod/mini';
import type { ticketEventCatalog } from '../../../tickets/contracts/events.js';
import { ticketNumber } from '../../../tickets/domain/ticket-number.js';
import type { Block } from '../email.js';
import type { CustomerMailKind, StaffMailKind } from '../kinds.js';
import type { MailLocale } from '../locale.js';

type Catalog = typeof ticketEventCatalog;
export type EventData<K extends keyof Catalog> = z.output<Catalog[K]['data']>;

/** What templates know of a ticket: taken from the stored ticket when the email is written. */
export interface TicketFacts {
  readonly id: string;
  readonly type: 'refund' | 'return' | 'exchange' | 'repair' | 'complaint' | 'inquiry';
  readonly status: string;
  readonly priority: string;
  readonly team: string;
  readonly subject: string | null;
  readonly description: string;
  readonly items: readonly { readonly name: string; readonly quantity: number }[];
  readonly refund: { readonly amount: number; readonly currency: string } | null;
  readonly firstResponseDueAt: string | null;
  readonly resolutionDueAt: string | null;
  /** Business hours within which staff answer a customer's reply. */
  readonly replyWithinHours: number | null;
  readonly autoCloseAt: string | null;
}

export interface SurveyLinks {
  /** Link that records a CSAT score 1–5. */
  readonly csat: (score: number) => string;
  /** Link that records an NPS answer 0–10. */
  readonly nps: (score: number) => string;
}

export interface CustomerMailContext<K extends CustomerMailKind = CustomerMailKind> {
  readonly kind: K;
  readonly locale: MailLocale;
  readonly ticket: TicketFacts;
  readonly data: EventData<K>;
  /** When the event happened. */
  readonly at: string;
  readonly ticketUrl: string | null;
  readonly survey: SurveyLinks | null;
}

export interface StaffMailContext<K extends StaffMailKind = StaffMailKind> {
  readonly kind: K;
  readonly locale: MailLocale;
  readonly ticket: TicketFacts;
  readonly data: EventData<K>;
  readonly at: string;
  readonly recipientName: string;
  readonly timezone: string;
  readonly ticketUrl: string | null;
}

/** A short reference customers and agents can quote: the start of the ticket id. */
export function ticketRef(id: string): string {
  return `#${ticketNumber(id)}`;
}

export interface Words {
  readonly types: Readonly<Record<TicketFacts['type'], string>>;
  readonly metrics: Readonly<Record<'firstResponse' | 'nextResponse' | 'resolution', string>>;
  readonly subject: (ref: string, text: string) => string;
  readonly hello: string;
  readonly helloStaff: (name: string) => string;
  readonly signature: string;
  readonly staffSignature: string;
  readonly date: (iso: string) => string;
  readonly money: (amount: number, currency: string) => string;
  readonly openTicket: string;
  readonly labels: Readonly<
    Record<
      | 'ticket'
      | 'type'
      | 'items'
      | 'status'
      | 'priority'
      | 'team'
      | 'due'
      | 'carrier'
      | 'tracking'
      | 'booking'
      | 'window'
      | 'amount'
      | 'level',
      string
    >
  >;
}

export interface CustomerTemplate<K extends CustomerMailKind> {
  readonly subject: (c: CustomerMailContext<K>, w: Words) => string;
  readonly body: (c: CustomerMailContext<K>, w: Words) => Block[];
  readonly next: (c: CustomerMailContext<K>, w: Words) => string | null;
}
export type CustomerTemplates = { readonly [K in CustomerMailKind]: CustomerTemplate<K> };

export const quoteIf = (text: string | null | undefined): Block[] =>
  text && text.trim() !== '' ? [{ kind: 'quote', text }] : [];
export const itemsText = (ticket: TicketFacts, sep: string) =>
  ticket.items.map((item) => `${item.name} × ${item.quantity}`).join(sep);
