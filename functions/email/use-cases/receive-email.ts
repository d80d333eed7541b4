import { createHash } from 'node:crypto';
import type { ErasedCustomers, Mailer, SentLog, SuppressionList } from '../../notifications/domain/ports.js';
import { renderEmail } from '../../notifications/domain/render.js';
import { deliverOnce } from '../../notifications/use-cases/deliver-once.js';
import type { Clock } from '../../shared/clock.js';
import { ConflictError } from '../../shared/errors.js';
import type { Principal } from '../../shared/principal.js';
import { type CreateTicketRequest, createTicketRequestSchema } from '../../tickets/contracts/ticket.js';
import type { TicketEvent } from '../../tickets/domain/ticket.js';
import type { TicketRepository } from '../../tickets/domain/ticket-repository.js';
import type { CreateTicketOptions } from '../../tickets/use-cases/create-ticket.js';
import type { PostMessageInput, PostMessageOptions } from '../../tickets/use-cases/post-message.js';
import { type Addressing, destinationOf, sameAddress } from '../domain/addressing.js';
import { type BounceReason, bounceContent } from '../domain/bounce.js';
import type { InboundMail, MailParser } from '../domain/inbound-mail.js';
import { stripQuotedReply } from '../domain/reply-text.js';

/** The longest message a ticket takes (PostMessageRequest) and the longest inquiry description. */
export const MAX_REPLY_CHARACTERS = 10_000;
export const MAX_INQUIRY_CHARACTERS = 5000;
/** Raw mail above this is refused unread (only its header is parsed, to answer the sender). */
export const DEFAULT_MAX_INBOUND_BYTES = 10 * 1024 * 1024;

export interface InboundSettings {
  /** The From address of bounces (MAIL_FROM). */
  readonly from: string;
  readonly addressing: Addressing;
  readonly maxBytes: number;
}

export interface InboundDeps {
  readonly parser: MailParser;
  readonly tickets: Pick<TicketRepository, 'get'>;
  /** The ticket core's post-message use case. */
  readonly postMessage: (
    principal: Principal,
    ticketId: string,
    input: PostMessageInput,
    options: PostMessageOptions,
  ) => Promise<TicketEvent | undefined>;
  /** The ticket core's create-ticket use case. */
  readonly createTicket: (
    principal: Principal,
    request: CreateTicketRequest,
    options: CreateTicketOptions,
  ) => Promise<{ readonly id: string }>;
  readonly addressBook: {
    find(address: string): Promise<{ customerId: string; locale: string | null } | undefined>;
  };
  readonly erased: ErasedCustomers;
  readonly suppressions: Pick<SuppressionList, 'isSuppressed'>;
  readonly mailer: Mailer;
  readonly sentLog: SentLog;
  readonly clock: Clock;
  readonly settings: InboundSettings;
}

export interface InboundMessage {
  readonly raw: Uint8Array;
  /** The SMTP envelope's recipients (SES names them; a Bcc shows only there). */
  readonly envelopeRecipients?: readonly string[];
  /**
   * Whether the From address is the sender's own: on AWS, SES's SPF/DKIM/DMARC verdicts passed.
   * Mail that fails is dropped without a bounce (its From is likely forged, a bounce would hit
   * an innocent address).
   */
  readonly authenticated: boolean;
}

export type InboundOutcome =
  | { readonly outcome: 'posted'; readonly ticketId: string; readonly messageId: string }
  | { readonly outcome: 'opened'; readonly ticketId: string }
  | { readonly outcome: 'bounced'; readonly reason: BounceReason }
  | {
      readonly outcome: 'dropped';
      readonly reason:
        | 'no-sender'
        | 'unauthenticated'
        | 'not-ours'
        | 'own-address'
        | 'automatic'
        | 'suppressed';
      /** Why a bounce was wanted, when one was held back. */
      readonly bounce?: BounceReason;
    };

/** The header section of a raw message (up to the first empty line, at most 256 KB). */
function headerSection(raw: Uint8Array): Uint8Array {
  const limit = Math.min(raw.length, 256 * 1024);
  for (let index = 0; index < limit - 1; index++) {
    if (
      raw[index] === 0x0a &&
      (raw[index + 1] === 0x0a || (raw[index + 1] === 0x0d && raw[index + 2] === 0x0a))
    )
      return raw.subarray(0, index + 1);
  }
  return raw.subarray(0, limit);
}

/** What the sender wrote, and a note when they attached files (not taken by email: ADR 16). */
function replyBody(mail: InboundMail): string {
  const text = stripQuotedReply(mail.text);
  if (text === '' || mail.attachments === 0) return text;
  return `${text}\n\n[${mail.attachments} attachment(s) not added: please upload files on your ticket page. 附件（${mail.attachments} 个）未添加：请在工单页面上传。]`;
}

/**
 * Email as a channel: a received mail becomes the customer's message on the ticket whose reply
 * address it was sent to, or, sent to the support address by a known customer, a new inquiry.
 * Everything else gets a bounce and changes nothing: a forged or unknown reply address, a sender
 * who is not the ticket's customer, an unknown sender, an empty or oversized mail. The message is
 * posted through the ticket core's own use cases (lifecycle, SLA clocks, notifications) under an
 * idempotency key from the Message-ID, so a mail delivered twice posts once.
 */
export function makeReceiveEmail(deps: InboundDeps) {
  const { parser, tickets, settings } = deps;

  async function bounce(mail: InboundMail, sender: string, key: string, reason: BounceReason) {
    if (mail.automatic) return { outcome: 'dropped', reason: 'automatic', bounce: reason } as const;
    if (await deps.suppressions.isSuppressed(sender))
      return { outcome: 'dropped', reason: 'suppressed', bounce: reason } as const;
    await deliverOnce(deps, `inbound-bounce#${key}#${sender}`, () => ({
      from: settings.from,
      to: sender,
      ...renderEmail(bounceContent(reason, mail.subject), 'en'),
      tags: { event: 'InboundBounce', audience: 'sender' },
    }));
    return { outcome: 'bounced', reason } as const;
  }

  return async (message: InboundMessage): Promise<InboundOutcome> => {
    const tooLarge = message.raw.length > settings.maxBytes;
    const mail = await parser.parse(tooLarge ? headerSection(message.raw) : message.raw);
    const sender = mail.from;
    if (!sender) return { outcome: 'dropped', reason: 'no-sender' };
    if (!message.authenticated) return { outcome: 'dropped', reason: 'unauthenticated' };
    const ownDomain = settings.addressing.reply?.domain.toLowerCase();
    if (
      sameAddress(sender, settings.from) ||
      sameAddress(sender, settings.addressing.supportAddress) ||
      (ownDomain !== undefined && sender.endsWith(`@${ownDomain}`))
    ) {
      return { outcome: 'dropped', reason: 'own-address' };
    }
    const key = createHash('sha256')
      .update(mail.messageId ? `message-id:${mail.messageId}` : message.raw)
      .digest('hex');
    const destination = destinationOf(
      [...mail.recipients, ...(message.envelopeRecipients ?? [])],
      settings.addressing,
    );
    switch (destination.kind) {
      case 'none':
        return { outcome: 'dropped', reason: 'not-ours' };
      case 'forged':
        return bounce(mail, sender, key, 'unknown-address');
      case 'reply': {
        const ticket = await tickets.get(destination.ticketId);
        if (!ticket) return bounce(mail, sender, key, 'unknown-address');
        if (!sameAddress(ticket.customerEmail, sender)) return bounce(mail, sender, key, 'not-customer');
        if (tooLarge) return bounce(mail, sender, key, 'too-large');
        const body = replyBody(mail);
        if (body === '') return bounce(mail, sender, key, 'empty');
        if (body.length > MAX_REPLY_CHARACTERS) return bounce(mail, sender, key, 'too-large');
        const customer: Principal = { id: ticket.customerId, roles: new Set(['customer']), email: sender };
        try {
          const posted = await deps.postMessage(
            customer,
            ticket.id,
            { body, internal: false },
            { idempotencyKey: `email:${key}` },
          );
          return { outcome: 'posted', ticketId: ticket.id, messageId: posted?.id ?? '' };
        } catch (error) {
          if (error instanceof ConflictError && error.code === 'TICKET_CLOSED')
            return bounce(mail, sender, key, 'ticket-closed');
          throw error;
        }
      }
      case 'support': {
        const known = await deps.addressBook.find(sender);
        if (!known || (await deps.erased.isErased(known.customerId)))
          return bounce(mail, sender, key, 'unknown-sender');
        if (tooLarge) return bounce(mail, sender, key, 'too-large');
        const body = replyBody(mail);
        if (body === '') return bounce(mail, sender, key, 'empty');
        if (body.length > MAX_INQUIRY_CHARACTERS) return bounce(mail, sender, key, 'too-large');
        const customer: Principal = {
          id: known.customerId,
          roles: new Set(['customer']),
          email: sender,
          ...(known.locale ? { locale: known.locale } : {}),
        };
        const subject = mail.subject.replace(/\s+/g, ' ').trim().slice(0, 200);
        const request = createTicketRequestSchema().parse({
          type: 'inquiry',
          reason: 'other',
          ...(subject ? { subject } : {}),
          description: body,
          channel: 'email',
        });
        const opened = await deps.createTicket(customer, request, { idempotencyKey: `email:${key}` });
        return { outcome: 'opened', ticketId: opened.id };
      }
    }
  };
}
