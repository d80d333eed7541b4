import type { MailLocale } from './locale.js';

/**
 * What a template produces: plain text in blocks. Nothing here is HTML; the renderer escapes
 * every value when it builds the HTML part, so no template can forget to.
 */
export type Block =
  | { readonly kind: 'paragraph'; readonly text: string }
  /** Words someone typed (a description, a message, a reason): shown quoted, never interpreted. */
  | { readonly kind: 'quote'; readonly text: string }
  | { readonly kind: 'facts'; readonly rows: readonly (readonly [string, string])[] }
  | { readonly kind: 'link'; readonly label: string; readonly url: string }
  | {
      readonly kind: 'choices';
      readonly prompt: string;
      readonly options: readonly { readonly label: string; readonly url: string }[];
    };

export interface EmailContent {
  readonly subject: string;
  readonly greeting: string;
  readonly blocks: readonly Block[];
  /** What happens next and by when. */
  readonly next: string | null;
  readonly signature: string;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** One email ready for the mailer. */
export interface OutgoingEmail extends RenderedEmail {
  readonly to: string;
  readonly locale: MailLocale;
}
