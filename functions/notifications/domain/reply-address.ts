import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The per-ticket reply address that every customer email carries as its Reply-To:
 * `reply+<ticketId>.<sig>@<domain>`, where `sig` is the first {@link REPLY_SIGNATURE_LENGTH} hex
 * digits of HMAC-SHA256(`reply:<ticketId>`) under the reply address secret. Hex rather than
 * base64url because mail systems may change the case of a local part; the comparison is done in
 * lower case and in constant time. 80 bits cannot be guessed by anyone who can only try one
 * email at a time and gets a bounce for each miss.
 */
export const REPLY_SIGNATURE_LENGTH = 20;
const LOCAL_PREFIX = 'reply+';

const signatureOf = (ticketId: string, secret: string) => {
  if (secret === '') throw new Error('The reply address secret is empty');
  return createHmac('sha256', secret)
    .update(`reply:${ticketId}`, 'utf8')
    .digest('hex')
    .slice(0, REPLY_SIGNATURE_LENGTH);
};

export function replyAddressFor(ticketId: string, secret: string, domain: string): string {
  return `${LOCAL_PREFIX}${ticketId}.${signatureOf(ticketId, secret)}@${domain.toLowerCase()}`;
}

export type ReplyAddressCheck =
  /** The address is a reply address of this domain and its signature is ours. */
  | { readonly kind: 'valid'; readonly ticketId: string }
  /** A reply address of this domain whose signature does not match: forged or mangled. */
  | { readonly kind: 'forged'; readonly ticketId: string }
  /** Not a reply address of this domain at all. */
  | { readonly kind: 'other' };

/** Ticket ids are UUIDs (lower-case hex and dashes); any lower-case id of letters, digits and dashes reads. */
const REPLY_LOCAL_PART = /^reply\+([0-9a-z-]{1,64})\.([0-9a-z]+)$/;

/** Reads one address: is it a reply address of `domain`, and is its signature ours? */
export function checkReplyAddress(address: string, secret: string, domain: string): ReplyAddressCheck {
  const normalized = address.trim().toLowerCase();
  const at = normalized.lastIndexOf('@');
  if (at < 0 || normalized.slice(at + 1) !== domain.toLowerCase()) return { kind: 'other' };
  const match = REPLY_LOCAL_PART.exec(normalized.slice(0, at));
  if (!match) {
    return normalized.startsWith(LOCAL_PREFIX) ? { kind: 'forged', ticketId: '' } : { kind: 'other' };
  }
  const ticketId = match[1] ?? '';
  const given = Buffer.from(match[2] ?? '', 'utf8');
  const expected = Buffer.from(signatureOf(ticketId, secret), 'utf8');
  const same = given.length === expected.length && timingSafeEqual(given, expected);
  return same ? { kind: 'valid', ticketId } : { kind: 'forged', ticketId };
}
