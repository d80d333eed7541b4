import type { Clock } from '../../shared/clock.js';
import type { TicketRepository } from '../../tickets/domain/ticket-repository.js';
import type {
  CustomerAddressBook,
  DigestScheduler,
  DigestStore,
  ErasedCustomers,
  Mailer,
  SentLog,
  StaffDirectory,
  SuppressionList,
} from '../domain/ports.js';

export interface NotificationSettings {
  /** The From address (the notifications config). */
  readonly from: string;
  /** Base URL of the customer and agent frontends ; links are left out without it. */
  readonly appUrl: string | null;
  /** Signs survey tokens (the survey signing secret). */
  readonly surveySecret: string | null;
  /**
   * Signs the per-ticket reply address of customer email (the reply domain and the reply address
   * secret); without it customer email carries no Reply-To.
   */
  readonly reply: { readonly domain: string; readonly secret: string } | null;
}

export interface NotificationDeps {
  readonly tickets: Pick<TicketRepository, 'get'>;
  readonly staff: StaffDirectory;
  readonly mailer: Mailer;
  readonly sentLog: SentLog;
  readonly suppressions: SuppressionList;
  readonly erased: ErasedCustomers;
  /** Remembers who a new ticket's customer email goes to (mail to the support address is matched on it). */
  readonly addressBook: CustomerAddressBook;
  readonly digests: DigestStore;
  readonly digestScheduler: DigestScheduler;
  readonly clock: Clock;
  readonly settings: NotificationSettings;
}

/** Another delivery holds the claim right now: fail this one so that the queue brings it back later. */
export class DeliveryInProgressError extends Error {
  constructor(key: string) {
    super(`Email ${key} is being sent by another delivery; retry later.`);
    this.name = 'DeliveryInProgressError';
  }
}
