import { httpHandler } from '../../shared/http/handler.js';
import { ticketDeps } from '../compose.js';
import { rateTicket as route } from '../routes.js';
import { makeRateTicket } from '../use-cases/rate-ticket.js';

let rateTicket: ReturnType<typeof makeRateTicket> | undefined;

export const handler = httpHandler(route, async (request) => {
  rateTicket ??= makeRateTicket(ticketDeps());
  const rating = await rateTicket({
    ticketId: request.path.ticketId,
    customerId: request.principal.id,
    answer: request.body,
    via: 'account',
  });
  return { statusCode: 201, body: rating };
});
