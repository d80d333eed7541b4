import PostalMime, { type Address } from 'postal-mime';
import type { InboundMail, MailParser } from '../domain/inbound-mail.js';
import { htmlToText } from '../domain/reply-text.js';

const mailboxes = (list: readonly Address[] | undefined): string[] =>
  (list ?? []).flatMap((entry) =>
    entry.group ? entry.group.map((member) => member.address) : [entry.address],
  );

/** A bare address out of a header value such as `<reply+…@…>` or `Ann <ann@…>`. */
const bareAddress = (value: string): string => (/<([^>]*)>/.exec(value)?.[1] ?? value).trim();

/** Headers that mark mail written by a machine (RFC 3834, and the older Precedence header). */
function isAutomatic(headers: readonly { key: string; value: string }[], from: string | null): boolean {
  const value = (key: string) =>
    headers
      .find((header) => header.key === key)
      ?.value.trim()
      .toLowerCase();
  const autoSubmitted = value('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return true;
  if (['bulk', 'list', 'junk'].includes(value('precedence') ?? '')) return true;
  return from !== null && /^(mailer-daemon|postmaster)@/i.test(from);
}

/**
 * The mail parser on postal-mime (no dependencies; about 76 KB bundled, against more than 1 MB
 * for mailparser): MIME structure, transfer encodings, RFC 2047 headers and charsets such as
 * GB18030 through the runtime's TextDecoder. Attachments are counted, their bytes never kept.
 */
export class PostalMimeParser implements MailParser {
  async parse(raw: Uint8Array): Promise<InboundMail> {
    const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
    const from =
      mailboxes(email.from ? [email.from] : [])[0]
        ?.trim()
        .toLowerCase() || null;
    const deliveredTo = email.headers
      .filter((header) => header.key === 'delivered-to')
      .map((header) => bareAddress(header.value));
    const recipients = [...mailboxes(email.to), ...mailboxes(email.cc), ...deliveredTo]
      .map((address) => address.trim().toLowerCase())
      .filter((address) => address.includes('@'));
    const messageId = email.messageId ? bareAddress(email.messageId) : '';
    return {
      messageId: messageId === '' ? null : messageId,
      from,
      recipients: [...new Set(recipients)],
      subject: email.subject?.trim() ?? '',
      text: email.text ?? (email.html ? htmlToText(email.html) : ''),
      // Files the sender attached; inline parts (a logo in a signature, a pasted image) are not counted.
      attachments: email.attachments.filter(
        (part) =>
          part.disposition === 'attachment' ||
          (part.disposition === null && part.filename !== null && !part.related),
      ).length,
      automatic: isAutomatic(email.headers, from),
    };
  }
}
