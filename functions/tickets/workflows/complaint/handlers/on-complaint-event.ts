import { logger } from '../../../../shared/observability.js';
import { queueConsumer } from '../../../../shared/queue-consumer.js';
import { ticketDeps } from '../../../compose.js';
import { ticketEventEnvelopeSchema } from '../../../contracts/events.js';
import { makeApplySystemStep } from '../../../use-cases/apply-system-step.js';
import { acknowledgeComplaint } from '../domain/lifecycle.js';

let applyStep: ReturnType<typeof makeApplySystemStep> | undefined;

/** Consumer of the complaints queue: a new complaint is acknowledged at once into the complaint team's queue. */
export const handler = queueConsumer({
  schema: ticketEventEnvelopeSchema,
  handle: async (event) => {
    applyStep ??= makeApplySystemStep(ticketDeps());
    const result = await applyStep(event.ticketId, (ticket, now) =>
      ticket.status === 'open' ? acknowledgeComplaint(ticket, now) : null,
    );
    logger.info('Complaint acknowledged', { ticketId: event.ticketId, moved: result !== null });
  },
});
