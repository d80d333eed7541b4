import { requireEnv } from '../../../../shared/env.js';
import { logger } from '../../../../shared/observability.js';
import { queueConsumer } from '../../../../shared/queue-consumer.js';
import { requireSecret } from '../../../../shared/secrets.js';
import { ticketDeps } from '../../../compose.js';
import { ticketEventEnvelopeSchema } from '../../../contracts/events.js';
import { makeApplySystemStep } from '../../../use-cases/apply-system-step.js';
import { HttpCarrier } from '../adapters/carrier.http.js';
import { makeAuthorizeReturn } from '../use-cases/authorize-return.js';

let authorize: ReturnType<typeof makeAuthorizeReturn> | undefined;

/** Consumer of the returns queue (returns, exchanges, repairs): approved goods may come back. */
export const handler = queueConsumer({
  schema: ticketEventEnvelopeSchema,
  handle: async (event) => {
    authorize ??= makeAuthorizeReturn({
      applyStep: makeApplySystemStep(ticketDeps()),
      carrier: new HttpCarrier(requireEnv('CARRIER_URL'), await requireSecret('CARRIER_SECRET')),
    });
    const result = await authorize(event.ticketId);
    logger.info('Return authorised', { ticketId: event.ticketId, moved: result !== null });
  },
});
