import { httpHandler } from '../../../../shared/http/handler.js';
import { ticketDeps } from '../../../compose.js';
import { paymentGateway } from '../compose.js';
import { getRefundAttempt as route } from '../routes.js';
import { makeGetRefundAttempt } from '../use-cases/get-refund-attempt.js';

let getAttempt: ReturnType<typeof makeGetRefundAttempt> | undefined;

/** Staff: the gateway's state of the ticket's current payment attempt. */
export const handler = httpHandler(route, async (request) => {
  getAttempt ??= makeGetRefundAttempt({ tickets: ticketDeps().tickets, gateway: await paymentGateway() });
  return { statusCode: 200, body: await getAttempt(request.path.ticketId) };
});
