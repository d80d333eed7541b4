import type { Clock } from '../../shared/clock.js';
import type { SesEvent } from '../contracts/ses-events.js';
import type { SuppressionList } from '../domain/ports.js';

/**
 * SES feedback: a permanent bounce or a complaint suppresses the address for good; a transient
 * bounce (mailbox full, greylisting) does not. Returns the addresses suppressed.
 */
export function makeRecordFeedback({ suppressions, clock }: { suppressions: SuppressionList; clock: Clock }) {
  return async (event: SesEvent): Promise<string[]> => {
    const at = clock.now();
    if (event.eventType === 'Bounce' && 'bounce' in event) {
      if (event.bounce.bounceType !== 'Permanent') return [];
      for (const recipient of event.bounce.bouncedRecipients) {
        await suppressions.suppress(
          recipient.emailAddress,
          'bounce',
          at,
          recipient.diagnosticCode ?? event.bounce.bounceSubType ?? null,
        );
      }
      return event.bounce.bouncedRecipients.map((r) => r.emailAddress);
    }
    if (event.eventType === 'Complaint' && 'complaint' in event) {
      for (const recipient of event.complaint.complainedRecipients) {
        await suppressions.suppress(
          recipient.emailAddress,
          'complaint',
          at,
          event.complaint.complaintFeedbackType ?? null,
        );
      }
      return event.complaint.complainedRecipients.map((r) => r.emailAddress);
    }
    return [];
  };
}
