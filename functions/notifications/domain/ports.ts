import type { StaffMember } from './staff.js';
import type { DigestEntry } from './templates/index.js';

export interface MailMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Where replies go (a customer email's per-ticket reply address). */
  readonly replyTo?: string;
  /** Tags for the provider's event stream (bounces, complaints). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Port: sends one email. Throws on failure (throttling included): the caller retries. */
export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

export type ClaimResult = 'claimed' | 'sent' | 'in-progress';

/** What an export shows of a sent email: its subject and the event it told of. */
export interface SentEmailFacts {
  readonly subject: string;
  readonly kind: string | null;
}

/**
 * Port: the record of what was sent, one entry per (event, recipient). `claim` is a conditional
 * write: exactly one of concurrent or repeated deliveries gets `claimed`.
 */
export interface SentLog {
  claim(key: string, now: Date): Promise<ClaimResult>;
  /** Records the send; `what` (subject, kind) is kept for the customer's data export. */
  markSent(key: string, messageId: string, now: Date, what?: SentEmailFacts): Promise<void>;
  /** The send failed: forget the claim so that a retry sends. */
  release(key: string): Promise<void>;
}

/** Port: addresses that bounced permanently or complained; nothing more goes to them. */
export interface SuppressionList {
  isSuppressed(address: string): Promise<boolean>;
  suppress(address: string, reason: 'bounce' | 'complaint', at: Date, detail: string | null): Promise<void>;
}

/**
 * Port: customers whose data was erased (their erasure marks the customer first). Nothing is
 * mailed to them again, whatever address a ticket still names.
 */
export interface ErasedCustomers {
  isErased(customerId: string): Promise<boolean>;
}

/** A customer we mail at an address, as the customer address book keeps them. */
export interface KnownCustomer {
  readonly customerId: string;
  /** The locale of their last ticket, if it had one. */
  readonly locale: string | null;
}

/**
 * Port: the addresses we mail customers at, so that mail from one of them can be told apart
 * from a stranger's (an email to the support address opens an inquiry only for a known
 * customer). Kept under the address's keyed HMAC, never the address itself (ADR 16).
 */
export interface CustomerAddressBook {
  remember(address: string, customer: KnownCustomer, at: Date): Promise<void>;
  find(address: string): Promise<KnownCustomer | undefined>;
}

/** Port: who works here, their addresses, languages, teams and working hours. */
export interface StaffDirectory {
  list(): Promise<StaffMember[]>;
}

export interface HeldAlert extends DigestEntry {
  readonly eventId: string;
  readonly address: string;
  readonly sendAt: string;
}

/** Port: staff alerts held back outside working hours, sent as one digest when the day starts. */
export interface DigestStore {
  /** Keeps an alert; true when it is the first for (address, sendAt), i.e. a flush must be scheduled. */
  hold(alert: HeldAlert): Promise<boolean>;
  held(address: string, sendAt: string): Promise<HeldAlert[]>;
  clear(alerts: readonly HeldAlert[]): Promise<void>;
}

/** Port: wakes the notifier when a digest is due (a delayed queue message on AWS). */
export interface DigestScheduler {
  schedule(digest: { address: string; sendAt: string }, now: Date): Promise<void>;
}
