import { httpHandler } from '../../shared/http/handler.js';
import { makeGetTicket } from '../../tickets/use-cases/get-ticket.js';
import { getTicket as route } from '../routes.js';
import { ticketViewDeps } from '../ticket-view-compose.js';

let getTicket: ReturnType<typeof makeGetTicket> | undefined;

export const handler = httpHandler(route, async (request) => {
  getTicket ??= makeGetTicket(ticketViewDeps());
  return { statusCode: 200, body: await getTicket(request.principal, request.path.ticketId) };
});
