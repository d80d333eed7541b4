import { checkReplyAddress } from '../../notifications/domain/reply-address.js';

export interface Addressing {
  /** Per-ticket reply addresses: their domain and signing secret; null when replies are off. */
  readonly reply: { readonly domain: string; readonly secret: string } | null;
  /** The desk's own address: mail to it from a known customer opens an inquiry. */
  readonly supportAddress: string | null;
}

export type Destination =
  /** A reply address whose signature is ours. */
  | { readonly kind: 'reply'; readonly ticketId: string }
  /** A reply address of our domain with a signature that is not ours. */
  | { readonly kind: 'forged' }
  | { readonly kind: 'support' }
  /** None of our addresses (mail SES accepted for another rule, a misconfigured route). */
  | { readonly kind: 'none' };

/**
 * Where a received mail is going, from all its recipients (To, Cc, Delivered-To and the SMTP
 * envelope's): a valid reply address first, then a forged one, then the support address.
 * Several valid reply addresses (a customer answering two ticket emails at once) take the first.
 */
export function destinationOf(recipients: readonly string[], addressing: Addressing): Destination {
  let forged = false;
  let support = false;
  const supportAddress = addressing.supportAddress?.trim().toLowerCase() ?? null;
  for (const recipient of recipients) {
    const address = recipient.trim().toLowerCase();
    if (addressing.reply) {
      const check = checkReplyAddress(address, addressing.reply.secret, addressing.reply.domain);
      if (check.kind === 'valid') return { kind: 'reply', ticketId: check.ticketId };
      if (check.kind === 'forged') forged = true;
    }
    if (supportAddress !== null && address === supportAddress) support = true;
  }
  if (forged) return { kind: 'forged' };
  return support ? { kind: 'support' } : { kind: 'none' };
}

/** Addresses compare as the notifier stores them: trimmed, in lower case. */
export const sameAddress = (a: string | null, b: string | null): boolean =>
  a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
