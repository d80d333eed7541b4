import { logger } from '../../../../shared/observability.js';
import { queueConsumer } from '../../../../shared/queue-consumer.js';
import { ticketDeps } from '../../../compose.js';
import { ticketEventEnvelopeSchema } from '../../../contracts/events.js';
import { makeApplySystemStep } from '../../../use-cases/apply-system-step.js';
import { carrierClient } from '../compose.js';
import { makeAuthorizeReturn } from '../use-cases/authorize-return.js';

let authorize: ReturnType<typeof makeAuthorizeReturn> | undefined;

/** Consumer of the returns queue (returns, exchanges, repairs): approved goods may come back. */
export const handler = queueConsumer({
  schema: ticketEventEnvelopeSchema,
  handle: async (event) => {
    authorize ??= makeAuthorizeReturn({
      applyStep: makeApplySystemStep(ticketDeps()),
      carrier: await carrierClient(),
    });
    const result = await authorize(event.ticketId);
    logger.info('Return authorised', { ticketId: event.ticketId, moved: result !== null });
  },
});
