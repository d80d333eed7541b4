import type { MailMessage } from '../domain/ports.js';
import { DeliveryInProgressError, type NotificationDeps } from './deps.js';

export type DeliveryOutcome = 'sent' | 'duplicate';

/**
 * Sends an email at most once per key in effect: claim (conditional write), send, record.
 * A failed send releases the claim and throws, so the queue retries. A claim left behind by a
 * crash between send and record goes stale and is taken again: such a crash may send twice,
 * never zero times (docs/adr/0005).
 */
export async function deliverOnce(
  { sentLog, mailer, clock }: Pick<NotificationDeps, 'sentLog' | 'mailer' | 'clock'>,
  key: string,
  build: () => MailMessage,
): Promise<DeliveryOutcome> {
  const claim = await sentLog.claim(key, clock.now());
  if (claim === 'sent') return 'duplicate';
  if (claim === 'in-progress') throw new DeliveryInProgressError(key);
  let messageId: string;
  let message: MailMessage;
  try {
    message = build();
    ({ messageId } = await mailer.send(message));
  } catch (error) {
    await sentLog.release(key).catch(() => undefined);
    throw error;
  }
  // Subject and kind stay with the entry: the customer's data export lists the emails sent.
  await sentLog.markSent(key, messageId, clock.now(), {
    subject: message.subject,
    kind: message.tags?.event ?? null,
  });
  return 'sent';
}
