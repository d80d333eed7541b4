/** One received email, as the pipeline reads it (parsed from the raw RFC 822 message). */
export interface InboundMail {
  /** The Message-ID header without its angle brackets, if the message has one. */
  readonly messageId: string | null;
  /** The From address (lower case), if there is one. */
  readonly from: string | null;
  /** Every address in To, Cc and Delivered-To (lower case). */
  readonly recipients: readonly string[];
  readonly subject: string;
  /** The text body: the text/plain part, else the HTML part as text. */
  readonly text: string;
  /** Parts that are attachments (not read: see docs/adr/0016). */
  readonly attachments: number;
  /**
   * Written by a machine (Auto-Submitted other than `no`, `Precedence: bulk|list|junk`, or a
   * mailer-daemon sender): never answered with a bounce, which could loop.
   */
  readonly automatic: boolean;
}

/** Port: reads a raw RFC 822 message. */
export interface MailParser {
  parse(raw: Uint8Array): Promise<InboundMail>;
}
